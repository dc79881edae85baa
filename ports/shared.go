package ports

import (
	"context"
	"time"
)

// TxRunner runs fn in one database transaction: every repository call made
// with the context fn receives is part of it. A non-nil error from fn (or a
// panic) rolls everything back.
type TxRunner interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Clock gives the current time; tests substitute a fixed one.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Pinger reports whether the database answers (for /ready).
type Pinger interface {
	Ping(ctx context.Context) error
}
