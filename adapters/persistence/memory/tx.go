package memory

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/enquete/enquete/adapters/persistence/txhook"
	"github.com/enquete/enquete/ports"
)

var _ ports.TxRunner = txRunner{}

// errTxDone is what database/sql says when a transaction's context is used
// after its commit or rollback.
var errTxDone = errors.New("memory: transaction has already been committed or rolled back")

// txKey marks a context as inside a transaction of one db. The db is part of
// the key so that two stores' transactions never mistake each other's.
type txKey struct{ d *db }

// tx is a live transaction; done flips when it ends, so that a context that
// leaked out of fn cannot touch the state without the lock.
type tx struct{ done atomic.Bool }

func (d *db) txOf(ctx context.Context) *tx {
	t, _ := ctx.Value(txKey{d}).(*tx)
	return t
}

type txRunner struct{ d *db }

// InTx runs fn holding the write lock, on a deep copy kept aside: if fn
// returns an error or panics, the copy is put back (and the panic goes on).
// Copying the whole state costs O(size) per transaction, which is fine for
// tests and demos and keeps rollback obviously right. A nested InTx joins
// the outer transaction, as the SQL adapters do. Its txhook work runs as in
// the SQL adapters: before-commit last inside the transaction, after-commit
// once the lock is released.
func (r txRunner) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	d := r.d
	switch inTx, err := d.enter(ctx); {
	case err != nil:
		return err
	case inTx:
		return fn(ctx)
	}
	hooks, committed := &txhook.Hooks{}, false
	defer func() { // deferred first, so it runs after the unlock
		if committed {
			hooks.RunAfter()
		}
	}()
	d.mu.Lock()
	defer d.mu.Unlock()
	saved, t := d.st.clone(), &tx{}
	defer func() {
		t.done.Store(true)
		if !committed {
			d.st = saved
		}
	}()
	txCtx := txhook.With(context.WithValue(ctx, txKey{d}, t), d, hooks)
	if err := fn(txCtx); err != nil {
		return err
	}
	// database/sql rolls back a transaction whose context ended before commit.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := hooks.RunBefore(txCtx); err != nil {
		return err
	}
	committed = true
	return nil
}
