package gormstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/google/uuid"
)

// A context carrying store A's transaction must not make store B write into
// it: B keeps its own connection, so B's write survives A's rollback.
func TestTransactionStaysInItsStore(t *testing.T) {
	a, b := openSQLite(t), openSQLite(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := a.InTx(ctx, func(ctx context.Context) error {
		if _, err := createNamed(ctx, a, "in-a"); err != nil {
			return err
		}
		if _, err := createNamed(ctx, b, "in-b"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v; want boom", err)
	}
	if _, err := a.Store().Users.ByUsername(ctx, "in-a"); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("store A after rollback: ByUsername(in-a) = %v; want not found", err)
	}
	if _, err := b.Store().Users.ByUsername(ctx, "in-b"); err != nil {
		t.Errorf("store B: ByUsername(in-b) = %v; want its own committed write", err)
	}
}

func createNamed(ctx context.Context, db *gormstore.DB, name string) (*identity.User, error) {
	u, err := identity.NewUser(name, name+"@example.com", "", "", "x", t0)
	if err != nil {
		return nil, err
	}
	return u, db.Store().Users.Create(ctx, u)
}

// Both databases check foreign keys (SQLite only when asked, per connection):
// an orphan row is refused rather than silently stored.
func TestForeignKeysEnforced(t *testing.T) {
	dialects(t, func(t *testing.T, db *gormstore.DB) {
		u := mustUser(t, db, "alice")
		orphan, err := board.NewEntity(uuid.New(), board.EntityDraft{Kind: "person", Title: "Orphelin"}, u.ID(), t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Store().Entities.Create(context.Background(), orphan); err == nil {
			t.Error("Entities.Create(in an unknown investigation) = nil; want a foreign key error")
		}
	})
}

func TestSQLiteOpenCreatesDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "var", "lib", "enquete.db")
	db := openURL(t, "sqlite:"+path, 0)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file: %v", err)
	}
	var mode string
	if err := db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}
