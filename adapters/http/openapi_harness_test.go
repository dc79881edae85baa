package httpapi_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/djangosession"
	"github.com/enquete/enquete/adapters/auth/jwt"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/http/legacy"
	"github.com/enquete/enquete/adapters/http/openapi"
	"github.com/enquete/enquete/adapters/http/openapi/openapitest"
	"github.com/enquete/enquete/adapters/persistence/memory"
	ratememory "github.com/enquete/enquete/adapters/ratelimit/memory"
	"github.com/enquete/enquete/adapters/realtime"
	appaudit "github.com/enquete/enquete/application/audit"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	applive "github.com/enquete/enquete/application/live"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// Settings of the spec server.
const (
	specMetricsToken = "scrape-secret"
	specSecretKey    = "django-secret-key-for-the-openapi-tests"
	specLoginBurst   = 3 // login attempts per address and username before 429
)

// specServer is the whole HTTP surface as the composition root assembles
// it (REST router with metrics and a rate limiter, the legacy routes,
// /media/), with every answer sent through call checked against the
// OpenAPI description.
type specServer struct {
	*testServer
	doc      *openapitest.Doc
	metrics  *httpapi.Metrics
	identity *appidentity.Service
	clock    *stepClock
	// answered holds "METHOD template" of every operation that answered
	// with a status below 400, to check that the scenarios exercise them all.
	answered map[string]bool
}

func specDoc(t testing.TB) *openapitest.Doc {
	t.Helper()
	b, err := openapi.JSON()
	if err != nil {
		t.Fatalf("openapi.JSON = %v", err)
	}
	d, err := openapitest.New(b)
	if err != nil {
		t.Fatalf("openapitest.New = %v", err)
	}
	return d
}

func newSpecServer(t *testing.T) *specServer {
	t.Helper()
	engine, s := buildFullEngine(t)
	s.testServer.engine = engine
	s.doc = specDoc(t)
	s.answered = map[string]bool{}
	return s
}

// buildFullEngine assembles the engine; the route test uses it alone.
func buildFullEngine(t *testing.T) (*gin.Engine, *specServer) {
	t.Helper()
	store := memory.NewStore()
	m := diskMedia(t)
	clock := &stepClock{now: time.Date(2025, 11, 26, 7, 0, 0, 123456000, time.UTC)}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("test-secret-test-secret-test-secret")}}, Clock: clock})
	if err != nil {
		t.Fatalf("jwt.New = %v", err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sessions := djangosession.NewReader(specSecretKey, store.Sessions, store.Users, clock)
	identity := appidentity.NewService(store.Users, djangohash.New(1000), tokens, sessions, clock).WithRevocations(store.Revocations)
	casework := appcasework.NewService(store, m, clock, log)
	board := appboard.NewService(casework, store, m, clock, log)
	live := applive.NewService(applive.Deps{Store: store, Access: casework, Board: board, Bus: realtime.NewLocal(),
		Clock: clock, Log: log}, applive.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go live.Run(ctx)
	t.Cleanup(cancel)
	t.Cleanup(live.CloseStreams)
	metrics := httpapi.NewMetrics()
	limits := httpapi.Limits{Rate: httpapi.RateLimits{LoginPerIPUser: ports.Limit{Burst: specLoginBurst, Period: time.Hour}}}
	engine := httpapi.NewRouter(httpapi.Deps{
		Identity: identity, Casework: casework, Board: board, Avatars: appidentity.NewAvatars(store.Users, m, log),
		Audit: appaudit.NewService(casework, store), Live: live,
		Ping: store.Ping, Log: log, Limiter: ratememory.New(ratememory.Options{}), Metrics: metrics,
		Options: httpapi.Options{MediaURL: "/media/", MaxBodyBytes: testMaxBody, MetricsToken: specMetricsToken,
			Limits: limits, CORSOrigins: []string{"http://localhost:8000"}},
	})
	legacy.Register(engine, legacy.Deps{Identity: identity, Casework: casework, Board: board, Log: log,
		MediaURL: "/media/", MaxBodyBytes: testMaxBody})
	legacy.RegisterMedia(engine, "/media/", m)
	ts := &testServer{t: t, engine: engine, store: store, media: m, logs: logs}
	return engine, &specServer{testServer: ts, metrics: metrics, identity: identity, clock: clock}
}

// call sends q and checks the answer against the description.
func (s *specServer) call(q request) response {
	s.t.Helper()
	return s.check(s.send(q))
}

// expect is call that also wants a status.
func (s *specServer) expect(status int, q request) response {
	s.t.Helper()
	r := s.call(q)
	if r.status != status {
		s.t.Errorf("%s; want %d", r, status)
	}
	return r
}

func (s *specServer) check(r response) response {
	s.t.Helper()
	path, _, _ := strings.Cut(r.path, "?")
	m, err := s.doc.Response(r.method, path, r.status, r.header, r.body)
	if err != nil {
		s.t.Errorf("%v\n  response: %s", err, clipBody(r))
	}
	if r.header.Get("X-Request-ID") == "" {
		s.t.Errorf("%s: no X-Request-ID", r)
	}
	if r.status < 400 && m.Template != "" {
		s.answered[m.Method+" "+m.Template] = true
	}
	return r
}

func clipBody(r response) string {
	s := r.String()
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}

// unanswered lists the documented operations whose path has prefix and
// that no call answered successfully.
func (s *specServer) unanswered(match func(op string) bool) []string {
	var out []string
	for _, op := range s.doc.Operations() {
		if match(op) && !s.answered[op] {
			out = append(out, op)
		}
	}
	slices.Sort(out)
	return out
}

// session gives u a Django session (as Django's login form would) and a CSRF
// secret; it returns the Cookie header to send.
func (s *specServer) session(u user) (cookie, csrf string) {
	s.t.Helper()
	ctx := context.Background()
	stored, err := s.store.Users.ByID(ctx, u.id)
	if err != nil {
		s.t.Fatal(err)
	}
	data := djangosession.Encode(specSecretKey, map[string]any{
		"_auth_user_id":      fmt.Sprint(u.id),
		"_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
		"_auth_user_hash":    djangosession.AuthHash(specSecretKey, stored.PasswordHash()),
	}, s.clock.Now())
	key := fmt.Sprintf("openapisession%018d", u.id)
	if err := s.store.Sessions.Save(ctx, key, data, s.clock.Now().Add(14*24*time.Hour)); err != nil {
		s.t.Fatal(err)
	}
	csrf = "abcdefghijklmnopqrstuvwxyzABCDEF"
	return "sessionid=" + key + "; csrftoken=" + csrf, csrf
}
