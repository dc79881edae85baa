package porttest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

var errBoom = errors.New("boom")

// RunTx checks ports.TxRunner: atomicity across repositories, panics,
// nesting, and concurrent transactions.
func RunTx(t *testing.T, newStore Factory) {
	t.Run("CommitIsVisible", func(t *testing.T) {
		f := newFixture(t, newStore)
		var u *identity.User
		var inv *casework.Investigation
		err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
			var err error
			u, inv, err = writeMany(ctx, f.s, "alice")
			return err
		})
		if !wantErr(t, "InTx(commit)", err, nil) {
			return
		}
		_, err = f.s.Users.ByID(f.ctx, u.ID())
		wantErr(t, "Users.ByID after commit", err, nil)
		view, err := f.s.Investigations.ViewFor(f.ctx, inv.ID(), u.ID())
		if wantErr(t, "Investigations.ViewFor after commit", err, nil) && view.MemberCount != 1 {
			t.Errorf("Investigations.ViewFor after commit: MemberCount = %d; want 1", view.MemberCount)
		}
		list, err := f.s.Entities.List(f.ctx, inv.ID(), ports.EntityFilter{Tag: "tx"})
		if wantErr(t, "Entities.List after commit", err, nil) && len(list) != 1 {
			t.Errorf("Entities.List(tag tx) after commit has %d entities; want 1", len(list))
		}
	})

	t.Run("ErrorRollsBack", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "Existing", at(1))
		err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
			if _, _, err := writeMany(ctx, f.s, "bob"); err != nil {
				return err
			}
			if err := updateExisting(ctx, f.s, alice, inv); err != nil {
				return err
			}
			// Inside the transaction its own writes are visible.
			if _, err := f.s.Users.ByUsername(ctx, "bob"); err != nil {
				return fmt.Errorf("Users.ByUsername(bob) inside the transaction = %w", err)
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("InTx(fn failing) = %v; want fn's error", err)
		}
		checkRolledBack(t, f, alice, inv)
	})

	t.Run("PanicRollsBack", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "Existing", at(1))
		recovered := func() (r any) {
			defer func() { r = recover() }()
			_ = f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
				if _, _, err := writeMany(ctx, f.s, "bob"); err != nil {
					return err
				}
				if err := updateExisting(ctx, f.s, alice, inv); err != nil {
					return err
				}
				panic(errBoom)
			})
			return nil
		}()
		if recovered != errBoom {
			t.Fatalf("InTx(fn panicking) recovered %v; want the panic to go on with its value", recovered)
		}
		checkRolledBack(t, f, alice, inv)
	})

	t.Run("NestedJoins", func(t *testing.T) {
		f := newFixture(t, newStore)
		err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
			if _, err := createUser(ctx, f.s, "outer"); err != nil {
				return err
			}
			err := f.s.Tx.InTx(ctx, func(ctx context.Context) error {
				_, err := createUser(ctx, f.s, "inner")
				return err
			})
			if err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("InTx(outer failing) = %v; want fn's error", err)
		}
		for _, name := range []string{"outer", "inner"} {
			_, err := f.s.Users.ByUsername(f.ctx, name)
			wantErr(t, fmt.Sprintf("Users.ByUsername(%q) after the outer rollback", name), err, fault.ErrNotFound)
		}
		err = f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
			return f.s.Tx.InTx(ctx, func(ctx context.Context) error {
				_, err := createUser(ctx, f.s, "committed")
				return err
			})
		})
		wantErr(t, "InTx(nested, committing)", err, nil)
		_, err = f.s.Users.ByUsername(f.ctx, "committed")
		wantErr(t, `Users.ByUsername("committed")`, err, nil)
	})

	t.Run("DeleteRollsBack", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		a := f.populate(alice, bob, "B", 1) // named B for checkIntact
		err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
			if err := f.s.Tags.Delete(ctx, a.inv.ID(), a.tag.ID()); err != nil {
				return err
			}
			if _, err := f.s.Entities.Delete(ctx, a.inv.ID(), a.e1.ID()); err != nil {
				return err
			}
			if _, err := f.s.Investigations.Delete(ctx, a.inv.ID()); err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("InTx(delete, then fail) = %v; want fn's error", err)
		}
		checkIntact(t, f, a)
	})

	t.Run("ConcurrentCommitsAndRollbacks", func(t *testing.T) {
		f := newFixture(t, newStore)
		errs := concurrently(writers, func(i int) error {
			return f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
				if _, _, err := writeMany(ctx, f.s, fmt.Sprintf("user%d", i)); err != nil {
					return err
				}
				if i%2 == 1 {
					return errBoom
				}
				return nil
			})
		})
		for i, err := range errs {
			want := error(nil)
			if i%2 == 1 {
				want = errBoom
			}
			wantErr(t, fmt.Sprintf("concurrent InTx #%d", i), err, want)
			_, err = f.s.Users.ByUsername(f.ctx, fmt.Sprintf("user%d", i))
			if want = nil; i%2 == 1 {
				want = fault.ErrNotFound
			}
			wantErr(t, fmt.Sprintf("Users.ByUsername(user%d) after concurrent transactions", i), err, want)
		}
	})

	t.Run("ConcurrentReadModifyWrite", func(t *testing.T) {
		f := newFixture(t, newStore)
		inv := f.investigation(f.user("owner"), "Affaire", at(1))
		users := make([]*identity.User, writers)
		for i := range users {
			users[i] = f.user(fmt.Sprintf("user%d", i))
			f.join(inv, users[i], at(2+i))
		}
		// Each transaction reads, then writes: the pattern that makes two
		// SQLite transactions deadlock on their lock upgrade ("database is
		// locked") unless the adapter begins them as writers.
		errs := concurrently(writers, func(i int) error {
			return f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
				if _, err := f.s.Investigations.ByID(ctx, inv.ID()); err != nil {
					return err
				}
				m, err := f.s.Members.Get(ctx, inv.ID(), users[i].ID())
				if err != nil {
					return err
				}
				m.Heartbeat(at(30 + i))
				return f.s.Members.Save(ctx, m)
			})
		})
		for i, err := range errs {
			wantErr(t, fmt.Sprintf("concurrent InTx(read, Save) #%d", i), err, nil)
			m, err := f.s.Members.Get(f.ctx, inv.ID(), users[i].ID())
			if wantErr(t, "Members.Get", err, nil) && (m.LastSeen() == nil || !m.LastSeen().Equal(at(30+i))) {
				t.Errorf("Members.Get(user%d).LastSeen = %v; want %v", i, m.LastSeen(), at(30+i))
			}
		}
	})
}

func createUser(ctx context.Context, s *ports.Store, name string) (*identity.User, error) {
	u, err := identity.NewUser(name, name+"@example.com", "", "", testHash, at(0))
	if err != nil {
		return nil, err
	}
	return u, s.Users.Create(ctx, u)
}

// writeMany creates, through several repositories, a user owning an
// investigation with a tagged entity.
func writeMany(ctx context.Context, s *ports.Store, name string) (*identity.User, *casework.Investigation, error) {
	u, err := createUser(ctx, s, name)
	if err != nil {
		return nil, nil, err
	}
	inv, err := casework.New("Investigation of "+name, "", u.ID(), at(1))
	if err != nil {
		return nil, nil, err
	}
	if err := s.Investigations.Create(ctx, inv); err != nil {
		return nil, nil, err
	}
	if err := s.Members.Add(ctx, inv.NewOwner(at(1))); err != nil {
		return nil, nil, err
	}
	e, err := board.NewEntity(inv.ID(), board.EntityDraft{Kind: "person", Title: "Entity of " + name}, u.ID(), at(2))
	if err != nil {
		return nil, nil, err
	}
	if err := s.Entities.Create(ctx, e); err != nil {
		return nil, nil, err
	}
	tg, err := board.NewTag(inv.ID(), "tx", "", at(3))
	if err != nil {
		return nil, nil, err
	}
	if err := s.Tags.Create(ctx, tg); err != nil {
		return nil, nil, err
	}
	return u, inv, s.Entities.SetTags(ctx, e.ID(), []uuid.UUID{tg.ID()})
}

// updateExisting changes rows that existed before the transaction.
func updateExisting(ctx context.Context, s *ports.Store, u *identity.User, inv *casework.Investigation) error {
	changed := identity.RehydrateUser(u.Snapshot())
	changed.ChangeAvatar("avatars/changed.png")
	if err := s.Users.Save(ctx, changed); err != nil {
		return err
	}
	if err := s.Members.Touch(ctx, inv.ID(), u.ID(), at(9)); err != nil {
		return err
	}
	e, err := board.NewEntity(inv.ID(), board.EntityDraft{Kind: "event", Title: "Rolled back"}, u.ID(), at(9))
	if err != nil {
		return err
	}
	return s.Entities.Create(ctx, e)
}

// checkRolledBack verifies that neither writeMany(bob) nor updateExisting left a trace.
func checkRolledBack(t *testing.T, f *fixture, alice *identity.User, inv *casework.Investigation) {
	t.Helper()
	_, err := f.s.Users.ByUsername(f.ctx, "bob")
	wantErr(t, "Users.ByUsername(bob) after rollback", err, fault.ErrNotFound)
	got, err := f.s.Users.ByID(f.ctx, alice.ID())
	if wantErr(t, "Users.ByID(alice) after rollback", err, nil) {
		wantSame(t, "Users.ByID(alice) after rollback", got.Snapshot(), alice.Snapshot())
	}
	m, err := f.s.Members.Get(f.ctx, inv.ID(), alice.ID())
	if wantErr(t, "Members.Get(alice) after rollback", err, nil) && m.LastSeen() != nil {
		t.Errorf("Members.Get(alice).LastSeen after rollback = %v; want nil", m.LastSeen())
	}
	list, err := f.s.Entities.List(f.ctx, inv.ID(), ports.EntityFilter{})
	if wantErr(t, "Entities.List after rollback", err, nil) && len(list) != 0 {
		t.Errorf("Entities.List after rollback = %q; want none", entityTitles(list))
	}
	invs, err := f.s.Investigations.ListForUser(f.ctx, alice.ID())
	if wantErr(t, "Investigations.ListForUser(alice) after rollback", err, nil) {
		wantOrder(t, "Investigations.ListForUser(alice) after rollback", invTitles(invs), []string{"Existing"})
	}
	refs, err := f.s.Attachments.ReferencedFiles(f.ctx)
	if wantErr(t, "Attachments.ReferencedFiles after rollback", err, nil) && len(refs) != 0 {
		t.Errorf("Attachments.ReferencedFiles after rollback = %q; want none", keys(refs))
	}
}
