package memory_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/google/uuid"
)

// These cases cover what only an in-memory store can get wrong (sharing
// memory with its callers, its own locking); the behaviour every store shares
// is in ports/porttest.

var now = time.Date(2025, 11, 26, 7, 0, 0, 123456000, time.UTC)

func newUser(t *testing.T, name string) *identity.User {
	t.Helper()
	u, err := identity.NewUser(name, name+"@example.com", "", "", "pbkdf2_sha256$1$s$h", now)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestNoSharedMemory(t *testing.T) {
	ctx := t.Context()
	s := memory.NewStore()
	u := newUser(t, "alice")
	u.RecordLogin(now)
	if err := s.Users.Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	// Writing through a pointer the caller kept, or one a read returned,
	// must not reach the stored row.
	*u.Snapshot().LastLogin = now.Add(time.Hour)
	got, err := s.Users.ByID(ctx, u.ID())
	if err != nil {
		t.Fatal(err)
	}
	*got.Snapshot().LastLogin = now.Add(2 * time.Hour)
	again, err := s.Users.ByID(ctx, u.ID())
	if err != nil {
		t.Fatal(err)
	}
	if ll := again.Snapshot().LastLogin; !ll.Equal(now) {
		t.Errorf("Users.ByID.LastLogin = %v after callers wrote through their pointers; want %v", ll, now)
	}
	// A change to the aggregate is not stored until Save.
	u.ChangeAvatar("avatars/x.png")
	if again, _ := s.Users.ByID(ctx, u.ID()); again.Avatar() != "" {
		t.Errorf("Users.ByID.Avatar = %q before Save; want \"\"", again.Avatar())
	}
}

func TestLeakedTxContext(t *testing.T) {
	s := memory.NewStore()
	var leaked context.Context
	if err := s.Tx.InTx(t.Context(), func(ctx context.Context) error { leaked = ctx; return nil }); err != nil {
		t.Fatal(err)
	}
	// Used after the end, it would bypass the lock; the store refuses it.
	if err := s.Users.Create(leaked, newUser(t, "late")); err == nil {
		t.Error("Users.Create(context of a finished transaction) = nil; want an error")
	}
}

func TestTwoStoresDoNotShareTransactions(t *testing.T) {
	a, b := memory.NewStore(), memory.NewStore()
	err := a.Tx.InTx(t.Context(), func(ctx context.Context) error {
		// b is not in a's transaction: this commits in b on its own.
		return b.Tx.InTx(ctx, func(ctx context.Context) error { return b.Users.Create(ctx, newUser(t, "bob")) })
	})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Tx.InTx(t.Context(), func(ctx context.Context) error {
		if err := b.Users.Create(ctx, newUser(t, "carol")); err != nil {
			return err
		}
		return errors.New("roll back a")
	})
	if err == nil {
		t.Fatal("InTx = nil; want fn's error")
	}
	if _, err := b.Users.ByUsername(t.Context(), "carol"); err != nil {
		t.Errorf("b.Users.ByUsername(carol) = %v; want nil (a's rollback is not b's)", err)
	}
}

func TestForeignKeys(t *testing.T) {
	ctx := t.Context()
	s := memory.NewStore()
	u := newUser(t, "alice")
	if err := s.Users.Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	inv, err := casework.New("A", "", u.ID()+1, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Investigations.Create(ctx, inv); err == nil || fault.KindOf(err) != 0 {
		t.Errorf("Investigations.Create(unknown creator) = %v; want a plain (non-fault) error", err)
	}
	e, err := board.NewEntity(uuid.New(), board.EntityDraft{Kind: "person", Title: "E"}, u.ID(), now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Entities.Create(ctx, e); err == nil || fault.KindOf(err) != 0 {
		t.Errorf("Entities.Create(unknown investigation) = %v; want a plain (non-fault) error", err)
	}
}

func TestCancelledContext(t *testing.T) {
	s := memory.NewStore()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.Users.ByID(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Users.ByID(cancelled) = %v; want context.Canceled", err)
	}
	if err := s.Tx.InTx(ctx, func(context.Context) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("InTx(cancelled) = %v; want context.Canceled", err)
	}
}
