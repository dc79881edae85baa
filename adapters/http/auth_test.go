package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestRegister(t *testing.T) {
	ts := newTestServer(t)
	r := ts.must(http.StatusCreated, "POST", "/api/auth/register", "", map[string]string{
		"username": "alice", "email": "Alice@Example.COM", "password": "correct-horse-battery",
		"first_name": "Alice", "last_name": "Martin",
	})
	var out struct {
		Message string
		Token   string
		User    map[string]any
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	if out.Message == "" || out.Token == "" {
		t.Errorf("%s: want message and token", r)
	}
	wantUser := map[string]any{"id": 1.0, "username": "alice", "email": "Alice@example.com", "first_name": "Alice", "last_name": "Martin"}
	if !equalJSON(out.User, wantUser) {
		t.Errorf("%s: user = %v; want %v", r, out.User, wantUser)
	}
	wantKeys(t, r.body, "message", "token", "user")
	// The token works at once.
	me := ts.must(http.StatusOK, "GET", "/api/auth/me", out.Token, nil)
	wantKeys(t, me.body, "id", "username", "email", "first_name", "last_name", "avatar", "created_at")
	v := me.json(t)
	if v["avatar"] != nil || v["created_at"] != "2025-11-26T07:00:00.124456+00:00" {
		t.Errorf("%s: want avatar null and created_at from the clock", me)
	}
}

func TestRegisterRefusals(t *testing.T) {
	ts := newTestServer(t)
	ts.register("alice")
	tests := []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"duplicate username", reg("alice", "other@example.com", "correct-horse-battery"), 409, ""},
		{"duplicate email in other case", reg("bob", "ALICE@example.com", "correct-horse-battery"), 409, ""},
		{"password too short", reg("bob", "bob@example.com", "x7#kQ2"), 400, "password"},
		{"password numeric", reg("bob", "bob@example.com", "8273619450"), 400, "password"},
		{"password common", reg("bob", "bob@example.com", "password123"), 400, "password"},
		{"password like username", reg("bobinette", "bob@example.com", "bobinette1"), 400, "password"},
		{"password missing", map[string]any{"username": "bob", "email": "bob@example.com"}, 400, "password"},
		{"username with space", reg("bob smith", "bob@example.com", "correct-horse-battery"), 400, "username"},
		{"username with slash", reg("bob/x", "bob@example.com", "correct-horse-battery"), 400, "username"},
		{"username too long", reg(strings.Repeat("b", 151), "bob@example.com", "correct-horse-battery"), 400, "username"},
		{"username empty", reg("", "bob@example.com", "correct-horse-battery"), 400, "username"},
		{"email invalid", reg("bob", "not-an-email", "correct-horse-battery"), 400, "email"},
		{"username not a string", map[string]any{"username": 7, "email": "bob@example.com", "password": "correct-horse-battery"}, 400, "username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.do("POST", "/api/auth/register", "", tt.body)
			wantError(t, r, tt.status, "")
			if tt.field != "" {
				if f := r.json(t)["field"]; f != tt.field {
					t.Errorf("%s: field %v; want %s", r, f, tt.field)
				}
			}
		})
	}
	// Nobody but alice was created: bob can register now.
	ts.register("bob")
	// Unicode letters are letters (Django's UnicodeUsernameValidator).
	ts.must(http.StatusCreated, "POST", "/api/auth/register", "", reg("émile.d@x+y-z_1", "emile@example.com", "correct-horse-battery"))
}

func reg(username, email, password string) map[string]any {
	return map[string]any{"username": username, "email": email, "password": password}
}

func TestLogin(t *testing.T) {
	ts := newTestServer(t)
	alice := ts.register("alice")
	r := ts.must(http.StatusOK, "POST", "/api/auth/login", "", map[string]string{"username": "alice", "password": "correct-horse-battery"})
	wantKeys(t, r.body, "message", "token", "user")
	var out struct {
		Token string
		User  map[string]any
	}
	_ = json.Unmarshal(r.body, &out)
	if !equalJSON(out.User, map[string]any{"id": float64(alice.id), "username": "alice", "email": "alice@example.com"}) {
		t.Errorf("%s: user = %v", r, out.User)
	}
	ts.must(http.StatusOK, "GET", "/api/auth/me", out.Token, nil)

	// Unknown user, wrong password and wrong case of the username fail alike.
	unknown := ts.do("POST", "/api/auth/login", "", map[string]string{"username": "nobody", "password": "correct-horse-battery"})
	wrong := ts.do("POST", "/api/auth/login", "", map[string]string{"username": "alice", "password": "wrong-horse-battery"})
	upper := ts.do("POST", "/api/auth/login", "", map[string]string{"username": "ALICE", "password": "correct-horse-battery"})
	for _, r := range []response{unknown, wrong, upper} {
		wantError(t, r, http.StatusUnauthorized, "Invalid credentials")
		if !bytes.Equal(r.body, unknown.body) {
			t.Errorf("%s; want the same body as for an unknown user: %s", r, unknown.body)
		}
	}
	wantError(t, ts.do("POST", "/api/auth/login", "", map[string]string{"username": "alice"}), 400, "password: is required")
	wantError(t, ts.do("POST", "/api/auth/login", "", map[string]string{"password": "x"}), 400, "username: is required")
	wantError(t, ts.send(request{method: "POST", path: "/api/auth/login", body: `username=alice`, contentType: "application/x-www-form-urlencoded"}), 415, "")
}

func TestMeNeedsToken(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do("GET", "/api/auth/me", "", nil)
	wantError(t, r, http.StatusUnauthorized, "Authentication required")
	if r.header.Get("WWW-Authenticate") == "" {
		t.Errorf("%s: no WWW-Authenticate header", r)
	}
	wantError(t, ts.do("GET", "/api/auth/me", "abc.def.ghi", nil), http.StatusUnauthorized, "Invalid token")
	wantError(t, ts.send(request{method: "GET", path: "/api/auth/me", header: map[string]string{"Authorization": "Bearer "}}),
		http.StatusUnauthorized, "Invalid token")
	// A token signed with another secret is refused.
	forged := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwidXNlcm5hbWUiOiJhbGljZSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjo0MTAwMDAwMDAwfQ.c2lnbmF0dXJl"
	wantError(t, ts.do("GET", "/api/auth/me", forged, nil), http.StatusUnauthorized, "Invalid token")
	// The scheme is case-insensitive, as RFC 7235 says.
	alice := ts.register("alice")
	r = ts.send(request{method: "GET", path: "/api/auth/me", header: map[string]string{"Authorization": "bearer " + alice.token}})
	if r.status != http.StatusOK {
		t.Errorf("%s; want 200", r)
	}
}

// wantKeys checks the top-level keys of a JSON object, in order.
func wantKeys(t *testing.T, body []byte, keys ...string) {
	t.Helper()
	got, err := topKeys(body)
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	if strings.Join(got, ",") != strings.Join(keys, ",") {
		t.Errorf("keys of %s = %v; want %v", body, got, keys)
	}
}

// topKeys lists the keys of a JSON object in the order written.
func topKeys(body []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
