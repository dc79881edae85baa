package httpapi_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var codePattern = regexp.MustCompile(`^[A-Z0-9]{8}$`)

func TestInvestigationLifecycle(t *testing.T) {
	ts := newTestServer(t)
	alice, bob := ts.register("alice"), ts.register("bob")
	r := ts.must(http.StatusCreated, "POST", "/api/investigations", alice.token,
		map[string]string{"title": "  Disparition <Lyon> & co  ", "description": "Affaire n°1"})
	wantKeys(t, r.body, "message", "id", "code")
	created := r.json(t)
	id, code := created["id"].(string), created["code"].(string)
	if !codePattern.MatchString(code) {
		t.Errorf("%s: code %q; want 8 of A-Z0-9", r, code)
	}

	r = ts.must(http.StatusOK, "GET", "/api/investigations/"+id, alice.token, nil)
	wantKeys(t, r.body, "id", "code", "title", "description", "created_at", "updated_at", "is_active", "created_by", "member_count", "role")
	// No HTML escaping: the title comes back as written (trimmed).
	if !strings.Contains(string(r.body), `"title":"Disparition <Lyon> & co"`) {
		t.Errorf("%s: title escaped or untrimmed", r)
	}
	v := r.json(t)
	if v["created_by"] != "alice" || v["member_count"] != 1.0 || v["role"] != "owner" || v["is_active"] != true || v["code"] != code {
		t.Errorf("%s: wrong investigation", r)
	}

	// Join with the code in lower case, then the second join is a conflict.
	r = ts.must(http.StatusOK, "POST", "/api/investigations/join", bob.token, map[string]string{"code": " " + strings.ToLower(code) + " "})
	wantKeys(t, r.body, "message", "investigation_id")
	if r.json(t)["investigation_id"] != id {
		t.Errorf("%s: want investigation_id %s", r, id)
	}
	wantError(t, ts.do("POST", "/api/investigations/join", bob.token, map[string]string{"code": code}), http.StatusConflict, "")
	wantError(t, ts.do("POST", "/api/investigations/join", bob.token, map[string]string{"code": "ZZZZZZZZ"}), http.StatusNotFound, "")
	wantError(t, ts.do("POST", "/api/investigations/join", bob.token, map[string]string{"code": "short"}), http.StatusBadRequest, "")
	wantError(t, ts.do("POST", "/api/investigations/join", "", map[string]string{"code": code}), http.StatusUnauthorized, "")

	r = ts.must(http.StatusOK, "GET", "/api/investigations/"+id, bob.token, nil)
	if v := r.json(t); v["role"] != "member" || v["member_count"] != 2.0 {
		t.Errorf("%s: want bob a member of 2", r)
	}

	// PATCH is partial: an absent description is kept.
	r = ts.must(http.StatusOK, "PATCH", "/api/investigations/"+id, alice.token, map[string]string{"title": "Nouveau"})
	v = r.json(t)
	if v["title"] != "Nouveau" || v["description"] != "Affaire n°1" || v["updated_at"] == v["created_at"] {
		t.Errorf("%s: want new title, old description, new updated_at", r)
	}
	r = ts.must(http.StatusOK, "PATCH", "/api/investigations/"+id, alice.token, map[string]string{"description": ""})
	if v := r.json(t); v["title"] != "Nouveau" || v["description"] != "" {
		t.Errorf("%s: want description cleared, title kept", r)
	}

	// Delete cascades; the id is then unknown.
	r = ts.must(http.StatusOK, "DELETE", "/api/investigations/"+id, alice.token, nil)
	if string(r.body) != `{"message":"Enquête supprimée"}` {
		t.Errorf("%s; want Django's message", r)
	}
	wantError(t, ts.do("GET", "/api/investigations/"+id, alice.token, nil), http.StatusNotFound, "")
	wantError(t, ts.do("GET", "/api/investigations/"+id+"/entities", bob.token, nil), http.StatusNotFound, "")
}

func TestInvestigationList(t *testing.T) {
	ts := newTestServer(t)
	alice, bob := ts.register("alice"), ts.register("bob")
	r := ts.must(http.StatusOK, "GET", "/api/investigations", alice.token, nil)
	if string(r.body) != `{"investigations":[]}` {
		t.Errorf("%s; want an empty list, not null", r)
	}
	first, _ := ts.createInvestigation(alice, "Première")
	second, _ := ts.createInvestigation(alice, "Seconde")
	ts.createInvestigation(bob, "Celle de Bob")
	// Touching the first makes it the most recently updated.
	ts.must(http.StatusOK, "PATCH", "/api/investigations/"+first, alice.token, map[string]string{"title": "Première (bis)"})
	r = ts.must(http.StatusOK, "GET", "/api/investigations", alice.token, nil)
	var out struct {
		Investigations []map[string]any
	}
	decode(t, r, &out)
	if len(out.Investigations) != 2 || out.Investigations[0]["id"] != first || out.Investigations[1]["id"] != second {
		t.Errorf("%s; want [%s %s], most recently updated first, without Bob's", r, first, second)
	}
	wantError(t, ts.do("GET", "/api/investigations", "", nil), http.StatusUnauthorized, "Authentication required")
}

func TestCreateInvestigationRefusals(t *testing.T) {
	ts := newTestServer(t)
	alice := ts.register("alice")
	for _, body := range []string{`{}`, `{"title":""}`, `{"title":"` + strings.Repeat("t", 201) + `"}`, `{"title":"x","extra":1}`, `{"title":"a\u0000"}`} {
		wantError(t, ts.do("POST", "/api/investigations", alice.token, body), http.StatusBadRequest, "")
	}
	wantError(t, ts.do("POST", "/api/investigations", alice.token, `{}`), http.StatusBadRequest, "title: is required")
	wantError(t, ts.do("POST", "/api/investigations", alice.token, `{"title":"x","description":"a\u0000"}`), http.StatusBadRequest,
		"description: must not contain NUL characters")
	wantError(t, ts.send(request{method: "POST", path: "/api/investigations", token: alice.token, body: `{"title":"x"}`, contentType: "text/plain"}),
		http.StatusUnsupportedMediaType, "Content-Type must be application/json")
	r := ts.must(http.StatusOK, "GET", "/api/investigations", alice.token, nil)
	if string(r.body) != `{"investigations":[]}` {
		t.Errorf("%s; want nothing created", r)
	}
	// An escaped backslash followed by "u0000" is text, not a NUL.
	r = ts.must(http.StatusCreated, "POST", "/api/investigations", alice.token, `{"title":"C:\\u0000"}`)
	got := ts.must(http.StatusOK, "GET", "/api/investigations/"+r.json(t)["id"].(string), alice.token, nil).json(t)
	if got["title"] != `C:\u0000` {
		t.Errorf("title = %q; want C:\\u0000", got["title"])
	}
}
