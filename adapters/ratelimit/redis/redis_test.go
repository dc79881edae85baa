package redis_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	rlredis "github.com/enquete/enquete/adapters/ratelimit/redis"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest/ratelimittest"
	goredis "github.com/redis/go-redis/v9"
)

// testURL is the Redis the tests use: ENQUETE_TEST_REDIS_URL, or the local one.
func testURL() string {
	if u := os.Getenv("ENQUETE_TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

var (
	reachOnce sync.Once
	reachErr  error
)

// requireRedis skips without a server, and fails under CI=true where a
// missing Redis is a broken pipeline.
func requireRedis(t *testing.T) {
	t.Helper()
	reachOnce.Do(func() {
		opts, err := goredis.ParseURL(testURL())
		if err != nil {
			reachErr = err
			return
		}
		c := goredis.NewClient(opts)
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		reachErr = c.Ping(ctx).Err()
	})
	if reachErr == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("Redis at %s is required in CI: %v", testURL(), reachErr)
	}
	t.Skipf("SKIPPING: Redis at %s does not answer (set ENQUETE_TEST_REDIS_URL): %v", testURL(), reachErr)
}

// open returns a limiter under a prefix of its own, whose keys are deleted
// when the test ends.
func open(t *testing.T, prefix string) *rlredis.Limiter {
	t.Helper()
	requireRedis(t)
	// A generous timeout: the machine may be busy with other test packages;
	// the production default (250ms) is about failing open quickly.
	l, err := rlredis.Open(rlredis.Options{URL: testURL(), Prefix: prefix, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func newPrefix(t *testing.T) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "enquete:test:" + hex.EncodeToString(b[:]) + ":"
	t.Cleanup(func() {
		opts, _ := goredis.ParseURL(testURL())
		c := goredis.NewClient(opts)
		defer c.Close()
		ctx := context.Background()
		keys, _ := c.Keys(ctx, prefix+"*").Result()
		if len(keys) > 0 {
			c.Del(ctx, keys...)
		}
	})
	return prefix
}

func TestContract(t *testing.T) {
	requireRedis(t)
	ratelimittest.Run(t, ratelimittest.Harness{
		New: func(t *testing.T) ports.RateLimiter { return open(t, newPrefix(t)) },
		// Redis keeps its own time: sleep, with a margin for the round trip.
		Wait: func(d time.Duration) { time.Sleep(d + 20*time.Millisecond) },
	})
}

// TestInstancesShareTheBudget: two instances (two clients) draw on one
// budget, which is what the Redis adapter is for.
func TestInstancesShareTheBudget(t *testing.T) {
	prefix := newPrefix(t)
	a, b := open(t, prefix), open(t, prefix)
	limit := ports.Limit{Burst: 4, Period: 4 * time.Hour}
	ctx := context.Background()
	allowed := 0
	for i := range 6 {
		l := a
		if i%2 == 1 {
			l = b
		}
		d, err := l.Allow(ctx, "login:ip:203.0.113.9", limit)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed {
			allowed++
		}
	}
	if allowed != 4 {
		t.Fatalf("6 events over two instances: %d allowed; want 4", allowed)
	}
}

// TestKeyExpires: a key lives only while it carries state (until its
// budget is full again), so Redis does not fill up with idle keys.
func TestKeyExpires(t *testing.T) {
	prefix := newPrefix(t)
	l := open(t, prefix)
	if _, err := l.Allow(context.Background(), "k", ports.Limit{Burst: 10, Period: time.Minute}); err != nil {
		t.Fatal(err)
	}
	opts, _ := goredis.ParseURL(testURL())
	c := goredis.NewClient(opts)
	defer c.Close()
	ttl, err := c.PTTL(context.Background(), prefix+"k").Result()
	if err != nil || ttl <= 0 || ttl > 6*time.Second {
		t.Fatalf("PTTL = %v, %v; want at most one interval (6s)", ttl, err)
	}
}

// TestUnreachable: a dead Redis is an error (the caller fails open), not a
// hang and not a decision.
func TestUnreachable(t *testing.T) {
	l, err := rlredis.Open(rlredis.Options{URL: "redis://127.0.0.1:1/0"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if d, err := l.Allow(context.Background(), "k", ports.Limit{Burst: 1, Period: time.Minute}); err == nil {
		t.Fatalf("Allow on a dead Redis = %+v, nil; want an error", d)
	}
}

func TestOpenHidesPassword(t *testing.T) {
	_, err := rlredis.Open(rlredis.Options{URL: "redis://user:s3cret@exa mple:6379/\x7f"})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("Open(bad URL) = %v; want an error without the password", err)
	}
}
