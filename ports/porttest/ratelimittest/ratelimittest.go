// Package ratelimittest is the contract test suite of ports.RateLimiter.
// The in-memory and the Redis adapters run the same suite, so that a
// deployment can move from one instance to several without the limits
// changing meaning.
package ratelimittest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/enquete/enquete/ports"
)

// Harness tells the suite how to make a limiter and how to let time pass.
type Harness struct {
	// New returns a limiter whose keys no other test sees.
	New func(t *testing.T) ports.RateLimiter
	// Wait lets at least d pass for the limiter: a fake clock advances, a
	// limiter on a server's clock sleeps a little longer than d.
	Wait func(d time.Duration)
}

// Run runs the whole RateLimiter contract.
func Run(t *testing.T, h Harness) {
	t.Run("BurstThenDeny", func(t *testing.T) { testBurstThenDeny(t, h.New(t)) })
	t.Run("KeysAreIndependent", func(t *testing.T) { testKeysIndependent(t, h.New(t)) })
	t.Run("RetryAfterIsOneInterval", func(t *testing.T) { testRetryAfter(t, h.New(t)) })
	t.Run("RecoversAfterRetryAfter", func(t *testing.T) { testRecovers(t, h) })
	t.Run("DeniedEventsAreNotCounted", func(t *testing.T) { testDeniedNotCounted(t, h) })
	t.Run("ConcurrentCallersShareTheBudget", func(t *testing.T) { testConcurrent(t, h.New(t)) })
	t.Run("OddKeys", func(t *testing.T) { testOddKeys(t, h.New(t)) })
	t.Run("InvalidLimit", func(t *testing.T) { testInvalidLimit(t, h.New(t)) })
	t.Run("CancelledContext", func(t *testing.T) { testCancelled(t, h.New(t)) })
}

// hourly limits never regain an event while a test runs, whatever the clock.
func hourly(burst int) ports.Limit {
	return ports.Limit{Burst: burst, Period: time.Duration(burst) * time.Hour}
}

func allow(t *testing.T, l ports.RateLimiter, key string, limit ports.Limit) ports.Decision {
	t.Helper()
	d, err := l.Allow(context.Background(), key, limit)
	if err != nil {
		t.Fatalf("Allow(%q, %+v) = %v", key, limit, err)
	}
	return d
}

func testBurstThenDeny(t *testing.T, l ports.RateLimiter) {
	limit := hourly(5)
	for i := range 5 {
		d := allow(t, l, "k", limit)
		if !d.Allowed || d.Remaining != 4-i || d.RetryAfter != 0 {
			t.Fatalf("event %d: %+v; want allowed with %d remaining", i+1, d, 4-i)
		}
	}
	for i := range 3 {
		if d := allow(t, l, "k", limit); d.Allowed || d.Remaining != 0 || d.RetryAfter <= 0 {
			t.Fatalf("event %d beyond the burst: %+v; want denied with a retry delay", i+1, d)
		}
	}
}

func testKeysIndependent(t *testing.T, l ports.RateLimiter) {
	limit := hourly(1)
	allow(t, l, "a", limit)
	if d := allow(t, l, "a", limit); d.Allowed {
		t.Fatalf("second event on a: %+v; want denied", d)
	}
	for _, k := range []string{"b", "A", "a ", "ab"} {
		if d := allow(t, l, k, limit); !d.Allowed {
			t.Errorf("first event on %q: %+v; want allowed (keys are exact)", k, d)
		}
	}
}

// testRetryAfter: once the burst is spent, the next event is one interval
// (period/burst) away, not a whole period.
func testRetryAfter(t *testing.T, l ports.RateLimiter) {
	limit := hourly(4) // one event every hour
	for range 4 {
		allow(t, l, "k", limit)
	}
	d := allow(t, l, "k", limit)
	if d.Allowed || d.RetryAfter > time.Hour || d.RetryAfter < 59*time.Minute {
		t.Fatalf("after the burst: %+v; want denied, retry in about an hour", d)
	}
}

func testRecovers(t *testing.T, h Harness) {
	l := h.New(t)
	limit := ports.Limit{Burst: 2, Period: 200 * time.Millisecond}
	allow(t, l, "k", limit)
	allow(t, l, "k", limit)
	d := allow(t, l, "k", limit)
	if d.Allowed || d.RetryAfter <= 0 || d.RetryAfter > limit.Interval() {
		t.Fatalf("third event: %+v; want denied with retry ≤ %v", d, limit.Interval())
	}
	h.Wait(d.RetryAfter)
	if d := allow(t, l, "k", limit); !d.Allowed {
		t.Fatalf("after waiting RetryAfter: %+v; want allowed", d)
	}
}

// testDeniedNotCounted: hammering a limited key does not push its recovery
// further away; otherwise a client retrying too early would lock itself out.
func testDeniedNotCounted(t *testing.T, h Harness) {
	l := h.New(t)
	limit := ports.Limit{Burst: 1, Period: 100 * time.Millisecond}
	allow(t, l, "k", limit)
	var last ports.Decision
	for range 20 {
		last = allow(t, l, "k", limit)
	}
	if last.Allowed || last.RetryAfter > limit.Interval() {
		t.Fatalf("after 20 denied events: %+v; want denied, retry ≤ %v", last, limit.Interval())
	}
	h.Wait(last.RetryAfter)
	if d := allow(t, l, "k", limit); !d.Allowed {
		t.Fatalf("after RetryAfter: %+v; want allowed", d)
	}
}

// testConcurrent: the check and the count are one atomic step, so that
// parallel requests (or instances) cannot all pass the same check.
func testConcurrent(t *testing.T, l ports.RateLimiter) {
	const callers, burst = 64, 10
	var allowed, failed atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range callers {
		wg.Go(func() {
			<-start
			d, err := l.Allow(context.Background(), "shared", hourly(burst))
			switch {
			case err != nil:
				failed.Add(1)
			case d.Allowed:
				allowed.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if failed.Load() != 0 || allowed.Load() != burst {
		t.Fatalf("%d concurrent callers: %d allowed, %d errors; want exactly %d allowed", callers, allowed.Load(), failed.Load(), burst)
	}
}

func testOddKeys(t *testing.T, l ports.RateLimiter) {
	for _, k := range []string{"", "é:ü/\\*?[]{}", "\x00\xff", strings.Repeat("k", 512), "login:ip:2001:db8::1"} {
		allow(t, l, k, hourly(1))
		if d := allow(t, l, k, hourly(1)); d.Allowed {
			t.Errorf("second event on %q: %+v; want denied", k, d)
		}
	}
}

func testInvalidLimit(t *testing.T, l ports.RateLimiter) {
	for _, limit := range []ports.Limit{{}, {Burst: 0, Period: time.Minute}, {Burst: 5}, {Burst: -1, Period: time.Minute}} {
		if d, err := l.Allow(context.Background(), fmt.Sprint(limit), limit); err == nil {
			t.Errorf("Allow with %+v = %+v, nil; want an error", limit, d)
		}
	}
}

func testCancelled(t *testing.T, l ports.RateLimiter) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if d, err := l.Allow(ctx, "k", hourly(1)); err == nil {
		t.Errorf("Allow with a cancelled context = %+v, nil; want an error", d)
	}
}
