package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	applive "github.com/enquete/enquete/application/live"
)

// Polled lists answer 304 while unchanged, and 200 with a new ETag once
// something changed.
func TestListsAnswerNotModified(t *testing.T) {
	ls := newLiveServer(t, applive.Options{})
	owner, eve := ls.register("owner"), ls.register("eve")
	inv, _ := ls.createInvestigation(owner, "Disparition")
	e1 := ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "Jean"})
	e2 := ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "Paul"})
	ls.createLink(inv, owner, e1, e2)
	base := "/api/investigations/" + inv
	for _, list := range []string{"/entities", "/links", "/members", "/presence"} {
		t.Run(list, func(t *testing.T) {
			first := ls.must(http.StatusOK, "GET", base+list, owner.token, nil)
			tag := first.header.Get("ETag")
			if tag == "" || first.header.Get("Cache-Control") != "private, no-cache" {
				t.Fatalf("%s: ETag %q, Cache-Control %q", first, tag, first.header.Get("Cache-Control"))
			}
			again := ls.send(request{method: "GET", path: base + list, token: owner.token, header: map[string]string{"If-None-Match": tag}})
			if again.status != http.StatusNotModified || len(again.body) != 0 || again.header.Get("ETag") != tag {
				t.Errorf("%s with If-None-Match = %d %q (ETag %q); want an empty 304", list, again.status, again.body, again.header.Get("ETag"))
			}
			weak := ls.send(request{method: "GET", path: base + list, token: owner.token, header: map[string]string{"If-None-Match": `"other", W/` + tag}})
			if weak.status != http.StatusNotModified {
				t.Errorf("%s with a list and a weak tag = %d; want 304", list, weak.status)
			}
			stale := ls.send(request{method: "GET", path: base + list, token: owner.token, header: map[string]string{"If-None-Match": `"stale"`}})
			if stale.status != http.StatusOK || string(stale.body) != string(first.body) {
				t.Errorf("%s with a stale tag = %d; want the list again", list, stale.status)
			}
			// A non-member gets the error, untagged, whatever they send.
			denied := ls.send(request{method: "GET", path: base + list, token: eve.token, header: map[string]string{"If-None-Match": tag}})
			if denied.status != http.StatusForbidden || denied.header.Get("ETag") != "" || denied.header.Get("X-Event-Seq") != "" {
				t.Errorf("%s for a non-member = %d, ETag %q, X-Event-Seq %q; want an untagged 403", list, denied.status,
					denied.header.Get("ETag"), denied.header.Get("X-Event-Seq"))
			}
		})
	}
	tag := ls.must(http.StatusOK, "GET", base+"/entities", owner.token, nil).header.Get("ETag")
	ls.must(http.StatusOK, "PATCH", base+"/entities/"+e1, owner.token, map[string]any{"title": "Jean D."})
	r := ls.send(request{method: "GET", path: base + "/entities", token: owner.token, header: map[string]string{"If-None-Match": tag}})
	if r.status != http.StatusOK || r.header.Get("ETag") == tag {
		t.Errorf("after a change: %d, ETag %q (was %q); want 200 with a new tag", r.status, r.header.Get("ETag"), tag)
	}
}

type entityDelta struct {
	Entities []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Count int    `json:"comments_count"`
	} `json:"entities"`
	Links []struct {
		ID         string `json:"id"`
		FromEntity struct {
			Title string `json:"title"`
		} `json:"from_entity"`
	} `json:"links"`
	Deleted []string `json:"deleted"`
	Seq     int64    `json:"seq"`
	Reset   bool     `json:"reset"`
}

func (ls *liveServer) delta(u user, inv, list string, since int64) (entityDelta, response) {
	ls.t.Helper()
	r := ls.must(http.StatusOK, "GET", fmt.Sprintf("/api/investigations/%s/%s?since=%d", inv, list, since), u.token, nil)
	var d entityDelta
	decode(ls.t, r, &d)
	if r.header.Get("X-Event-Seq") != strconv.FormatInt(d.Seq, 10) {
		ls.t.Errorf("X-Event-Seq %q; want %d", r.header.Get("X-Event-Seq"), d.Seq)
	}
	return d, r
}

func (d entityDelta) ids() []string {
	var out []string
	for _, e := range d.Entities {
		out = append(out, e.ID)
	}
	for _, l := range d.Links {
		out = append(out, l.ID)
	}
	slices.Sort(out)
	return out
}

// ?since= returns what changed after a seq, deletions included; the full
// lists carry the seq to ask from next.
func TestListsSince(t *testing.T) {
	ls := newLiveServer(t, applive.Options{})
	owner := ls.register("owner")
	inv, _ := ls.createInvestigation(owner, "Disparition")
	base := "/api/investigations/" + inv
	e1 := ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "Jean", "tags": []string{"Suspect"}})
	e2 := ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "Paul"})
	e3 := ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "Marc"})
	l12 := ls.createLink(inv, owner, e1, e2)
	l23 := ls.createLink(inv, owner, e2, e3)
	seq := ls.head(owner, inv)
	if d, _ := ls.delta(owner, inv, "entities", seq); len(d.Entities) != 0 || len(d.Deleted) != 0 || d.Seq != seq || d.Reset {
		t.Errorf("delta with no change = %+v; want empty at seq %d", d, seq)
	}

	ls.createComment(inv, e1, owner, "Vu le 12") // changes e1's comments_count
	ls.must(http.StatusOK, "PATCH", base+"/links/"+l12, owner.token, map[string]any{"title": "frère"})
	ls.must(http.StatusOK, "PATCH", base+"/entities/"+e3, owner.token, map[string]any{"title": "Marc B."}) // l23's end
	d, _ := ls.delta(owner, inv, "entities", seq)
	if got := d.ids(); !slices.Equal(got, sorted(e1, e3)) || len(d.Deleted) != 0 || d.Seq != seq+3 {
		t.Errorf("entity delta = %v deleted %v seq %d; want %v, seq %d", got, d.Deleted, d.Seq, sorted(e1, e3), seq+3)
	}
	for _, e := range d.Entities {
		if e.ID == e1 && e.Count != 1 {
			t.Errorf("e1 comments_count = %d; want 1", e.Count)
		}
	}
	if d, _ := ls.delta(owner, inv, "links", seq); !slices.Equal(d.ids(), sorted(l12, l23)) || len(d.Deleted) != 0 {
		t.Errorf("link delta = %v deleted %v; want %v", d.ids(), d.Deleted, sorted(l12, l23))
	}
	seq = d.Seq

	ls.must(http.StatusOK, "DELETE", base+"/links/"+l12, owner.token, nil)
	if d, _ := ls.delta(owner, inv, "links", seq); len(d.Links) != 0 || !slices.Equal(d.Deleted, []string{l12}) {
		t.Errorf("link delta after a deletion = %v deleted %v; want deleted [%s]", d.ids(), d.Deleted, l12)
	}
	ls.must(http.StatusOK, "DELETE", base+"/entities/"+e2, owner.token, nil) // takes l23 with it
	if d, _ := ls.delta(owner, inv, "entities", seq); len(d.Entities) != 0 || !slices.Equal(d.Deleted, []string{e2}) {
		t.Errorf("entity delta after a deletion = %v deleted %v; want deleted [%s]", d.ids(), d.Deleted, e2)
	}
	// The entity's links are recorded as deleted with it: the delta names
	// them (l12 was deleted alone just before) instead of asking for a reset.
	if d, _ := ls.delta(owner, inv, "links", seq); d.Reset || len(d.Links) != 0 || !slices.Equal(sorted(d.Deleted...), sorted(l12, l23)) {
		t.Errorf("link delta across an entity deletion = %+v; want deleted %v and no reset", d, sorted(l12, l23))
	}

	// A filtered delta drops what no longer matches the filter.
	seq = ls.head(owner, inv)
	ls.must(http.StatusOK, "PATCH", base+"/entities/"+e1, owner.token, map[string]any{"tags": []string{}})
	r := ls.must(http.StatusOK, "GET", fmt.Sprintf("%s/entities?since=%d&tag=Suspect", base, seq), owner.token, nil)
	var fd entityDelta
	decode(t, r, &fd)
	if len(fd.Entities) != 0 || !slices.Equal(fd.Deleted, []string{e1}) {
		t.Errorf("filtered delta = %v deleted %v; want e1 dropped", fd.ids(), fd.Deleted)
	}

	// Renaming a tag changes the entities that carry it; deleting one
	// changes entities the log does not name: reload.
	e4 := ls.createEntity(inv, owner, map[string]any{"type": "person", "title": "Luc", "tags": []string{"Témoin"}})
	var tags struct {
		Tags []struct{ ID, Name string } `json:"tags"`
	}
	decode(t, ls.must(http.StatusOK, "GET", base+"/tags", owner.token, nil), &tags)
	var tag string
	for _, tg := range tags.Tags {
		if tg.Name == "Témoin" {
			tag = tg.ID
		}
	}
	seq = ls.head(owner, inv)
	ls.must(http.StatusOK, "PATCH", base+"/tags/"+tag, owner.token, map[string]any{"name": "Témoin clé"})
	if d, _ := ls.delta(owner, inv, "entities", seq); !slices.Equal(d.ids(), []string{e4}) || d.Reset {
		t.Errorf("entity delta after a tag rename = %v (reset %v); want [%s]", d.ids(), d.Reset, e4)
	}
	ls.must(http.StatusOK, "DELETE", base+"/tags/"+tag, owner.token, nil)
	// Deleting the tag records an update of each entity that carried it:
	// the delta names e4 (without the tag) instead of asking for a reset.
	if d, _ := ls.delta(owner, inv, "entities", seq); d.Reset || !slices.Equal(d.ids(), []string{e4}) {
		t.Errorf("entity delta across a tag deletion = %+v; want [%s] and no reset", d, e4)
	}
	if r := ls.must(http.StatusOK, "GET", base+"/entities/"+e4, owner.token, nil); strings.Contains(string(r.body), "Témoin") {
		t.Errorf("entity %s still shows the deleted tag: %s", e4, r.body)
	}

	for _, bad := range []string{"-1", "x", ""} {
		if r := ls.do("GET", base+"/entities?since="+bad, owner.token, nil); r.status != http.StatusBadRequest {
			t.Errorf("since=%q: %s; want 400", bad, r)
		}
	}
	if d, _ := ls.delta(owner, inv, "entities", 1<<40); !d.Reset {
		t.Errorf("since beyond the head = %+v; want a reset", d)
	}
}

// head reads the X-Event-Seq of the full entity list.
func (ls *liveServer) head(u user, inv string) int64 {
	ls.t.Helper()
	r := ls.must(http.StatusOK, "GET", "/api/investigations/"+inv+"/entities", u.token, nil)
	seq, err := strconv.ParseInt(r.header.Get("X-Event-Seq"), 10, 64)
	if err != nil || seq == 0 {
		ls.t.Fatalf("X-Event-Seq of the full list = %q", r.header.Get("X-Event-Seq"))
	}
	return seq
}

func sorted(ids ...string) []string { return slices.Sorted(slices.Values(ids)) }
