package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/ports"
)

const rateLimitedBody = `{"error":"Trop de requêtes, réessayez plus tard","code":"rate_limited"}`

// want429 checks the refusal: status, Retry-After in whole seconds, body.
func want429(t *testing.T, r response, retryAfter string) {
	t.Helper()
	if r.status != http.StatusTooManyRequests || string(r.body) != rateLimitedBody {
		t.Fatalf("%s; want 429 %s", r, rateLimitedBody)
	}
	if got := r.header.Get("Retry-After"); got != retryAfter {
		t.Errorf("%s: Retry-After %q; want %q", r, got, retryAfter)
	}
}

func login(ts *testServer, name, password string, header map[string]string) response {
	ts.t.Helper()
	return ts.send(request{method: "POST", path: "/api/auth/login", header: header,
		body: map[string]string{"username": name, "password": password}})
}

// TestLoginPerIPAndUsername: ten attempts a minute on one account from one
// address, whatever their outcome and the case of the name; then 429,
// while another account stays reachable; one attempt is regained every
// six seconds.
func TestLoginPerIPAndUsername(t *testing.T) {
	limiter, clock := newMemoryLimiter()
	ts := newLimitedServer(t, limiter)
	ts.register("alice")
	for i := range 10 {
		name := "alice"
		if i%2 == 1 {
			name = "ALICE"
		}
		if r := login(ts, name, "wrong-password", nil); r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %s; want 401", i+1, r)
		}
	}
	want429(t, login(ts, "alice", "correct-horse-battery", nil), "6")
	if r := login(ts, "bob", "whatever-password", nil); r.status != http.StatusUnauthorized {
		t.Errorf("another account: %s; want 401, not limited", r)
	}
	clock.Advance(6 * time.Second)
	if r := login(ts, "alice", "correct-horse-battery", nil); r.status != http.StatusOK {
		t.Errorf("six seconds later: %s; want 200", r)
	}
	want429(t, login(ts, "alice", "correct-horse-battery", nil), "6")
}

// TestLoginPerIP: one address trying many accounts is stopped too.
func TestLoginPerIP(t *testing.T) {
	limiter, _ := newMemoryLimiter()
	ts := newLimitedServer(t, limiter, trustTestProxy, withLimits(func(l *httpapi.Limits) {
		l.Rate.LoginPerIP = ports.Limit{Burst: 5, Period: time.Minute}
	}))
	for i := range 5 {
		if r := login(ts, "user"+string(rune('a'+i)), "password-123", from("203.0.113.7")); r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %s; want 401", i+1, r)
		}
	}
	want429(t, login(ts, "someone-else", "password-123", from("203.0.113.7")), "12")
	// Malformed attempts count as well: they are attempts.
	want429(t, ts.send(request{method: "POST", path: "/api/auth/login", body: `{`, header: from("203.0.113.7")}), "12")
	if r := login(ts, "someone-else", "password-123", from("203.0.113.8")); r.status != http.StatusUnauthorized {
		t.Errorf("another address: %s; want 401", r)
	}
}

// TestLoginPerUsername: many addresses on one account (a botnet) share
// the account's budget.
func TestLoginPerUsername(t *testing.T) {
	limiter, _ := newMemoryLimiter()
	ts := newLimitedServer(t, limiter, trustTestProxy)
	for i := range 30 {
		ip := "198.51.100." + itoa(i+1)
		if r := login(ts, "victim", "guess-"+itoa(i), from(ip)); r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %s; want 401", i+1, r)
		}
	}
	want429(t, login(ts, "victim", "guess", from("198.51.100.200")), "2")
}

// TestIPv6ClientsShareTheirPrefix: the addresses of one /64 are one client.
func TestIPv6ClientsShareTheirPrefix(t *testing.T) {
	limiter, _ := newMemoryLimiter()
	ts := newLimitedServer(t, limiter, trustTestProxy, withLimits(func(l *httpapi.Limits) {
		l.Rate.RegisterPerIP = ports.Limit{Burst: 1, Period: time.Hour}
	}))
	reg := func(name, ip string) response {
		return ts.send(request{method: "POST", path: "/api/auth/register", header: from(ip),
			body: map[string]string{"username": name, "email": name + "@example.com", "password": "correct-horse-battery"}})
	}
	if r := reg("alice", "2001:db8:1:2::1"); r.status != http.StatusCreated {
		t.Fatalf("%s; want 201", r)
	}
	want429(t, reg("bob", "2001:db8:1:2:ffff::9"), "3600")
	if r := reg("carol", "2001:db8:1:3::1"); r.status != http.StatusCreated {
		t.Errorf("another /64: %s; want 201", r)
	}
}

// TestRegisterPerIP: ten accounts an hour per address; a refused
// registration creates nothing.
func TestRegisterPerIP(t *testing.T) {
	limiter, _ := newMemoryLimiter()
	ts := newLimitedServer(t, limiter)
	for i := range 10 {
		ts.register("user" + itoa(i))
	}
	r := ts.send(request{method: "POST", path: "/api/auth/register",
		body: map[string]string{"username": "eleventh", "email": "e@example.com", "password": "correct-horse-battery"}})
	want429(t, r, "360")
	if _, err := ts.store.Users.ByUsername(t.Context(), "eleventh"); err == nil {
		t.Errorf("the refused registration created the account")
	}
}

// TestJoinPerUser: ten join attempts a minute per account; past that even
// the right code is refused, so the answer is no oracle.
func TestJoinPerUser(t *testing.T) {
	limiter, _ := newMemoryLimiter()
	ts := newLimitedServer(t, limiter, trustTestProxy)
	owner, guesser := ts.register("owner"), ts.register("guesser")
	_, code := ts.createInvestigation(owner, "Affaire")
	for i := range 10 {
		r := ts.send(request{method: "POST", path: "/api/investigations/join", token: guesser.token,
			body: map[string]string{"code": "ZZZZZZ" + itoa(10+i)}, header: from("203.0.113.1")})
		if r.status != http.StatusNotFound {
			t.Fatalf("guess %d: %s; want 404", i+1, r)
		}
	}
	r := ts.send(request{method: "POST", path: "/api/investigations/join", token: guesser.token,
		body: map[string]string{"code": code}, header: from("203.0.113.2")})
	want429(t, r, "6")
}

// TestJoinPerIP: many accounts behind one address share its budget.
func TestJoinPerIP(t *testing.T) {
	limiter, _ := newMemoryLimiter()
	ts := newLimitedServer(t, limiter, trustTestProxy, withLimits(func(l *httpapi.Limits) {
		l.Rate.RegisterPerIP = ports.Limit{Burst: -1}
	}))
	var users []user
	for i := range 4 {
		users = append(users, ts.register("guesser"+itoa(i)))
	}
	for i := range 30 {
		r := ts.send(request{method: "POST", path: "/api/investigations/join", token: users[i%4].token,
			body: map[string]string{"code": "ZZZZZ" + itoa(100+i)}, header: from("203.0.113.5")})
		if r.status != http.StatusNotFound {
			t.Fatalf("guess %d: %s; want 404", i+1, r)
		}
	}
	want429(t, ts.send(request{method: "POST", path: "/api/investigations/join", token: users[0].token,
		body: map[string]string{"code": "ZZZZZ999"}, header: from("203.0.113.5")}), "2")
}

// TestWriteBudgetPerUser: writes are limited per account; reads are not,
// and another account has its own budget.
func TestWriteBudgetPerUser(t *testing.T) {
	limiter, _ := newMemoryLimiter()
	ts := newLimitedServer(t, limiter, withLimits(func(l *httpapi.Limits) {
		l.Rate.WritesPerUser = ports.Limit{Burst: 3, Period: time.Minute}
	}))
	alice, bob := ts.register("alice"), ts.register("bob")
	inv, _ := ts.createInvestigation(alice, "Une")
	ts.createEntity(inv, alice, map[string]any{"type": "person", "title": "X"})
	ts.createEntity(inv, alice, map[string]any{"type": "person", "title": "Y"})
	r := ts.do("POST", "/api/investigations/"+inv+"/entities", alice.token, map[string]any{"type": "person", "title": "Z"})
	want429(t, r, "20")
	if r := ts.do("GET", "/api/investigations/"+inv+"/entities", alice.token, nil); r.status != http.StatusOK ||
		strings.Contains(string(r.body), `"Z"`) {
		t.Errorf("read after the limit: %s; want 200 without Z", r)
	}
	ts.createInvestigation(bob, "Autre")
}

// TestLimiterDownFailsOpen: with the limiter's store down, requests pass
// and one warning says the limits are off.
func TestLimiterDownFailsOpen(t *testing.T) {
	ts := newLimitedServer(t, brokenLimiter{})
	alice := ts.register("alice")
	for range 20 {
		if r := login(ts, "alice", "wrong-password", nil); r.status != http.StatusUnauthorized {
			t.Fatalf("%s; want 401", r)
		}
	}
	ts.createInvestigation(alice, "x")
	if n := strings.Count(ts.logs.String(), "rate limiter unavailable"); n != 1 {
		t.Errorf("%d warnings about the limiter; want 1 (throttled)", n)
	}
}

// TestLimiterKeysHoldNoUsername: usernames reach the limiter hashed and
// short, whatever their length.
func TestLimiterKeysHoldNoUsername(t *testing.T) {
	limiter, _ := newMemoryLimiter()
	rec := &recordingLimiter{RateLimiter: limiter}
	ts := newLimitedServer(t, rec)
	long := strings.Repeat("Mallory", 8000)
	login(ts, "alice.martin", "wrong-password", nil)
	login(ts, long, "wrong-password", nil)
	keys := rec.all()
	if strings.Contains(strings.ToLower(keys), "alice") || strings.Contains(strings.ToLower(keys), "mallory") {
		t.Errorf("limiter keys hold a username:\n%s", keys)
	}
	for _, k := range strings.Split(keys, "\n") {
		if len(k) > 100 {
			t.Errorf("key of %d bytes; want short keys", len(k))
		}
	}
}

// TestRateLimitsOffWithoutLimiter: no limiter, no limit (tests, demos).
func TestRateLimitsOffWithoutLimiter(t *testing.T) {
	ts := newLimitedServer(t, nil)
	for range 15 {
		if r := login(ts, "alice", "wrong-password", nil); r.status != http.StatusUnauthorized {
			t.Fatalf("%s; want 401", r)
		}
	}
}
