package httpapi_test

import (
	"slices"
	"strings"
	"testing"
)

func (e endpoint) name() string { return e.method + " " + e.path }

// TestEndpointRoles walks API.md's role table for every investigation
// route: each role gets the documented answer, and a refusal changes nothing.
func TestEndpointRoles(t *testing.T) {
	for _, e := range endpoints {
		t.Run(e.name(), func(t *testing.T) {
			for _, role := range roles {
				b := newCaseBoard(t)
				before := b.snapshot()
				r := b.send(request{method: e.method, path: b.expand(e.path), token: b.users[role].token, body: bodyOf(b, e.body),
					contentType: e.contentType})
				want := 403
				if s, ok := e.override[role]; ok {
					want = s
				}
				if slices.Contains(e.allowed, role) {
					if r.status != e.status {
						t.Errorf("as %s: %s; want %d", role, r, e.status)
					}
					if !e.raw {
						wantJSON(t, r)
					}
					continue
				}
				wantError(t, r, want, "")
				b.unchanged(t, before, r)
			}
		})
	}
}

// TestEndpointRefusals checks, on every investigation route, the answers
// that do not depend on the role: no or bad credentials, unknown and
// malformed ids, ids of another investigation, and bad bodies. None of them
// changes anything.
func TestEndpointRefusals(t *testing.T) {
	for _, e := range endpoints {
		t.Run(e.name(), func(t *testing.T) {
			b := newCaseBoard(t)
			before := b.snapshot()
			as := b.users[e.allowed[0]].token
			check := func(what string, q request, status int, message string) {
				t.Helper()
				r := b.send(q)
				if r.status != status {
					t.Errorf("%s: %s; want %d", what, r, status)
				} else {
					wantError(t, r, status, message)
				}
				b.unchanged(t, before, r)
			}
			path, body, ct := b.expand(e.path), bodyOf(b, e.body), e.contentType
			check("no token", request{method: e.method, path: path, body: body, contentType: ct}, 401, "Authentication required")
			check("bad token", request{method: e.method, path: path, body: body, contentType: ct, token: "not.a.jwt"}, 401, "Invalid token")
			check("basic auth", request{method: e.method, path: path, body: body, contentType: ct,
				header: map[string]string{"Authorization": "Basic YWxpY2U6cGFzcw=="}}, 401, "Authentication required")
			unknownInv := strings.Replace(path, b.ids["{inv}"], "00000000-0000-4000-8000-000000000000", 1)
			check("unknown investigation", request{method: e.method, path: unknownInv, body: body, contentType: ct, token: as}, 404, "")
			malformed := strings.Replace(path, b.ids["{inv}"], "not-a-uuid", 1)
			check("malformed investigation id", request{method: e.method, path: malformed, body: body, contentType: ct, token: as}, 404, "Not found")
			for _, sub := range e.subs {
				unknown := "00000000-0000-4000-8000-000000000000"
				if sub == "{member2}" {
					unknown = "999999"
				}
				p := strings.Replace(e.path, sub, unknown, 1)
				check("unknown "+sub, request{method: e.method, path: b.expand(p), body: body, contentType: ct, token: as}, 404, "")
				p = strings.Replace(e.path, sub, "nope", 1)
				check("malformed "+sub, request{method: e.method, path: b.expand(p), body: body, contentType: ct, token: as}, 404, "Not found")
			}
			for sub, other := range e.foreign {
				p := strings.Replace(e.path, sub, other, 1)
				check("id of another investigation "+other, request{method: e.method, path: b.expand(p), body: body, contentType: ct, token: as}, 404, "")
			}
			bad := e.bad
			if e.textField != "" {
				bad = append(genericBadBodies(e.textField), bad...)
			}
			for _, x := range bad {
				xct := x.contentType
				if xct == "" {
					xct = ct
				}
				check(x.name, request{method: e.method, path: path, token: as, body: b.expand(x.body), contentType: xct}, x.status, x.message)
			}
		})
	}
}

// TestEndpointUpperCaseIDs: the API writes lower-case UUIDs, but an
// upper-case one names the same object.
func TestEndpointUpperCaseIDs(t *testing.T) {
	for _, e := range endpoints {
		t.Run(e.name(), func(t *testing.T) {
			b := newCaseBoard(t)
			path := b.expand(e.path)
			for _, id := range b.ids {
				if len(id) == 36 {
					path = strings.ReplaceAll(path, id, strings.ToUpper(id))
				}
			}
			if path == b.expand(e.path) {
				t.Fatalf("%s has no UUID to upper-case", path)
			}
			r := b.send(request{method: e.method, path: path, token: b.users[e.allowed[0]].token, body: bodyOf(b, e.body),
				contentType: e.contentType})
			if r.status != e.status {
				t.Errorf("%s; want %d", r, e.status)
			}
		})
	}
}

func bodyOf(b *caseBoard, tmpl string) any {
	if tmpl == "" {
		return nil
	}
	return b.expand(tmpl)
}

// wantJSON checks a success response is a JSON object.
func wantJSON(t *testing.T, r response) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q; want application/json; charset=utf-8", r, ct)
	}
	if strings.HasSuffix(string(r.body), "\n") {
		t.Errorf("%s: trailing newline", r)
	}
	r.json(t)
}
