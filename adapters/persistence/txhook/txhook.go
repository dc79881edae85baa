// Package txhook lets a storage adapter's repositories defer work to the end
// of the outermost transaction: statements that must be the last of the
// transaction (the event log allocates its sequence numbers there, so that
// the per-investigation counter row stays locked as briefly as possible and
// is always the last lock taken, which rules out deadlocks on it), and
// notifications that must only go out once the transaction has committed.
//
// The transaction runner of each store creates a Hooks for every outermost
// transaction, runs Before just before COMMIT (an error rolls back) and
// After once the commit succeeded. Nested transactions join the outer one,
// hence its hooks.
package txhook

import (
	"context"
	"sync"
)

// Hooks is the deferred work of one transaction.
type Hooks struct {
	mu     sync.Mutex
	before []func(ctx context.Context) error
	after  []func()
}

// BeforeCommit adds fn, run with the transaction's context just before
// commit, in registration order.
func (h *Hooks) BeforeCommit(fn func(ctx context.Context) error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.before = append(h.before, fn)
}

// AfterCommit adds fn, run after a successful commit, in registration order.
func (h *Hooks) AfterCommit(fn func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.after = append(h.after, fn)
}

// RunBefore runs the before-commit work; the first error stops it. A hook
// may register more hooks (they run too).
func (h *Hooks) RunBefore(ctx context.Context) error {
	for i := 0; ; i++ {
		h.mu.Lock()
		if i >= len(h.before) {
			h.mu.Unlock()
			return nil
		}
		fn := h.before[i]
		h.mu.Unlock()
		if err := fn(ctx); err != nil {
			return err
		}
	}
}

// RunAfter runs the after-commit work.
func (h *Hooks) RunAfter() {
	h.mu.Lock()
	fns := h.after
	h.after = nil
	h.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// key is the context key of a store's hooks; owner (the store) is part of
// it so that the hooks of one store's transaction never collect another's.
type key struct{ owner any }

// With returns ctx carrying h for owner's transaction.
func With(ctx context.Context, owner any, h *Hooks) context.Context {
	return context.WithValue(ctx, key{owner}, h)
}

// From returns owner's transaction hooks in ctx, nil outside a transaction.
func From(ctx context.Context, owner any) *Hooks {
	h, _ := ctx.Value(key{owner}).(*Hooks)
	return h
}
