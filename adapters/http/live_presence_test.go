package httpapi_test

import (
	"net/http"
	"strconv"
	"testing"

	applive "github.com/enquete/enquete/application/live"
)

// online reads one member's "online" in a member or presence list.
func (ls *liveServer) online(list string, inv string, viewer user, id int64) bool {
	ls.t.Helper()
	var out struct {
		Members []struct {
			ID     int64 `json:"id"`
			Online bool  `json:"online"`
		} `json:"members"`
	}
	decode(ls.t, ls.must(http.StatusOK, "GET", "/api/investigations/"+inv+"/"+list, viewer.token, nil), &out)
	for _, m := range out.Members {
		if m.ID == id {
			return m.Online
		}
	}
	ls.t.Fatalf("member %d not in the %s list", id, list)
	return false
}

// A member with an open stream is online without heartbeats; joining and
// leaving are events, once per member whatever their number of tabs; the
// heartbeat still makes old clients online.
func TestPresenceFromStreams(t *testing.T) {
	ls := newLiveServer(t, applive.Options{})
	owner, ana, bob := ls.register("owner"), ls.register("ana"), ls.register("bob")
	inv, code := ls.createInvestigation(owner, "Disparition")
	ls.addMember(inv, code, owner, ana, "member")
	ls.addMember(inv, code, owner, bob, "viewer")
	watch := openStream(t, ls.eventsURL(inv), bearer(owner.token))
	if _, f := watch.next(); f.Type != "presence.joined" || f.ObjectID != strconv.FormatInt(owner.id, 10) {
		t.Fatalf("first event = %+v; want the owner's own presence.joined", f)
	}
	for _, list := range []string{"presence", "members"} {
		if ls.online(list, inv, owner, ana.id) {
			t.Errorf("%s: ana online before connecting", list)
		}
	}

	tab1 := openStream(t, ls.eventsURL(inv), bearer(ana.token))
	tab2 := openStream(t, ls.eventsURL(inv), bearer(ana.token))
	_, f := watch.next()
	if f.Type != "presence.joined" || f.ObjectID != strconv.FormatInt(ana.id, 10) || f.Object["username"] != "ana" {
		t.Fatalf("event = %+v; want ana's presence.joined", f)
	}
	for _, list := range []string{"presence", "members"} {
		if !ls.online(list, inv, bob, ana.id) {
			t.Errorf("%s: ana offline with two open streams", list)
		}
	}
	tab1.close()
	ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "marker"})
	if _, f := watch.next(); f.Type != "entity.created" {
		t.Errorf("after one tab of two closed: %+v; want no presence event before the marker", f)
	}
	tab2.close()
	if _, f := watch.next(); f.Type != "presence.left" || f.ObjectID != strconv.FormatInt(ana.id, 10) || f.Object["online"] != false {
		t.Errorf("event = %+v; want ana's presence.left", f)
	}
	if ls.online("presence", inv, owner, ana.id) {
		t.Error("ana online after closing her streams")
	}

	// Old clients: the heartbeat alone still counts.
	ls.must(http.StatusOK, "POST", "/api/investigations/"+inv+"/presence", bob.token, nil)
	if !ls.online("presence", inv, owner, bob.id) {
		t.Error("bob offline right after a heartbeat")
	}
}
