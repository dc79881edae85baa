package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"
)

type historyEntry struct {
	Seq   int64  `json:"seq"`
	At    string `json:"at"`
	Actor struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
	} `json:"actor"`
	Type     string                                 `json:"type"`
	ObjectID string                                 `json:"object_id"`
	IP       string                                 `json:"ip"`
	Changes  map[string]struct{ Before, After any } `json:"changes"`
	Hash     string                                 `json:"hash"`
}

type historyPage struct {
	History    []historyEntry `json:"history"`
	NextCursor *string        `json:"next_cursor"`
}

func (ls *lifecycleServer) history(inv string, token string, query string) historyPage {
	ls.t.Helper()
	path := "/api/investigations/" + inv + "/history"
	if query != "" {
		path += "?" + query
	}
	var p historyPage
	decode(ls.t, ls.must(http.StatusOK, "GET", path, token, nil), &p)
	return p
}

// find returns the newest entry of a type.
func find(t *testing.T, p historyPage, typ string) historyEntry {
	t.Helper()
	for _, e := range p.History {
		if e.Type == typ {
			return e
		}
	}
	t.Fatalf("no %s in the history %v", typ, types(p))
	return historyEntry{}
}

func types(p historyPage) []string {
	out := make([]string, len(p.History))
	for i, e := range p.History {
		out[i] = e.Type
	}
	return out
}

var isoUTC = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$`)

// TestHistoryRecordsEveryChange walks a board's life through the API and
// reads it back: who, what, when, from where, field by field, and the
// evidence files' chain of custody.
func TestHistoryRecordsEveryChange(t *testing.T) {
	ls := newLifecycleServer(t)
	alice := ls.register("alice")
	inv, _ := ls.createInvestigation(alice, "Affaire Dupont")
	ent := ls.createEntity(inv, alice, map[string]any{"type": "person", "title": "Jean Dupont"})
	ls.must(http.StatusOK, "PATCH", "/api/investigations/"+inv+"/entities/"+ent, alice.token, map[string]any{"title": "Jean Dupont (père)"})
	att := ls.createAttachment(inv, ent, alice, "scelle.txt", []byte("pièce à conviction"))
	base := "/api/investigations/" + inv + "/entities/" + ent + "/attachments/" + att
	ls.must(http.StatusOK, "GET", base+"/download", alice.token, nil)
	ls.must(http.StatusOK, "DELETE", base, alice.token, nil)

	p := ls.history(inv, alice.token, "")
	if p.NextCursor != nil || len(p.History) < 6 {
		t.Fatalf("history = %v, next %v; want every change on one page", types(p), p.NextCursor)
	}
	for i, e := range p.History {
		if i > 0 && e.Seq != p.History[i-1].Seq-1 {
			t.Errorf("seqs %d then %d; want newest first without gaps", p.History[i-1].Seq, e.Seq)
		}
		if e.Actor.ID != alice.id || e.Actor.Username != "alice" || e.IP != "192.0.2.1" || !isoUTC.MatchString(e.At) || len(e.Hash) != 64 {
			t.Errorf("entry %+v; want alice from 192.0.2.1, an isoformat UTC time and a SHA-256", e)
		}
	}
	upd := find(t, p, "entity.updated")
	if c := upd.Changes["entity.title"]; upd.ObjectID != ent || c.Before != "Jean Dupont" || c.After != "Jean Dupont (père)" {
		t.Errorf("entity.updated = %+v; want the title's before and after", upd)
	}
	if _, ok := upd.Changes["entity.kind"]; ok {
		t.Errorf("entity.updated lists an unchanged field: %v", upd.Changes)
	}
	if c := find(t, p, "entity.created").Changes["entity.title"]; c.Before != nil || c.After != "Jean Dupont" {
		t.Errorf("entity.created title = %+v; want after only", c)
	}
	for _, typ := range []string{"attachment.created", "attachment.downloaded", "attachment.deleted"} {
		if e := find(t, p, typ); e.ObjectID != att {
			t.Errorf("%s is about %s; want the attachment %s", typ, e.ObjectID, att)
		}
	}
	if c := find(t, p, "attachment.deleted").Changes["attachment.sha256"]; c.Before == nil || c.After != nil {
		t.Errorf("attachment.deleted sha256 = %+v; want the digest as before", c)
	}
	if rep, err := ls.audit().Verify(t.Context()); err != nil || !rep.OK() {
		t.Errorf("Verify = %v\n%s", err, rep)
	}
}

// TestHistoryAccess: owner and admin read the history; everyone else is
// refused, and unknown or malformed ids are 404.
func TestHistoryAccess(t *testing.T) {
	ls := newLifecycleServer(t)
	owner := ls.register("owner")
	inv, code := ls.createInvestigation(owner, "Affaire")
	roles := map[string]int{"admin": 200, "member": 403, "viewer": 403}
	for role, want := range roles {
		u := ls.register(role)
		ls.addMember(inv, code, owner, u, role)
		r := ls.do("GET", "/api/investigations/"+inv+"/history", u.token, nil)
		if want == 200 && r.status != 200 {
			t.Errorf("as %s: %s; want 200", role, r)
		} else if want != 200 {
			wantError(t, r, want, "")
		}
	}
	ls.must(http.StatusOK, "GET", "/api/investigations/"+inv+"/history", owner.token, nil)
	stranger := ls.register("stranger")
	path := "/api/investigations/" + inv + "/history"
	wantError(t, ls.do("GET", path, stranger.token, nil), http.StatusForbidden, "")
	wantError(t, ls.do("GET", path, "", nil), http.StatusUnauthorized, "Authentication required")
	wantError(t, ls.do("GET", path, "not.a.jwt", nil), http.StatusUnauthorized, "Invalid token")
	wantError(t, ls.do("GET", "/api/investigations/00000000-0000-4000-8000-000000000000/history", owner.token, nil), http.StatusNotFound, "")
	wantError(t, ls.do("GET", "/api/investigations/not-a-uuid/history", owner.token, nil), http.StatusNotFound, "")
	wantError(t, ls.do("POST", path, owner.token, nil), http.StatusMethodNotAllowed, "")
}

func TestHistoryFilters(t *testing.T) {
	ls := newLifecycleServer(t)
	alice, bob := ls.register("alice"), ls.register("bob")
	inv, code := ls.createInvestigation(alice, "Affaire")
	ls.addMember(inv, code, alice, bob, "admin")
	a := ls.createEntity(inv, alice, map[string]any{"type": "person", "title": "A"})
	b := ls.createEntity(inv, bob, map[string]any{"type": "person", "title": "B"})
	link := ls.createLink(inv, bob, a, b)
	ls.createComment(inv, a, bob, "vu au marché")
	all := ls.history(inv, alice.token, "").History

	objects := func(p historyPage) []string {
		var out []string
		for _, e := range p.History {
			out = append(out, e.Type+" "+e.ObjectID)
		}
		return out
	}
	// Entity a: its creation, the link to it, the comment on it.
	got := objects(ls.history(inv, alice.token, "entity="+a))
	if len(got) != 3 || !slices.Contains(got, "link.created "+link) || !slices.Contains(got, "entity.created "+a) {
		t.Errorf("entity=a: %v; want its creation, the link and the comment", got)
	}
	for _, e := range ls.history(inv, alice.token, fmt.Sprintf("user=%d", bob.id)).History {
		if e.Actor.ID != bob.id {
			t.Errorf("user=bob returned %+v", e)
		}
	}
	// from/to bracket one record's time exactly (any ISO form works).
	mid := all[2]
	p := ls.history(inv, alice.token, "from="+url.QueryEscape(mid.At)+"&to="+url.QueryEscape(mid.At))
	if len(p.History) != 1 || p.History[0].Seq != mid.Seq {
		t.Errorf("from=to=%s: %v; want seq %d alone", mid.At, types(p), mid.Seq)
	}
	// Pages of 2 walk the whole history once.
	var seqs []int64
	query := "limit=2"
	for range len(all) {
		p := ls.history(inv, alice.token, query)
		for _, e := range p.History {
			seqs = append(seqs, e.Seq)
		}
		if p.NextCursor == nil {
			break
		}
		query = "limit=2&cursor=" + url.QueryEscape(*p.NextCursor)
	}
	if len(seqs) != len(all) || seqs[0] != all[0].Seq || seqs[len(seqs)-1] != 1 {
		t.Errorf("paged seqs %v; want %d records from %d down to 1", seqs, len(all), all[0].Seq)
	}
	if p := ls.history(inv, alice.token, "limit=500"); len(p.History) != len(all) {
		t.Errorf("limit=500: %d records; want %d", len(p.History), len(all))
	}
}

func TestHistoryBadQueries(t *testing.T) {
	ls := newLifecycleServer(t)
	alice := ls.register("alice")
	inv, _ := ls.createInvestigation(alice, "Affaire")
	for _, c := range []struct{ query, message string }{
		{"limit=0", "limit: must be between 1 and 500"},
		{"limit=501", "limit: must be between 1 and 500"},
		{"limit=ten", "limit: must be between 1 and 500"},
		{"limit=", "limit: must be between 1 and 500"},
		{"user=bob", "user: must be a user id"},
		{"user=0", "user: must be a user id"},
		{"user=-3", "user: must be a user id"},
		{"from=yesterday", "from: must be an ISO 8601 datetime"},
		{"to=2025-13-01", "to: must be an ISO 8601 datetime"},
		{"from=2025-11-27&to=2025-11-26", "to: must not be before from"},
		{"entity=x'%20OR%201=1", "entity: must be an id"},
		{"entity=007", "entity: must be an id"},
		{"cursor=abc", "cursor: is not a cursor of this history"},
		{"cursor=" + url.QueryEscape("aDE6LTE"), "cursor: is not a cursor of this history"},
	} {
		r := ls.do("GET", "/api/investigations/"+inv+"/history?"+c.query, alice.token, nil)
		wantError(t, r, http.StatusBadRequest, c.message)
	}
}

// TestHistoryAddress: the recorded address is the client's, taken from
// X-Forwarded-For only when the proxy sending it is trusted.
func TestHistoryAddress(t *testing.T) {
	for _, c := range []struct {
		name    string
		trusted []string
		want    string
	}{
		{"untrusted proxy", nil, "192.0.2.1"},
		{"trusted proxy", []string{"192.0.2.0/24"}, "198.51.100.9"},
	} {
		ls := newLifecycleServer(t, c.trusted...)
		alice := ls.register("alice")
		r := ls.send(request{method: "POST", path: "/api/investigations", token: alice.token,
			body: map[string]string{"title": "Affaire"}, header: map[string]string{"X-Forwarded-For": "198.51.100.9"}})
		inv := r.json(t)["id"].(string)
		if e := find(t, ls.history(inv, alice.token, ""), "investigation.created"); e.IP != c.want {
			t.Errorf("%s: ip %q; want %q", c.name, e.IP, c.want)
		}
	}
}

// TestHistorySurvivesDeletion: once the investigation is deleted its
// history is no longer served (there is no investigation to be owner of),
// but every record stays, the deletion's included, and the chain holds.
func TestHistorySurvivesDeletion(t *testing.T) {
	ls := newLifecycleServer(t)
	alice := ls.register("alice")
	inv, _ := ls.createInvestigation(alice, "Affaire")
	ls.createEntity(inv, alice, map[string]any{"type": "person", "title": "A"})
	ls.must(http.StatusOK, "DELETE", "/api/investigations/"+inv, alice.token, nil)
	wantError(t, ls.do("GET", "/api/investigations/"+inv+"/history", alice.token, nil), http.StatusNotFound, "")
	rep, err := ls.audit().Verify(t.Context())
	if err != nil || !rep.OK() || rep.Records < 3 {
		t.Errorf("Verify after deletion = %v\n%s; want the records kept and intact", err, rep)
	}
}

// TestHistoryEntityDeletionKeepsCustody: deleting an entity deletes its
// evidence files too, and each one's deletion is on record.
func TestHistoryEntityDeletionKeepsCustody(t *testing.T) {
	ls := newLifecycleServer(t)
	alice := ls.register("alice")
	inv, _ := ls.createInvestigation(alice, "Affaire")
	ent := ls.createEntity(inv, alice, map[string]any{"type": "evidence", "title": "Scellé 1"})
	att := ls.createAttachment(inv, ent, alice, "photo.txt", []byte("contenu"))
	ls.must(http.StatusOK, "DELETE", "/api/investigations/"+inv+"/entities/"+ent, alice.token, nil)
	p := ls.history(inv, alice.token, "entity="+ent)
	del := find(t, p, "attachment.deleted")
	if del.ObjectID != att || del.Changes["attachment.sha256"].Before == nil {
		t.Errorf("attachment.deleted = %+v; want the attachment with its digest as before", del)
	}
	if got := types(p); len(got) < 3 || got[0] != "entity.deleted" || got[1] != "attachment.deleted" {
		t.Errorf("entity history = %v; want entity.deleted after attachment.deleted", got)
	}
}
