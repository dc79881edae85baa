package legacy_test

import (
	"net/http"
	"testing"

	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/gin-gonic/gin"
)

const methodNotAllowed = `{"error": "M\u00e9thode non autoris\u00e9e"}`

// TestMethods: bugs 4 and 13. Django's views fell through to an HTML 500 for
// a method they did not handle (its photo view alone answered this JSON
// 405), and members/, presence/ and entity/<id>/links/ answered any method.
func TestMethods(t *testing.T) {
	m := func(name, django, method, path string, csrf bool, allow string) legacyCase {
		return legacyCase{name: name, django: django, as: "alice", method: method, path: path, csrf: csrf,
			want: 405, wantBody: methodNotAllowed, wantHeader: "Allow: " + allow}
	}
	runCases(t, []legacyCase{
		m("GET entity", "500 HTML (43)", "GET", "{A}/entity/{person}/", false, "PUT, DELETE"),
		m("POST entity", "500 HTML (50)", "POST", "{A}/entity/{person}/", false, "PUT, DELETE"),
		m("PATCH entity", "500 HTML", "PATCH", "{A}/entity/{person}/", false, "PUT, DELETE"),
		m("PUT entities", "500 HTML (35)", "PUT", "{A}/entities/", false, "GET, POST"),
		m("plain OPTIONS", "500 HTML (94)", "OPTIONS", "{A}/entities/", false, "GET, POST"),
		m("GET photo", "the same 405 (100)", "GET", "{A}/entity/{person}/photo/", false, "POST, DELETE"),
		m("DELETE links", "500 HTML", "DELETE", "{A}/links/", false, "GET, POST"),
		m("POST members", "200, the list (81)", "POST", "{A}/members/", true, "GET"),
		m("POST presence", "200, the list", "POST", "{A}/presence/", true, "GET"),
		m("POST entity links", "200, the lists", "POST", "{A}/entity/{person}/links/", true, "GET"),
		m("GET heartbeat", "405, empty HTML body (84)", "GET", "{A}/presence/heartbeat/", false, "POST"),
		m("GET revoke", "405, empty HTML body (129)", "GET", "{A}/members/{bob_id}/revoke/", false, "POST"),
		m("GET delete", "405, empty HTML body (140)", "GET", "{A}/delete/", false, "POST"),
	})
}

// TestNotFound: bug 6. Django's 404s for unknown or malformed ids were HTML
// pages, and its <uuid:> converter refused upper-case ids.
func TestNotFound(t *testing.T) {
	nf := func(name, django, method, path, body string) legacyCase {
		return legacyCase{name: name, django: django, as: "alice", method: method, path: path, body: body,
			csrf: true, want: 404, wantBody: notFound}
	}
	runCases(t, []legacyCase{
		nf("unknown investigation", "404 HTML (56)", "GET", "{unknown}/entities/", ""),
		nf("malformed investigation id", "404 HTML (55)", "GET", "not-a-uuid/entities/", ""),
		nf("unknown entity, PUT", "404 HTML (53)", "PUT", "{A}/entity/{unknown}/", `{"title": "x"}`),
		nf("unknown entity, DELETE", "404 HTML (52)", "DELETE", "{A}/entity/{unknown}/", ""),
		nf("malformed entity id", "404 HTML (54)", "PUT", "{A}/entity/not-a-uuid/", `{"title": "x"}`),
		nf("another investigation's entity", "404 HTML (78)", "PUT", "{A}/entity/{carol_b}/", `{"title": "hijack"}`),
		nf("unknown entity's links", "404 HTML", "GET", "{A}/entity/{unknown}/links/", ""),
		nf("unknown entity's photo", "404 HTML", "DELETE", "{A}/entity/{unknown}/photo/", ""),
		nf("non-integer user id", "404 HTML (132)", "POST", "{A}/members/abc/revoke/", ""),
		{name: "upper-case investigation id", django: "404 HTML (57)", as: "alice", method: "GET",
			path: "{A_upper}/entities/?search=Dupont", want: 200},
		{name: "upper-case entity id", django: "404 HTML", as: "alice", method: "PUT",
			path: "{A_upper}/entity/{person_upper}/", body: `{"role": "Victime"}`, want: 200},
	})
}

// TestNoExistenceOracle: bug 5. Django looked the entity up before checking
// membership, so a non-member got 403 for an entity of A and 404 for an id
// that names nothing (110 vs 111).
func TestNoExistenceOracle(t *testing.T) {
	var cases []legacyCase
	for _, entity := range []string{"{person}", "{unknown}", "{carol_b}"} {
		for _, q := range []struct{ method, path, body string }{
			{"PUT", "{A}/entity/" + entity + "/", `{"title": "intrus"}`},
			{"DELETE", "{A}/entity/" + entity + "/", ""},
			{"DELETE", "{A}/entity/" + entity + "/photo/", ""},
			{"POST", "{A}/entity/" + entity + "/photo/", `{"photo": "x"}`},
			{"GET", "{A}/entity/" + entity + "/links/", ""},
		} {
			cases = append(cases, legacyCase{name: q.method + " " + q.path, django: "403 if it exists, 404 otherwise",
				as: "carol", method: q.method, path: q.path, body: q.body, want: 403, wantBody: accessDenied})
		}
	}
	for _, path := range []string{"{A}/entities/", "{A}/links/", "{A}/members/", "{A}/presence/"} {
		cases = append(cases, legacyCase{name: "GET " + path, django: "same 403 (108-118)", as: "carol",
			method: "GET", path: path, want: 403, wantBody: accessDenied})
	}
	runCases(t, cases)
}

// TestAppendSlash: bug 14. Django answered a path without its trailing
// slash with a 301 to the slashed URL for every method (58, 59), so a
// client following it replayed a POST as a GET without its body.
func TestAppendSlash(t *testing.T) {
	runCases(t, []legacyCase{
		{name: "GET redirects, query kept", method: "GET", path: "{A}/entities?type=event", want: 301,
			wantHeader: "Location: /api/investigation/{A}/entities/?type=event"},
		{name: "GET nested redirects", as: "alice", method: "GET", path: "{A}/entity/{person}/links", want: 301,
			wantHeader: "Location: /api/investigation/{A}/entity/{person}/links/"},
		{name: "HEAD redirects", method: "HEAD", path: "{A}/members", want: 301,
			wantHeader: "Location: /api/investigation/{A}/members/"},
		{name: "POST is a JSON 404", django: "301 (59)", as: "alice", method: "POST", path: "{A}/entities",
			body: `{"type": "person", "title": "x"}`, want: 404,
			wantBody: `{"error": "Not found: this URL must end with a slash"}`},
		{name: "DELETE is a JSON 404", django: "301", as: "alice", method: "DELETE", path: "{A}/entity/{person}",
			want: 404, wantBody: `{"error": "Not found: this URL must end with a slash"}`},
		{name: "malformed id: no redirect", method: "GET", path: "not-a-uuid/entities", want: 404, wantBody: notFound},
		{name: "malformed user id: no redirect", method: "GET", path: "{A}/members/x/revoke", want: 404, wantBody: notFound},
	})
}

// TestUnauthenticated: Django redirected to its login page (302, 11) or,
// for a POST to a CSRF-protected view, showed its CSRF page (403, 12).
func TestUnauthenticated(t *testing.T) {
	var cases []legacyCase
	for _, q := range []struct{ method, path string }{
		{"GET", "{A}/entities/"}, {"POST", "{A}/entities/"}, {"PUT", "{A}/entity/{person}/"},
		{"POST", "{A}/entity/{person}/photo/"}, {"GET", "{A}/entity/{person}/links/"}, {"GET", "{A}/links/"},
		{"GET", "{A}/members/"}, {"GET", "{A}/presence/"}, {"POST", "{A}/presence/heartbeat/"},
		{"POST", "{A}/members/{bob_id}/revoke/"}, {"POST", "{A}/delete/"}, {"GET", "{unknown}/entities/"},
	} {
		cases = append(cases, legacyCase{name: q.method + " " + q.path, method: q.method, path: q.path,
			want: 401, wantBody: `{"error": "Authentication required"}`, wantHeader: `WWW-Authenticate: Bearer realm="enquete"`})
	}
	runCases(t, cases)
}

// TestAfterAuth: the hook runs once the caller is known, before the CSRF
// check, and can stop the request (the REST router's rate limits).
func TestAfterAuth(t *testing.T) {
	var seen []int64
	stop := func(c *gin.Context) {
		v, _ := c.Get("enquete.principal")
		p, _ := v.(appidentity.Principal)
		seen = append(seen, p.UserID)
		c.AbortWithStatusJSON(http.StatusTooManyRequests, gin.H{"error": "slow down"})
	}
	c := newCast(newEnv(t, withAfterAuth(stop)))
	c.must(429, call{method: "POST", path: c.expand("/api/investigation/{A}/presence/heartbeat/"), as: c.users["bob"]})
	c.must(401, call{method: "GET", path: c.expand("/api/investigation/{A}/members/")})
	if len(seen) != 1 || seen[0] != c.users["bob"].id {
		t.Errorf("AfterAuth saw users %v; want only bob's request (%d), before its CSRF check", seen, c.users["bob"].id)
	}
}
