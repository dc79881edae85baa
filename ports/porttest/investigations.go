package porttest

import (
	"context"
	"fmt"
	"testing"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// RunInvestigations checks ports.InvestigationRepository.
func RunInvestigations(t *testing.T, newStore Factory) {
	t.Run("RoundTrip", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		blank := f.investigation(alice, "Sans description", at(1))
		inv, err := casework.New("Affaire Dupont", "Disparition d'un tableau\n— 2ᵉ étage", alice.ID(), at(2))
		if err != nil {
			t.Fatalf("casework.New = %v", err)
		}
		s := inv.Snapshot()
		s.IsActive, s.UpdatedAt = false, at(3)
		inv = casework.RehydrateInvestigation(s)
		if err := f.s.Investigations.Create(f.ctx, inv); err != nil {
			t.Fatalf("Investigations.Create = %v; want nil", err)
		}
		for _, want := range []*casework.Investigation{blank, inv} {
			got, err := f.s.Investigations.ByID(f.ctx, want.ID())
			if wantErr(t, fmt.Sprintf("Investigations.ByID(%q)", want.Title()), err, nil) {
				wantSame(t, fmt.Sprintf("Investigations.ByID(%q)", want.Title()), got.Snapshot(), want.Snapshot())
			}
		}
		_, err = f.s.Investigations.ByID(f.ctx, uuid.New())
		wantErr(t, "Investigations.ByID(unknown)", err, fault.ErrNotFound)
	})

	t.Run("ByCode", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := withCode(t, alice, "AB12CD34")
		if err := f.s.Investigations.Create(f.ctx, inv); err != nil {
			t.Fatalf("Investigations.Create = %v; want nil", err)
		}
		f.investigation(alice, "Other", at(2))
		got, err := f.s.Investigations.ByCode(f.ctx, "AB12CD34")
		if wantErr(t, `Investigations.ByCode("AB12CD34")`, err, nil) {
			wantSame(t, `Investigations.ByCode("AB12CD34")`, got.Snapshot(), inv.Snapshot())
		}
		// Callers upper-case what users type (casework.ParseCode); the
		// repository itself matches exactly.
		for _, code := range []string{"ab12cd34", "AB12CD3", "ZZZZZZZZ", "AB12CD3_", "%"} {
			_, err := f.s.Investigations.ByCode(f.ctx, code)
			wantErr(t, fmt.Sprintf("Investigations.ByCode(%q)", code), err, fault.ErrNotFound)
		}
	})

	t.Run("DuplicateCode", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		first := f.investigation(alice, "First", at(1))
		dup := withCode(t, alice, first.Code())
		wantErr(t, "Investigations.Create(taken code)", f.s.Investigations.Create(f.ctx, dup), fault.ErrConflict)
		_, err := f.s.Investigations.ByID(f.ctx, dup.ID())
		wantErr(t, "Investigations.ByID(refused)", err, fault.ErrNotFound)
	})

	t.Run("Save", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		inv := f.investigation(alice, "Before", at(1))
		other := f.investigation(alice, "Untouched", at(2))
		title, desc := "After", "Nouvelle description"
		if err := inv.Edit(&title, &desc, at(5)); err != nil {
			t.Fatalf("Edit = %v", err)
		}
		inv.RotateCode()
		inv.TransferOwnership(bob.ID(), at(6))
		s := inv.Snapshot()
		s.IsActive = false
		inv = casework.RehydrateInvestigation(s)
		if !wantErr(t, "Investigations.Save", f.s.Investigations.Save(f.ctx, inv), nil) {
			return
		}
		got, err := f.s.Investigations.ByID(f.ctx, inv.ID())
		if wantErr(t, "Investigations.ByID", err, nil) {
			wantSame(t, "Investigations.ByID after Save", got.Snapshot(), inv.Snapshot())
		}
		got, err = f.s.Investigations.ByID(f.ctx, other.ID())
		if wantErr(t, "Investigations.ByID(other)", err, nil) {
			wantSame(t, "Investigations.ByID(other) after Save", got.Snapshot(), other.Snapshot())
		}

		taken := casework.RehydrateInvestigation(withSnapshot(inv, func(s *casework.InvestigationSnapshot) { s.Code = other.Code() }))
		wantErr(t, "Investigations.Save(code of another)", f.s.Investigations.Save(f.ctx, taken), fault.ErrConflict)
		ghost := casework.RehydrateInvestigation(withSnapshot(inv, func(s *casework.InvestigationSnapshot) { s.ID = uuid.New() }))
		wantErr(t, "Investigations.Save(unknown id)", f.s.Investigations.Save(f.ctx, ghost), fault.ErrNotFound)
	})

	t.Run("ListForUser", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob, carol := f.user("alice"), f.user("bob"), f.user("carol")
		a := f.investigation(alice, "A", at(1))
		b := f.investigation(alice, "B", at(3))
		c := f.investigation(bob, "C", at(2))
		f.join(b, bob, at(4))
		f.join(c, alice, at(5))
		viewer := f.join(c, carol, at(6))
		if err := casework.ChangeRole(mustMember(t, f, c, bob), viewer, casework.RoleViewer); err != nil {
			t.Fatalf("ChangeRole = %v", err)
		}
		if err := f.s.Members.Save(f.ctx, viewer); err != nil {
			t.Fatalf("Members.Save = %v", err)
		}

		checkList := func(u *identity.User, want []ports.InvestigationView) {
			t.Helper()
			got, err := f.s.Investigations.ListForUser(f.ctx, u.ID())
			if !wantErr(t, fmt.Sprintf("Investigations.ListForUser(%s)", u.Username()), err, nil) {
				return
			}
			wantOrder(t, fmt.Sprintf("Investigations.ListForUser(%s)", u.Username()), invTitles(got), invTitles(want))
			if len(got) == len(want) {
				wantSame(t, fmt.Sprintf("Investigations.ListForUser(%s)", u.Username()), got, want)
			}
		}
		view := func(inv *casework.Investigation, creator string, members int, role casework.Role) ports.InvestigationView {
			return ports.InvestigationView{Investigation: inv.Snapshot(), CreatedByUsername: creator, MemberCount: members, Role: role}
		}
		// Most recently updated first: B (3), C (2), A (1).
		checkList(alice, []ports.InvestigationView{
			view(b, "alice", 2, casework.RoleOwner), view(c, "bob", 3, casework.RoleMember), view(a, "alice", 1, casework.RoleOwner),
		})
		checkList(bob, []ports.InvestigationView{view(b, "alice", 2, casework.RoleMember), view(c, "bob", 3, casework.RoleOwner)})
		checkList(carol, []ports.InvestigationView{view(c, "bob", 3, casework.RoleViewer)})
		checkList(f.user("dave"), nil)

		// Editing A moves it to the top: the order follows updated_at, not created_at.
		title := "A, edited"
		if err := a.Edit(&title, nil, at(10)); err != nil {
			t.Fatalf("Edit = %v", err)
		}
		if err := f.s.Investigations.Save(f.ctx, a); err != nil {
			t.Fatalf("Investigations.Save = %v", err)
		}
		got, err := f.s.Investigations.ListForUser(f.ctx, alice.ID())
		if wantErr(t, "Investigations.ListForUser(alice)", err, nil) {
			wantOrder(t, "Investigations.ListForUser(alice) after editing A", invTitles(got), []string{"A, edited", "B", "C"})
		}
	})

	t.Run("ViewFor", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob, carol := f.user("alice"), f.user("bob"), f.user("carol")
		inv := f.investigation(alice, "Affaire", at(1))
		f.join(inv, bob, at(2))
		f.investigation(carol, "Other", at(3))
		got, err := f.s.Investigations.ViewFor(f.ctx, inv.ID(), bob.ID())
		want := ports.InvestigationView{Investigation: inv.Snapshot(), CreatedByUsername: "alice", MemberCount: 2, Role: casework.RoleMember}
		if wantErr(t, "Investigations.ViewFor(bob)", err, nil) {
			wantSame(t, "Investigations.ViewFor(bob)", got, want)
		}
		_, err = f.s.Investigations.ViewFor(f.ctx, inv.ID(), carol.ID())
		wantErr(t, "Investigations.ViewFor(non-member)", err, fault.ErrNotFound)
		_, err = f.s.Investigations.ViewFor(f.ctx, uuid.New(), alice.ID())
		wantErr(t, "Investigations.ViewFor(unknown investigation)", err, fault.ErrNotFound)
	})

	t.Run("Delete", func(t *testing.T) { testInvestigationDelete(t, newStore) })

	t.Run("DeleteUnknownIsNotFound", func(t *testing.T) {
		f := newFixture(t, newStore)
		err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
			_, err := f.s.Investigations.Delete(ctx, uuid.New())
			return err
		})
		wantErr(t, "Investigations.Delete(unknown)", err, fault.ErrNotFound)
	})
}

// withCode builds an investigation with a chosen join code.
func withCode(t *testing.T, owner *identity.User, code string) *casework.Investigation {
	t.Helper()
	inv, err := casework.New("Code "+code, "", owner.ID(), at(1))
	if err != nil {
		t.Fatalf("casework.New = %v", err)
	}
	return casework.RehydrateInvestigation(withSnapshot(inv, func(s *casework.InvestigationSnapshot) { s.Code = code }))
}

func withSnapshot(inv *casework.Investigation, edit func(*casework.InvestigationSnapshot)) casework.InvestigationSnapshot {
	s := inv.Snapshot()
	edit(&s)
	return s
}

func mustMember(t *testing.T, f *fixture, inv *casework.Investigation, u *identity.User) *casework.Member {
	t.Helper()
	m, err := f.s.Members.Get(f.ctx, inv.ID(), u.ID())
	if err != nil {
		t.Fatalf("Members.Get(%s) = %v; want nil", u.Username(), err)
	}
	return m
}

func invTitles(vs []ports.InvestigationView) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Investigation.Title
	}
	return out
}
