package legacy_test

import (
	"strings"
	"testing"

	"github.com/enquete/enquete/adapters/auth/djangosession"
)

// TestCSRF: the views Django protects refuse a session-authenticated write
// without the right token or from a foreign Origin (403 with Django's
// reason, as JSON instead of its HTML page); bearer-token requests carry no
// ambient credential and are not checked; @csrf_exempt views are not either.
func TestCSRF(t *testing.T) {
	const heartbeat = "/api/investigation/{A}/presence/heartbeat/"
	tests := []struct {
		name        string
		method      string
		path        string
		body, ctype string
		token       func(a *account) string // X-CSRFToken; nil: none
		cookie      string                  // the Cookie header; "" means csrftoken and sessionid
		origin      string
		bearer      bool
		want        int
		wantBody    string
	}{
		{name: "raw 32-character token", method: "POST", path: heartbeat, token: raw, want: 200},
		{name: "masked 64-character token", method: "POST", path: heartbeat, token: masked, want: 200},
		{name: "form field", method: "POST", path: heartbeat, ctype: "application/x-www-form-urlencoded",
			body: "csrfmiddlewaretoken={token}", want: 200},
		{name: "same origin", method: "POST", path: heartbeat, token: masked, origin: "http://example.com", want: 200},
		{name: "trusted origin", method: "POST", path: heartbeat, token: raw, origin: "http://127.0.0.1:8000", want: 200},
		{name: "missing token", method: "POST", path: heartbeat, want: 403,
			wantBody: `{"error": "CSRF token missing."}`},
		{name: "wrong token", method: "POST", path: heartbeat, token: func(*account) string { return strings.Repeat("A", 32) },
			want: 403, wantBody: `{"error": "CSRF token from the 'X-Csrftoken' HTTP header incorrect."}`},
		{name: "malformed token", method: "POST", path: heartbeat, token: func(*account) string { return "short" },
			want: 403, wantBody: `{"error": "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."}`},
		{name: "no csrftoken cookie", method: "POST", path: heartbeat, token: raw, cookie: "sessionid={session}",
			want: 403, wantBody: `{"error": "CSRF cookie not set."}`},
		{name: "foreign origin", method: "POST", path: heartbeat, token: raw, origin: "http://evil.example", want: 403,
			wantBody: `{"error": "Origin checking failed - http://evil.example does not match any trusted origins."}`},
		{name: "revoke without token", method: "POST", path: "/api/investigation/{A}/members/{bob_id}/revoke/", want: 403,
			wantBody: `{"error": "CSRF token missing."}`},
		{name: "delete without token", method: "POST", path: "/api/investigation/{A}/delete/", want: 403,
			wantBody: `{"error": "CSRF token missing."}`},
		{name: "POST members without token: CSRF before 405", method: "POST", path: "/api/investigation/{A}/members/",
			want: 403, wantBody: `{"error": "CSRF token missing."}`},
		{name: "POST entity links without token", method: "POST", path: "/api/investigation/{A}/entity/{person}/links/",
			want: 403, wantBody: `{"error": "CSRF token missing."}`},
		{name: "exempt: create entity", method: "POST", path: "/api/investigation/{A}/entities/",
			body: `{"type": "person", "title": "x"}`, origin: "http://evil.example", want: 200},
		{name: "exempt: update entity", method: "PUT", path: "/api/investigation/{A}/entity/{person}/",
			body: `{"role": "x"}`, want: 200},
		{name: "exempt: delete photo", method: "DELETE", path: "/api/investigation/{A}/entity/{person}/photo/", want: 200},
		{name: "exempt: create link", method: "POST", path: "/api/investigation/{A}/links/",
			body: `{"from_entity_id": "{person}", "to_entity_id": "{event}", "title": "x"}`, want: 200},
		{name: "bearer: no token needed", method: "POST", path: heartbeat, bearer: true, want: 200},
		{name: "bearer: foreign origin", method: "POST", path: heartbeat, bearer: true, origin: "http://evil.example", want: 200},
		{name: "bearer: revoke", method: "POST", path: "/api/investigation/{A}/members/{bob_id}/revoke/", bearer: true, want: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newBoard(t)
			alice := c.users["alice"]
			q := call{method: tt.method, path: c.expand(tt.path), as: alice, bearer: tt.bearer, ctype: tt.ctype,
				body: strings.ReplaceAll(c.expand(tt.body), "{token}", alice.csrf), header: map[string]string{}}
			if tt.token != nil {
				q.csrf = tt.token(alice)
			}
			if tt.cookie != "" {
				q.header["Cookie"] = strings.ReplaceAll(tt.cookie, "{session}", alice.session)
			}
			if tt.origin != "" {
				q.header["Origin"] = tt.origin
			}
			r := c.send(q)
			if r.status != tt.want {
				t.Fatalf("%s; want %d", r, tt.want)
			}
			if tt.wantBody != "" && string(r.body) != tt.wantBody {
				t.Errorf("%s; want body %s", r, tt.wantBody)
			}
		})
	}
}

func raw(a *account) string    { return a.csrf }
func masked(a *account) string { return djangosession.MaskToken(a.csrf) }

// TestBearerDecides: with an Authorization header the bearer token decides,
// whatever session cookie comes along; a bad one is not rescued by it.
func TestBearerDecides(t *testing.T) {
	c := newBoard(t)
	path := c.expand("/api/investigation/{A}/entities/")
	alice, carol := c.users["alice"], c.users["carol"]
	mixed := call{method: "GET", path: path, as: carol, bearer: true,
		header: map[string]string{"Cookie": "sessionid=" + alice.session}}
	c.must(403, mixed) // carol's token, alice's cookie: carol, not a member
	mixed.header["Authorization"] = "Bearer not-a-token"
	c.must(401, mixed)
	mixed.header["Authorization"] = "Basic YWxpY2U6eA=="
	c.must(200, mixed) // not a bearer token: the cookie decides
}
