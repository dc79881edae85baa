package legacy_test

import "testing"

// The Django frontend polls entities/, links/, members/ and presence/ every
// few seconds: an unchanged list answers 304 Not Modified to If-None-Match,
// and a change gives a new tag.
func TestPolledListsAnswerNotModified(t *testing.T) {
	c := newCast(newEnv(t))
	c.create("alice", "A", "jean", `{"type": "person", "title": "Jean Dupont"}`)
	alice := c.users["alice"]
	for _, route := range []string{"entities/", "links/", "members/", "presence/"} {
		path := c.expand("/api/investigation/{A}/" + route)
		first := c.must(200, call{method: "GET", path: path, as: alice})
		tag := first.header.Get("ETag")
		if tag == "" {
			t.Fatalf("GET %s has no ETag", path)
		}
		again := c.send(call{method: "GET", path: path, as: alice, header: map[string]string{"If-None-Match": tag}})
		if again.status != 304 || len(again.body) != 0 {
			t.Errorf("GET %s with If-None-Match = %d %q; want 304 and no body", path, again.status, again.body)
		}
	}
	path := c.expand("/api/investigation/{A}/entities/")
	tag := c.must(200, call{method: "GET", path: path, as: alice}).header.Get("ETag")
	c.create("alice", "A", "lyon", `{"type": "location", "title": "Lyon"}`)
	if r := c.send(call{method: "GET", path: path, as: alice, header: map[string]string{"If-None-Match": tag}}); r.status != 200 {
		t.Errorf("GET entities/ after a change with the old tag = %d; want 200", r.status)
	}
}
