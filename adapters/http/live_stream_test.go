package httpapi_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangosession"
	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/adapters/realtime"
	applive "github.com/enquete/enquete/application/live"
)

// A member's stream gets every change, in order, with the actor and the
// object in its REST shape; comments name their entity.
func TestStreamDeliversChangesInOrder(t *testing.T) {
	ls := newLiveServer(t, applive.Options{})
	owner, viewer := ls.register("owner"), ls.register("vera")
	inv, code := ls.createInvestigation(owner, "Disparition")
	ls.addMember(inv, code, owner, viewer, "viewer") // viewers may watch

	s := openStream(t, ls.eventsURL(inv), bearer(viewer.token))
	_, joined := s.next()
	if joined.Type != "presence.joined" || joined.ObjectID != strconv.FormatInt(viewer.id, 10) ||
		joined.Object["online"] != true || joined.Object["username"] != "vera" {
		t.Errorf("first event = %+v; want vera's presence.joined", joined)
	}
	e1 := ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "Jean", "tags": []string{"Suspect"}})
	e2 := ls.createEntity(inv, owner, map[string]any{"type": "location", "title": "Gare"})
	ls.must(http.StatusOK, "PATCH", "/api/investigations/"+inv+"/entities/"+e1, owner.token, map[string]any{"title": "Jean D."})
	link := ls.createLink(inv, owner, e1, e2)
	comment := ls.createComment(inv, e1, owner, "Vu le 12")
	ls.must(http.StatusOK, "DELETE", "/api/investigations/"+inv+"/links/"+link, owner.token, nil)

	want := []struct{ typ, id string }{
		{"entity.created", e1}, {"entity.created", e2}, {"entity.updated", e1},
		{"link.created", link}, {"comment.created", comment}, {"link.deleted", link},
	}
	last := joined.Seq
	for i, w := range want {
		_, f := s.next()
		if f.Type != w.typ || f.ObjectID != w.id || f.Seq != last+1 || f.InvestigationID != inv {
			t.Fatalf("event %d = %s %s seq %d; want %s %s seq %d", i, f.Type, f.ObjectID, f.Seq, w.typ, w.id, last+1)
		}
		last = f.Seq
		if f.Actor == nil || f.Actor.ID != owner.id || f.Actor.Username != "owner" {
			t.Errorf("%s actor = %+v; want owner", f.Type, f.Actor)
		}
		if _, err := time.Parse(time.RFC3339Nano, f.At); err != nil {
			t.Errorf("%s at = %q: %v", f.Type, f.At, err)
		}
		switch w.typ {
		case "entity.updated":
			tags, _ := f.Object["tags"].([]any)
			if f.Object["title"] != "Jean D." || f.Object["created_by"] != "owner" || len(tags) != 1 {
				t.Errorf("entity.updated object = %v; want the entity as GET shows it", f.Object)
			}
		case "link.deleted":
			from, _ := f.Object["from_entity"].(map[string]any)
			if f.Object["id"] != link || from["id"] != e1 { // a deletion carries the object as it was
				t.Errorf("link.deleted object = %v", f.Object)
			}
		case "comment.created":
			author, _ := f.Object["author"].(map[string]any)
			if f.EntityID != e1 || f.Object["content"] != "Vu le 12" || author["username"] != "owner" {
				t.Errorf("comment.created = %+v", f)
			}
		}
	}
}

// Reconnecting with Last-Event-ID replays exactly what was missed, then
// goes on live; without it, the stream starts at the current end.
func TestStreamResumesWithoutLossOrDuplicates(t *testing.T) {
	ls := newLiveServer(t, applive.Options{})
	owner := ls.register("owner")
	inv, _ := ls.createInvestigation(owner, "Disparition")

	s := openStream(t, ls.eventsURL(inv), bearer(owner.token))
	ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "T1"})
	var lastID string
	for {
		ev, f := s.next()
		if f.Type == "entity.created" {
			lastID = ev.ID
			break
		}
	}
	s.close()
	for i := 2; i <= 4; i++ { // missed while disconnected
		ls.createEntity(inv, owner, map[string]any{"type": "person", "title": fmt.Sprintf("T%d", i)})
	}
	r := openStream(t, ls.eventsURL(inv), map[string]string{"Authorization": "Bearer " + owner.token, "Last-Event-ID": lastID})
	ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "T5"}) // live
	prev, _ := strconv.ParseInt(lastID, 10, 64)
	for i := 2; i <= 5; i++ {
		_, f := r.nextBoard()
		if f.Seq <= prev || f.Object["title"] != fmt.Sprintf("T%d", i) {
			t.Fatalf("after resume got %s %v (seq %d, previous %d); want T%d in order", f.Type, f.Object["title"], f.Seq, prev, i)
		}
		prev = f.Seq
	}

	// ?last_event_id= works like the header (for a first connection).
	q := openStream(t, ls.eventsURL(inv)+"?last_event_id="+lastID, bearer(owner.token))
	if _, f := q.nextBoard(); f.Object["title"] != "T2" {
		t.Errorf("?last_event_id resumed at %v; want T2", f.Object["title"])
	}
	// No resume point: only what happens from now on.
	n := openStream(t, ls.eventsURL(inv), bearer(owner.token))
	ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "T6"})
	if _, f := n.nextBoard(); f.Object["title"] != "T6" {
		t.Errorf("fresh stream started with %v; want T6", f.Object["title"])
	}
	// An id from the future (another database) resets.
	fut := openStream(t, ls.eventsURL(inv), map[string]string{"Authorization": "Bearer " + owner.token, "Last-Event-ID": "999999"})
	if ev, f := fut.next(); f.Type != applive.TypeReset || ev.Event != "reset" || f.Object != nil {
		t.Errorf("stream from a future id began with %+v; want a reset", f)
	}
}

func TestStreamAccess(t *testing.T) {
	ls := newLiveServer(t, applive.Options{})
	owner, outsider := ls.register("owner"), ls.register("eve")
	inv, _ := ls.createInvestigation(owner, "Disparition")
	other, _ := ls.createInvestigation(outsider, "Autre")
	for _, tc := range []struct {
		name   string
		url    string
		header map[string]string
		want   int
	}{
		{"no credentials", ls.eventsURL(inv), nil, http.StatusUnauthorized},
		{"bad token", ls.eventsURL(inv), bearer("nope"), http.StatusUnauthorized},
		{"non-member", ls.eventsURL(inv), bearer(outsider.token), http.StatusForbidden},
		{"unknown investigation", ls.eventsURL("00000000-0000-4000-8000-000000000000"), bearer(owner.token), http.StatusNotFound},
		{"bad Last-Event-ID", ls.eventsURL(inv), map[string]string{"Authorization": "Bearer " + owner.token, "Last-Event-ID": "x"}, http.StatusBadRequest},
		{"unknown ticket", ls.eventsURL(inv) + "?ticket=abc", nil, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if s, status := dialStream(t, tc.url, tc.header); status != tc.want {
				if s != nil {
					s.close()
				}
				t.Errorf("GET = %d; want %d", status, tc.want)
			}
		})
	}

	// The Django frontend's EventSource sends the session cookie.
	stored, err := ls.store.Users.ByID(t.Context(), owner.id)
	if err != nil {
		t.Fatal(err)
	}
	data := djangosession.Encode(testDjangoSecret, map[string]any{
		"_auth_user_id": strconv.FormatInt(owner.id, 10), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
		"_auth_user_hash": djangosession.AuthHash(testDjangoSecret, stored.PasswordHash()),
	}, time.Now())
	if err := ls.store.Sessions.Save(t.Context(), "sessionkeyoftheowner0123456789ab", data, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	openStream(t, ls.eventsURL(inv), map[string]string{"Cookie": "sessionid=sessionkeyoftheowner0123456789ab"})
	if _, status := dialStream(t, ls.eventsURL(inv), map[string]string{"Cookie": "sessionid=forged"}); status != http.StatusUnauthorized {
		t.Errorf("stream with a bad session cookie = %d; want 401", status)
	}

	// A ticket opens the stream once, for its investigation only, and only
	// members get one.
	ticket := func(u user, inv string) string {
		r := ls.must(http.StatusCreated, "POST", "/api/investigations/"+inv+"/events/ticket", u.token, nil)
		v := r.json(t)
		if _, err := time.Parse(time.RFC3339Nano, v["expires_at"].(string)); err != nil {
			t.Errorf("expires_at: %v", err)
		}
		return v["ticket"].(string)
	}
	tk := ticket(owner, inv)
	openStream(t, ls.eventsURL(inv)+"?ticket="+tk, nil)
	if _, status := dialStream(t, ls.eventsURL(inv)+"?ticket="+tk, nil); status != http.StatusUnauthorized {
		t.Errorf("second use of a ticket = %d; want 401", status)
	}
	if _, status := dialStream(t, ls.eventsURL(other)+"?ticket="+ticket(owner, inv), nil); status != http.StatusUnauthorized {
		t.Errorf("ticket used on another investigation = %d; want 401", status)
	}
	if r := ls.do("POST", "/api/investigations/"+inv+"/events/ticket", outsider.token, nil); r.status != http.StatusForbidden {
		t.Errorf("%s; want 403 for a non-member", r)
	}
}

// A member removed while connected gets their member.deleted event and the
// stream ends there: not even the new join code (the investigation.updated
// of the same transaction) reaches them.
func TestRevokedMembersStreamCloses(t *testing.T) {
	ls := newLiveServer(t, applive.Options{})
	owner, mallory := ls.register("owner"), ls.register("mallory")
	inv, code := ls.createInvestigation(owner, "Disparition")
	ls.addMember(inv, code, owner, mallory, "member")
	s := openStream(t, ls.eventsURL(inv), bearer(mallory.token))
	ls.must(http.StatusOK, "DELETE", fmt.Sprintf("/api/investigations/%s/members/%d", inv, mallory.id), owner.token, nil)
	_, f := s.nextBoard()
	if f.Type != "member.deleted" || f.ObjectID != strconv.FormatInt(mallory.id, 10) {
		t.Fatalf("event = %+v; want mallory's member.deleted", f)
	}
	for _, ev := range s.waitEnd() {
		if ev.Event != "" {
			t.Errorf("after revocation the stream sent %+v", ev)
		}
	}
	if _, status := dialStream(t, ls.eventsURL(inv), bearer(mallory.token)); status != http.StatusForbidden {
		t.Errorf("reconnection after revocation = %d; want 403", status)
	}
}

// An idle stream gets keep-alive comments; shutting the instance down ends
// its streams (so that a graceful shutdown is not held up).
func TestStreamKeepAliveAndShutdown(t *testing.T) {
	ls := newLiveServer(t, applive.Options{KeepAlive: 20 * time.Millisecond})
	owner := ls.register("owner")
	inv, _ := ls.createInvestigation(owner, "Disparition")
	s := openStream(t, ls.eventsURL(inv), bearer(owner.token))
	deadline := time.After(10 * time.Second)
	for got := false; !got; {
		select {
		case ev := <-s.events:
			got = ev.Comment == "keep-alive"
		case <-deadline:
			t.Fatal("no keep-alive comment within 10s")
		}
	}
	ls.live.CloseStreams()
	s.waitEnd()
}

// The server's read and write timeouts are meant for API calls: a stream
// outlives them (here, many times over) and still delivers.
func TestStreamOutlivesServerTimeouts(t *testing.T) {
	ls := newLiveServerWith(t, memory.NewStore(), realtime.NewLocal(), applive.Options{KeepAlive: 20 * time.Millisecond},
		func(srv *http.Server) { srv.ReadTimeout, srv.WriteTimeout = 100*time.Millisecond, 100*time.Millisecond })
	owner := ls.register("owner")
	inv, _ := ls.createInvestigation(owner, "Disparition")
	s := openStream(t, ls.eventsURL(inv), bearer(owner.token))
	deadline := time.After(30 * time.Second)
	for n := 0; n < 30; { // 30 keep-alives: 600ms at least, six times the timeouts
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("stream ended after %d keep-alives", n)
			}
			if ev.Comment == "keep-alive" {
				n++
			}
		case <-deadline:
			t.Fatal("not enough keep-alives within 30s")
		}
	}
	ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "still there"})
	if _, f := s.nextBoard(); f.Object["title"] != "still there" {
		t.Errorf("event = %+v; want the new entity", f)
	}
}

// Deleting the investigation ends its streams after investigation.deleted.
func TestStreamEndsWithTheInvestigation(t *testing.T) {
	ls := newLiveServer(t, applive.Options{})
	owner, ana := ls.register("owner"), ls.register("ana")
	inv, code := ls.createInvestigation(owner, "Disparition")
	ls.addMember(inv, code, owner, ana, "member")
	s := openStream(t, ls.eventsURL(inv), bearer(ana.token))
	ls.must(http.StatusOK, "DELETE", "/api/investigations/"+inv, owner.token, nil)
	_, f := s.nextBoard()
	if f.Type != "investigation.deleted" || f.ObjectID != inv || f.Object["title"] != "Disparition" {
		t.Fatalf("event = %+v; want investigation.deleted with the investigation as it was", f)
	}
	for _, ev := range s.waitEnd() {
		if ev.Event != "" {
			t.Errorf("after the deletion the stream sent %+v", ev)
		}
	}
}
