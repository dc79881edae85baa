package ports

import (
	"context"
	"time"
)

// Limit is a rate: at most Burst events at once, regained at a steady pace
// of one every Period/Burst. "10 per minute" is Limit{Burst: 10, Period:
// time.Minute}: ten attempts in a row, then one every six seconds. Unlike a
// fixed window, it never allows twice the rate across a window boundary.
type Limit struct {
	Burst  int
	Period time.Duration
}

// Valid reports whether the limit can be enforced; the zero Limit is not
// (callers treat it as "no limit").
func (l Limit) Valid() bool { return l.Burst > 0 && l.Period > 0 }

// Interval is the time it takes to regain one event.
func (l Limit) Interval() time.Duration { return l.Period / time.Duration(l.Burst) }

// Decision is a rate limiter's answer for one event.
type Decision struct {
	// Allowed is false when the event exceeds the limit; it was then not
	// counted.
	Allowed bool
	// Remaining is how many more events would be allowed right now.
	Remaining int
	// RetryAfter is how long to wait before the next event can be allowed;
	// zero when Allowed.
	RetryAfter time.Duration
}

// RateLimiter counts events per key. Implementations keep their state in
// memory (one instance) or in a shared store (Redis), so that a limit holds
// across every instance of the service. Keys are opaque and bounded in
// length by the caller; they must not carry personal data in clear.
type RateLimiter interface {
	// Allow counts one event for key under limit, unless that would exceed
	// it. The same key must always be used with the same limit. An error
	// means the limiter could not decide (its store is down); the caller
	// chooses whether to fail open or closed.
	Allow(ctx context.Context, key string, limit Limit) (Decision, error)
}
