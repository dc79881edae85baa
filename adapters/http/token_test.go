package httpapi_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangosession"
	"github.com/enquete/enquete/domain/fault"
)

func TestLogout(t *testing.T) {
	ls := newLifecycleServer(t)
	alice, bob := ls.register("alice"), ls.register("bob")
	laptop := ls.login(alice)
	r := ls.must(http.StatusOK, "POST", "/api/auth/logout", alice.token, nil)
	if msg := r.json(t)["message"]; msg != "Logged out" {
		t.Errorf("%s; want message Logged out", r)
	}
	ls.wantMe("logged-out token", alice.token, false)
	ls.wantMe("the same user's other token", laptop, true)
	ls.wantMe("another user's token", bob.token, true)
	// A revoked token is refused like any invalid one, logout included.
	wantError(t, ls.do("POST", "/api/auth/logout", alice.token, nil), http.StatusUnauthorized, "Invalid token")
	wantError(t, ls.do("POST", "/api/auth/logout", "", nil), http.StatusUnauthorized, "Authentication required")
	wantError(t, ls.do("POST", "/api/auth/logout", "not.a.jwt", nil), http.StatusUnauthorized, "Invalid token")
	wantError(t, ls.do("GET", "/api/auth/logout", laptop, nil), http.StatusMethodNotAllowed, "")
}

func TestLogoutAll(t *testing.T) {
	ls := newLifecycleServer(t)
	alice, bob := ls.register("alice"), ls.register("bob")
	laptop := ls.login(alice)
	ls.must(http.StatusOK, "POST", "/api/auth/logout-all", alice.token, nil)
	ls.wantMe("the presented token", alice.token, false)
	ls.wantMe("the user's other token", laptop, false)
	ls.wantMe("another user's token", bob.token, true)
	ls.wantMe("a token issued after", ls.login(alice), true)
	wantError(t, ls.do("POST", "/api/auth/logout-all", "", nil), http.StatusUnauthorized, "Authentication required")
	wantError(t, ls.do("POST", "/api/auth/logout-all", laptop, nil), http.StatusUnauthorized, "Invalid token")
}

func TestPasswordChange(t *testing.T) {
	ls := newLifecycleServer(t)
	alice := ls.register("alice")
	laptop := ls.login(alice)
	session := ls.djangoSession(alice)

	r := ls.must(http.StatusOK, "POST", "/api/auth/password", alice.token,
		map[string]string{"old_password": "correct-horse-battery", "new_password": "another fine phrase"})
	var out struct {
		Message string `json:"message"`
		Token   string `json:"token"`
	}
	decode(t, r, &out)
	if out.Message != "Password changed" || out.Token == "" {
		t.Fatalf("%s; want a message and a fresh token", r)
	}
	ls.wantMe("the fresh token", out.Token, true)
	ls.wantMe("the caller's old token", alice.token, false)
	ls.wantMe("the user's other token", laptop, false)
	if _, err := ls.identity.AuthenticateSession(t.Context(), session); fault.KindOf(err) != fault.KindUnauthenticated {
		t.Errorf("Django session signed with the old password hash: AuthenticateSession = %v; want refused", err)
	}
	wantError(t, ls.do("POST", "/api/auth/login", "", map[string]string{"username": "alice", "password": "correct-horse-battery"}),
		http.StatusUnauthorized, "Invalid credentials")
	ls.must(http.StatusOK, "POST", "/api/auth/login", "", map[string]string{"username": "alice", "password": "another fine phrase"})
}

// djangoSession stores a Django session of u as Django would sign it, and
// checks that it works now.
func (ls *lifecycleServer) djangoSession(u user) string {
	ls.t.Helper()
	stored, err := ls.store.Users.ByID(ls.t.Context(), u.id)
	if err != nil {
		ls.t.Fatal(err)
	}
	data := djangosession.Encode(testDjangoSecret, map[string]any{
		"_auth_user_id": strconv.FormatInt(u.id, 10), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
		"_auth_user_hash": djangosession.AuthHash(testDjangoSecret, stored.PasswordHash()),
	}, time.Now())
	key := strings.Repeat("k", 32)
	if err := ls.store.Sessions.Save(ls.t.Context(), key, data, time.Now().Add(time.Hour)); err != nil {
		ls.t.Fatal(err)
	}
	if _, err := ls.identity.AuthenticateSession(ls.t.Context(), key); err != nil {
		ls.t.Fatalf("AuthenticateSession before the change = %v", err)
	}
	return key
}

func TestPasswordChangeRefusals(t *testing.T) {
	ls := newLifecycleServer(t)
	alice := ls.register("alice")
	const path = "/api/auth/password"
	for _, c := range []struct {
		name, body, contentType string
		status                  int
		message                 string
	}{
		{"wrong old password", `{"old_password":"not it at all","new_password":"another fine phrase"}`, "", 400, "old_password: is incorrect"},
		{"missing old password", `{"new_password":"another fine phrase"}`, "", 400, "old_password: is required"},
		{"missing new password", `{"old_password":"correct-horse-battery"}`, "", 400, "new_password: is required"},
		{"weak new password", `{"old_password":"correct-horse-battery","new_password":"12345678"}`, "", 400, ""},
		{"new password like the username", `{"old_password":"correct-horse-battery","new_password":"alice123"}`, "", 400, ""},
		{"number", `{"old_password":1,"new_password":"another fine phrase"}`, "", 400, "old_password: must be a string"},
		{"unknown field", `{"old_password":"correct-horse-battery","new_password":"another fine phrase","admin":true}`, "", 400, ""},
		{"not JSON", `old=1`, "application/x-www-form-urlencoded", 415, ""},
		{"malformed", `{"old_password":`, "", 400, ""},
	} {
		r := ls.send(request{method: "POST", path: path, token: alice.token, body: c.body, contentType: c.contentType})
		wantError(t, r, c.status, c.message)
	}
	wantError(t, ls.send(request{method: "POST", path: path, body: `{}`}), http.StatusUnauthorized, "Authentication required")
	// Nothing changed: the old password and token still work.
	ls.wantMe("token after refused changes", alice.token, true)
	ls.must(http.StatusOK, "POST", "/api/auth/login", "", map[string]string{"username": "alice", "password": "correct-horse-battery"})
}

// TestTokenPayload decodes a login token as anyone holding it could: it
// names the user and the times, and holds nothing secret.
func TestTokenPayload(t *testing.T) {
	ls := newLifecycleServer(t)
	alice := ls.register("alice")
	parts := strings.Split(alice.token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a JWS", alice.token)
	}
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var payload map[string]any
	if err := json.Unmarshal(raw, &payload); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range payload {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if strings.Join(keys, ",") != "exp,iat,jti,sub,username" || payload["username"] != "alice" {
		t.Errorf("payload = %s; want exactly exp, iat, jti, sub, username", raw)
	}
	if !strings.Contains(string(header), `"kid":"k1"`) {
		t.Errorf("header = %s; want the signing key's id", header)
	}
	for _, secret := range []string{"correct-horse-battery", "pbkdf2", "test-secret"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("payload %s contains %q", raw, secret)
		}
	}
}
