package httpapi_test

import (
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/djangosession"
	"github.com/enquete/enquete/adapters/auth/jwt"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/persistence/memory"
	appaudit "github.com/enquete/enquete/application/audit"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/ports"
)

// testDjangoSecret signs the Django sessions of the lifecycle tests.
const testDjangoSecret = "django-secret-for-lifecycle-tests"

// lifecycleServer is the real router with everything issue 6's audit and
// token lifecycle need: revocable tokens, Django sessions, the history
// route. The identity service and the token issuer share one clock, as in
// production (a revocation instant and issue times must be comparable).
type lifecycleServer struct {
	*testServer
	identity *appidentity.Service
}

func newLifecycleServer(t testing.TB, trustedProxies ...string) *lifecycleServer {
	t.Helper()
	return newLifecycleServerOn(t, memory.NewStore(), trustedProxies...)
}

// newLifecycleServerOn is newLifecycleServer on the given storage.
func newLifecycleServerOn(t testing.TB, store *ports.Store, trustedProxies ...string) *lifecycleServer {
	t.Helper()
	m := diskMedia(t)
	// Real time, stepping: a database store prunes revoked tokens by its own clock.
	clock := &stepClock{now: time.Now().UTC().Truncate(time.Millisecond)}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{ID: "k1", Secret: []byte("test-secret-test-secret-test-secret")}}, Clock: clock})
	if err != nil {
		t.Fatalf("jwt.New = %v", err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sessions := djangosession.NewReader(testDjangoSecret, store.Sessions, store.Users, clock)
	identity := appidentity.NewService(store.Users, djangohash.New(1000), tokens, sessions, clock).WithRevocations(store.Revocations)
	casework := appcasework.NewService(store, m, clock, log)
	engine := httpapi.NewRouter(httpapi.Deps{
		Identity: identity,
		Casework: casework,
		Board:    appboard.NewService(casework, store, m, clock, log),
		Avatars:  appidentity.NewAvatars(store.Users, m, nil),
		Audit:    appaudit.NewService(casework, store),
		Ping:     store.Ping,
		Log:      log,
		Options: httpapi.Options{MediaURL: "/media/", MaxBodyBytes: testMaxBody, TrustedProxies: trustedProxies,
			CORSOrigins: []string{"http://localhost:8000"}},
	})
	ts := &testServer{t: t, engine: engine, store: store, media: m, logs: logs}
	return &lifecycleServer{testServer: ts, identity: identity}
}

// login returns a fresh token of a registered user.
func (ls *lifecycleServer) login(u user) string {
	ls.t.Helper()
	r := ls.must(http.StatusOK, "POST", "/api/auth/login", "", map[string]string{"username": u.name, "password": "correct-horse-battery"})
	return r.json(ls.t)["token"].(string)
}

// wantMe checks whether a token still opens GET /api/auth/me.
func (ls *lifecycleServer) wantMe(what, token string, valid bool) {
	ls.t.Helper()
	r := ls.do("GET", "/api/auth/me", token, nil)
	switch {
	case valid && r.status != http.StatusOK:
		ls.t.Errorf("%s: %s; want 200", what, r)
	case !valid:
		wantError(ls.t, r, http.StatusUnauthorized, "Invalid token")
	}
}

// audit returns the store's audit trail for direct checks.
func (ls *lifecycleServer) audit() ports.AuditTrail { return ls.store.Audit }
