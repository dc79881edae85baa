// Package gormtest gives tests fresh, migrated stores: an SQLite file in the
// test's temporary directory, or a throwaway PostgreSQL database dropped when
// the test ends.
package gormtest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
)

// NewSQLite returns a migrated store on a new SQLite file, closed at cleanup.
func NewSQLite(t testing.TB) *gormstore.DB {
	t.Helper()
	return Open(t, "sqlite:"+filepath.Join(t.TempDir(), "enquete.db"))
}

// NewPostgres returns a migrated store on a new PostgreSQL database, dropped
// at cleanup. Without a server it skips the test (fails it when CI=true).
func NewPostgres(t testing.TB) *gormstore.DB {
	t.Helper()
	RequirePostgres(t)
	return Open(t, createDatabase(t, migratedTemplate(t)))
}

// testConns caps each test store's pool: many test packages run at once
// against one server (max_connections is 100 by default), and the contract
// suite's 8 concurrent writers still contend on 4 connections.
const testConns = 4

// Open opens url, migrates it and closes it at cleanup.
func Open(t testing.TB, url string) *gormstore.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := gormstore.Open(ctx, gormstore.Options{URL: url, MaxOpenConns: testConns, SlowQuery: -1})
	if err != nil {
		t.Fatalf("gormtest: open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("gormtest: migrate: %v", err)
	}
	return db
}
