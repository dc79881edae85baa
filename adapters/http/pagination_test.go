package httpapi_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	httpapi "github.com/enquete/enquete/adapters/http"
)

// page is one list page: the items' ids and the next cursor.
func (ts *testServer) page(path, field, token, query string) ([]string, string) {
	ts.t.Helper()
	sep := "?"
	if slices.Contains([]byte(path), '?') {
		sep = "&"
	}
	r := ts.do("GET", path+sep+query, token, nil)
	if r.status != http.StatusOK {
		ts.t.Fatalf("%s; want 200", r)
	}
	var body map[string]any
	decode(ts.t, r, &body)
	items, ok := body[field].([]any)
	if !ok {
		ts.t.Fatalf("%s: no %q list", r, field)
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = fmt.Sprint(it.(map[string]any)["id"])
	}
	next, _ := body["next_cursor"].(string)
	if _, present := body["next_cursor"]; present && next == "" {
		ts.t.Errorf("%s: empty next_cursor; want it absent", r)
	}
	return ids, next
}

// walk reads a whole list page by page.
func (ts *testServer) walk(path, field, token string, limit int) []string {
	ts.t.Helper()
	var all []string
	cursor := ""
	for range 1000 {
		q := fmt.Sprintf("limit=%d", limit)
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		ids, next := ts.page(path, field, token, q)
		if len(ids) > limit {
			ts.t.Fatalf("%s: %d items; want at most %d", path, len(ids), limit)
		}
		all = append(all, ids...)
		if next == "" {
			return all
		}
		cursor = next
	}
	ts.t.Fatalf("%s: pages never end", path)
	return nil
}

// TestEveryListPages: on every list of the REST API, reading page by page
// gives exactly the whole list, in its order, whatever the page size.
func TestEveryListPages(t *testing.T) {
	b := newCaseBoard(t)
	owner := b.users["owner"]
	inv := b.ids["{inv}"]
	e1 := b.ids["{entity}"]
	for i := range 4 {
		e := b.createEntity(inv, owner, map[string]any{"type": "person", "title": "Extra " + itoa(i), "tags": []string{"T" + itoa(i)}})
		b.createLink(inv, owner, e1, e)
		b.createComment(inv, e1, owner, "note "+itoa(i))
		b.createAttachment(inv, e1, owner, "f"+itoa(i)+".txt", []byte("x"))
		b.createInvestigation(owner, "Enquête "+itoa(i))
	}
	lists := []struct{ path, field string }{
		{"/api/investigations", "investigations"},
		{"/api/investigations/{inv}/members", "members"},
		{"/api/investigations/{inv}/presence", "members"},
		{"/api/investigations/{inv}/entities", "entities"},
		{"/api/investigations/{inv}/entities?type=person", "entities"},
		{"/api/investigations/{inv}/links", "links"},
		{"/api/investigations/{inv}/tags", "tags"},
		{"/api/investigations/{inv}/entities/{entity}/comments", "comments"},
		{"/api/investigations/{inv}/entities/{entity}/attachments", "attachments"},
	}
	for _, l := range lists {
		path := b.expand(l.path)
		whole, next := b.page(path, l.field, owner.token, "limit=500")
		if next != "" || len(whole) < 5 {
			t.Fatalf("%s: %d items, next %q; want at least 5 in one page", path, len(whole), next)
		}
		for _, limit := range []int{1, 2, 3, len(whole) - 1, len(whole)} {
			if got := b.walk(path, l.field, owner.token, limit); !slices.Equal(got, whole) {
				t.Errorf("%s by %d: %v; want %v", path, limit, got, whole)
			}
		}
	}
}

// TestDefaultPageSize: without ?limit, a list stops at PageSize.
func TestDefaultPageSize(t *testing.T) {
	ts := newTestServer(t, withLimits(func(l *httpapi.Limits) { l.PageSize = 2; l.MaxPageSize = 3 }))
	alice := ts.register("alice")
	for i := range 3 {
		ts.createInvestigation(alice, "E"+itoa(i))
	}
	ids, next := ts.page("/api/investigations", "investigations", alice.token, "")
	if len(ids) != 2 || next == "" {
		t.Errorf("default page: %d items, next %q; want 2 and a cursor", len(ids), next)
	}
	r := ts.do("GET", "/api/investigations?limit=4", alice.token, nil)
	wantError(t, r, http.StatusBadRequest, "limit: must be an integer from 1 to 3")
}

// TestCursorOfDeletedItem: when the last item of a page is deleted before
// the next page is read, nothing after it is skipped.
func TestCursorOfDeletedItem(t *testing.T) {
	ts := newTestServer(t)
	alice := ts.register("alice")
	inv, _ := ts.createInvestigation(alice, "x")
	for i := range 5 {
		ts.createEntity(inv, alice, map[string]any{"type": "person", "title": "P" + itoa(i)})
	}
	path := "/api/investigations/" + inv + "/entities"
	whole, _ := ts.page(path, "entities", alice.token, "")
	first, next := ts.page(path, "entities", alice.token, "limit=2")
	ts.must(http.StatusOK, "DELETE", path+"/"+first[1], alice.token, nil)
	rest, _ := ts.page(path, "entities", alice.token, "cursor="+url.QueryEscape(next))
	if !slices.Equal(rest, whole[2:]) {
		t.Errorf("after deleting the cursor's item: %v; want %v", rest, whole[2:])
	}
}

// TestBadPageParameters: a wrong limit or cursor is a 400 naming it.
func TestBadPageParameters(t *testing.T) {
	ts := newTestServer(t)
	alice := ts.register("alice")
	forged := base64.RawURLEncoding.EncodeToString([]byte(`{"k":"x","i":"y","admin":true}`))
	tests := []struct{ query, field string }{
		{"limit=0", "limit"}, {"limit=-1", "limit"}, {"limit=501", "limit"}, {"limit=abc", "limit"},
		{"limit=1e2", "limit"}, {"limit=", "limit"}, {"limit=99999999999999999999", "limit"},
		{"cursor=", "cursor"}, {"cursor=@@@", "cursor"}, {"cursor=bm9wZQ", "cursor"}, {"cursor=" + forged, "cursor"},
		{"cursor=" + base64.RawURLEncoding.EncodeToString(make([]byte, 600)), "cursor"},
	}
	// The entity and link lists page in the database: their cursors must
	// hold a time and an id.
	inv, _ := ts.createInvestigation(alice, "x")
	for _, bad := range []string{`{"k":"x","i":"` + inv + `"}`, `{"k":"00000000000000000001","i":"y"}`} {
		for _, list := range []string{"entities", "links"} {
			r := ts.send(request{method: "GET", path: "/api/investigations/" + inv + "/" + list + "?cursor=" +
				base64.RawURLEncoding.EncodeToString([]byte(bad)), token: alice.token})
			wantError(t, r, http.StatusBadRequest, "")
			if r.status == http.StatusBadRequest && r.json(t)["field"] != "cursor" {
				t.Errorf("%s: field %v; want cursor", r, r.json(t)["field"])
			}
		}
	}
	for _, tt := range tests {
		r := ts.send(request{method: "GET", path: "/api/investigations?" + tt.query, token: alice.token})
		wantError(t, r, http.StatusBadRequest, "")
		if r.status == http.StatusBadRequest && r.json(t)["field"] != tt.field {
			t.Errorf("%s: field %v; want %s", r, r.json(t)["field"], tt.field)
		}
	}
}
