package memory_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/ratelimit/memory"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest/ratelimittest"
)

// fakeClock moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2025, 11, 26, 7, 0, 0, 0, time.UTC)} }

func TestContract(t *testing.T) {
	clock := newClock()
	ratelimittest.Run(t, ratelimittest.Harness{
		New:  func(*testing.T) ports.RateLimiter { return memory.New(memory.Options{Now: clock.Now}) },
		Wait: clock.Advance,
	})
}

func TestRegainsOneEventPerInterval(t *testing.T) {
	clock := newClock()
	l := memory.New(memory.Options{Now: clock.Now})
	limit := ports.Limit{Burst: 10, Period: time.Minute}
	ctx := context.Background()
	for range 10 {
		l.Allow(ctx, "k", limit)
	}
	clock.Advance(18 * time.Second) // three intervals of six seconds
	for i := range 3 {
		if d, _ := l.Allow(ctx, "k", limit); !d.Allowed {
			t.Fatalf("event %d after 18s: %+v; want allowed", i+1, d)
		}
	}
	if d, _ := l.Allow(ctx, "k", limit); d.Allowed || d.RetryAfter != 6*time.Second {
		t.Fatalf("fourth event after 18s: %+v; want denied, retry in 6s", d)
	}
	clock.Advance(time.Hour)
	if d, _ := l.Allow(ctx, "k", limit); !d.Allowed || d.Remaining != 9 {
		t.Fatalf("after an hour: %+v; want the whole burst back", d)
	}
}

// TestBoundedMemory floods the limiter with distinct keys: it never holds
// more than MaxKeys, and a limited key survives the flood once the
// flooding keys have recovered (they are dropped first).
func TestBoundedMemory(t *testing.T) {
	clock := newClock()
	const maxKeys = 1600
	l := memory.New(memory.Options{MaxKeys: maxKeys, Now: clock.Now})
	ctx := context.Background()
	victim := ports.Limit{Burst: 1, Period: time.Hour}
	l.Allow(ctx, "victim", victim)
	flood := ports.Limit{Burst: 1, Period: time.Second}
	for round := range 5 {
		for i := range 2 * maxKeys {
			if _, err := l.Allow(ctx, fmt.Sprintf("flood-%d-%d", round, i), flood); err != nil {
				t.Fatal(err)
			}
		}
		if n := l.Len(); n > maxKeys {
			t.Fatalf("round %d: %d keys held; want at most %d", round, n, maxKeys)
		}
		clock.Advance(2 * time.Second) // the flood recovers; the victim does not
	}
	if d, _ := l.Allow(ctx, "victim", victim); d.Allowed {
		t.Errorf("victim after the flood: %+v; want still denied", d)
	}
}

func BenchmarkAllow(b *testing.B) {
	l := memory.New(memory.Options{})
	limit := ports.Limit{Burst: 1000, Period: time.Second}
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			l.Allow(ctx, fmt.Sprint(i%4096), limit)
		}
	})
}
