package httpapi_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/jwt"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/persistence/memory"
	rlmemory "github.com/enquete/enquete/adapters/ratelimit/memory"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/ports"
)

// newLimitedServer is newTestServer with a rate limiter (the shared
// harness has no Deps hook).
func newLimitedServer(t testing.TB, limiter ports.RateLimiter, opts ...serverOption) *testServer {
	t.Helper()
	m := diskMedia(t)
	store := memory.NewStore()
	options := httpapi.Options{MediaURL: "/media/", MaxBodyBytes: testMaxBody}
	for _, o := range opts {
		o(store, &options)
	}
	clock := &stepClock{now: time.Date(2025, 11, 26, 7, 0, 0, 123456000, time.UTC)}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("test-secret-test-secret-test-secret")}}})
	if err != nil {
		t.Fatalf("jwt.New = %v", err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	casework := appcasework.NewService(store, m, clock, log)
	engine := httpapi.NewRouter(httpapi.Deps{
		Identity: appidentity.NewService(store.Users, djangohash.New(1000), tokens, nil, clock),
		Casework: casework,
		Board:    appboard.NewService(casework, store, m, clock, log),
		Avatars:  appidentity.NewAvatars(store.Users, m, nil),
		Ping:     store.Ping,
		Log:      log,
		Options:  options,
		Limiter:  limiter,
	})
	return &testServer{t: t, engine: engine, store: store, media: m, logs: logs}
}

// limiterClock is the rate limiter's clock, moved by the tests only.
type limiterClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *limiterClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *limiterClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newMemoryLimiter is the in-memory limiter on a clock the test moves.
func newMemoryLimiter() (*rlmemory.Limiter, *limiterClock) {
	clock := &limiterClock{now: time.Date(2025, 11, 26, 7, 0, 0, 0, time.UTC)}
	return rlmemory.New(rlmemory.Options{Now: clock.Now}), clock
}

// recordingLimiter records the keys it is asked about.
type recordingLimiter struct {
	ports.RateLimiter
	mu   sync.Mutex
	keys []string
}

func (r *recordingLimiter) Allow(ctx context.Context, key string, l ports.Limit) (ports.Decision, error) {
	r.mu.Lock()
	r.keys = append(r.keys, key)
	r.mu.Unlock()
	return r.RateLimiter.Allow(ctx, key, l)
}

func (r *recordingLimiter) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.keys, "\n")
}

// brokenLimiter is a limiter whose store is down.
type brokenLimiter struct{}

func (brokenLimiter) Allow(context.Context, string, ports.Limit) (ports.Decision, error) {
	return ports.Decision{}, context.DeadlineExceeded
}

// withLimits sets the limits of a test server.
func withLimits(f func(*httpapi.Limits)) serverOption {
	return func(_ *ports.Store, o *httpapi.Options) { f(&o.Limits) }
}

// from makes a request come from a client address through a trusted proxy.
func from(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }

var trustTestProxy = func(_ *ports.Store, o *httpapi.Options) { o.TrustedProxies = []string{"192.0.2.0/24"} }
