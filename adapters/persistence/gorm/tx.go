package gormstore

import (
	"context"

	"github.com/enquete/enquete/adapters/persistence/txhook"
	"github.com/enquete/enquete/ports"
	"gorm.io/gorm"
)

var (
	_ ports.TxRunner = (*DB)(nil)
	_ ports.Pinger   = (*DB)(nil)
)

// txKey carries the open transaction in a context. It includes the DB so that
// a context from one store's transaction is never used by another store.
type txKey struct{ db *DB }

// InTx runs fn in a transaction: every repository call made with the context
// fn receives uses it. Called inside another InTx, it joins the outer
// transaction. An error from fn or a panic rolls back; a panic goes on up.
// The outermost transaction runs the txhook work registered meanwhile: the
// before-commit work last inside it, the after-commit work once committed.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{d}).(*gorm.DB); ok {
		return fn(ctx)
	}
	tx := d.gorm.WithContext(ctx).Begin()
	if tx.Error != nil {
		return fail("begin", tx.Error)
	}
	committed := false
	defer func() {
		if !committed {
			tx.Rollback()
		}
	}()
	hooks := &txhook.Hooks{}
	txCtx := txhook.With(context.WithValue(ctx, txKey{d}, tx), d, hooks)
	if err := fn(txCtx); err != nil {
		return err
	}
	if err := hooks.RunBefore(txCtx); err != nil {
		return err
	}
	if err := tx.Commit().Error; err != nil {
		return fail("commit", err)
	}
	committed = true
	hooks.RunAfter()
	return nil
}

// db returns the context's transaction, or the pool outside one.
func (d *DB) db(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{d}).(*gorm.DB); ok {
		return tx.WithContext(ctx)
	}
	return d.gorm.WithContext(ctx)
}
