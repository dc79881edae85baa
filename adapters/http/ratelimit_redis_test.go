package httpapi_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"os"
	"testing"
	"time"

	rlredis "github.com/enquete/enquete/adapters/ratelimit/redis"
	"github.com/enquete/enquete/ports"
)

var hourlyLimit = ports.Limit{Burst: 1000, Period: time.Hour}

// TestLimitsHoldAcrossInstances: two instances of the service on one
// Redis share the login budget, which a per-process limiter cannot do.
func TestLimitsHoldAcrossInstances(t *testing.T) {
	url := os.Getenv("ENQUETE_TEST_REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379/0"
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	limiter, err := rlredis.Open(rlredis.Options{URL: url, Prefix: "enquete:test:" + hex.EncodeToString(b[:]) + ":", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer limiter.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := limiter.Allow(ctx, "probe", hourlyLimit); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Redis at %s is required in CI: %v", url, err)
		}
		t.Skipf("SKIPPING: Redis at %s does not answer: %v", url, err)
	}
	a, b2 := newLimitedServer(t, limiter), newLimitedServer(t, limiter)
	for i := range 10 {
		ts := a
		if i%2 == 1 {
			ts = b2
		}
		if r := login(ts, "alice", "wrong-password", nil); r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %s; want 401", i+1, r)
		}
	}
	for _, ts := range []*testServer{a, b2} {
		if r := login(ts, "alice", "wrong-password", nil); r.status != http.StatusTooManyRequests {
			t.Errorf("eleventh attempt: %s; want 429 on every instance", r)
		}
	}
}
