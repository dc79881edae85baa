package gormstore_test

import (
	"context"
	"testing"
	"time"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/identity"
)

// dialects runs fn once per database kind, each on a fresh store.
func dialects(t *testing.T, fn func(t *testing.T, db *gormstore.DB)) {
	t.Helper()
	for _, c := range []struct {
		name string
		open func(testing.TB) *gormstore.DB
	}{
		{"sqlite", gormtest.NewSQLite},
		{"postgres", gormtest.NewPostgres},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fn(t, c.open(t))
		})
	}
}

// t0 has a non-zero microsecond part, to prove it survives a round trip.
var t0 = time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.UTC)

func mustUser(t *testing.T, db *gormstore.DB, name string) *identity.User {
	t.Helper()
	u, err := identity.NewUser(name, name+"@example.com", "", "", "pbkdf2_sha256$600000$salt$hash", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Store().Users.Create(context.Background(), u); err != nil {
		t.Fatalf("Users.Create(%q) = %v", name, err)
	}
	return u
}

func mustInvestigation(t *testing.T, db *gormstore.DB, owner *identity.User) *casework.Investigation {
	t.Helper()
	ctx := context.Background()
	inv, err := casework.New("Affaire", "", owner.ID(), t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Store().Investigations.Create(ctx, inv); err != nil {
		t.Fatalf("Investigations.Create = %v", err)
	}
	if err := db.Store().Members.Add(ctx, inv.NewOwner(t0)); err != nil {
		t.Fatalf("Members.Add(owner) = %v", err)
	}
	return inv
}

func mustEntity(t *testing.T, db *gormstore.DB, inv *casework.Investigation, by *identity.User, d board.EntityDraft, at time.Time) *board.Entity {
	t.Helper()
	if d.Kind == "" {
		d.Kind = "person"
	}
	e, err := board.NewEntity(inv.ID(), d, by.ID(), at)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Store().Entities.Create(context.Background(), e); err != nil {
		t.Fatalf("Entities.Create = %v", err)
	}
	return e
}

func openSQLite(t *testing.T) *gormstore.DB { return gormtest.NewSQLite(t) }
