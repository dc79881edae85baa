package porttest

import (
	"fmt"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// RunMembers checks ports.MemberRepository.
func RunMembers(t *testing.T, newStore Factory) {
	t.Run("AddAndGet", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		inv := f.investigation(alice, "Affaire", at(1))
		owner := mustMember(t, f, inv, alice)
		joined := f.join(inv, bob, at(2))
		if owner.ID() <= 0 || joined.ID() <= owner.ID() {
			t.Errorf("Members.Add ids = %d, %d; want positive and increasing", owner.ID(), joined.ID())
		}
		want := casework.MemberSnapshot{ID: joined.ID(), InvestigationID: inv.ID(), UserID: bob.ID(), Role: casework.RoleMember, JoinedAt: at(2)}
		got, err := f.s.Members.Get(f.ctx, inv.ID(), bob.ID())
		if wantErr(t, "Members.Get(bob)", err, nil) {
			wantSame(t, "Members.Get(bob)", got.Snapshot(), want)
		}
		if owner.Role() != casework.RoleOwner || owner.LastSeen() != nil {
			t.Errorf("Members.Get(owner) = %+v; want role owner, no last_seen", owner.Snapshot())
		}
	})

	t.Run("GetScoped", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		a := f.investigation(alice, "A", at(1))
		b := f.investigation(bob, "B", at(2))
		cases := []struct {
			name string
			inv  uuid.UUID
			user int64
		}{
			{"user of another investigation", a.ID(), bob.ID()},
			{"member elsewhere", b.ID(), alice.ID()},
			{"unknown investigation", uuid.New(), alice.ID()},
			{"unknown user", a.ID(), bob.ID() + 1000},
		}
		for _, c := range cases {
			_, err := f.s.Members.Get(f.ctx, c.inv, c.user)
			wantErr(t, "Members.Get("+c.name+")", err, fault.ErrNotFound)
		}
	})

	t.Run("DuplicateIsConflict", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		inv := f.investigation(alice, "Affaire", at(1))
		f.join(inv, bob, at(2))
		wantErr(t, "Members.Add(bob again)", f.s.Members.Add(f.ctx, inv.Join(bob.ID(), at(3))), fault.ErrConflict)
		wantErr(t, "Members.Add(owner again)", f.s.Members.Add(f.ctx, inv.Join(alice.ID(), at(3))), fault.ErrConflict)
		got, err := f.s.Members.Get(f.ctx, inv.ID(), bob.ID())
		if wantErr(t, "Members.Get(bob)", err, nil) && !got.Snapshot().JoinedAt.Equal(at(2)) {
			t.Errorf("Members.Get(bob).JoinedAt = %v; want the first join, %v", got.Snapshot().JoinedAt, at(2))
		}
	})

	t.Run("Save", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob, carol := f.user("alice"), f.user("bob"), f.user("carol")
		inv := f.investigation(alice, "Affaire", at(1))
		owner, m := mustMember(t, f, inv, alice), f.join(inv, bob, at(2))
		other := f.join(inv, carol, at(3))
		if err := casework.ChangeRole(owner, m, casework.RoleAdmin); err != nil {
			t.Fatalf("ChangeRole = %v", err)
		}
		m.Heartbeat(at(4))
		if !wantErr(t, "Members.Save", f.s.Members.Save(f.ctx, m), nil) {
			return
		}
		got, err := f.s.Members.Get(f.ctx, inv.ID(), bob.ID())
		if wantErr(t, "Members.Get(bob)", err, nil) {
			wantSame(t, "Members.Get(bob) after Save", got.Snapshot(), m.Snapshot())
		}
		got, err = f.s.Members.Get(f.ctx, inv.ID(), carol.ID())
		if wantErr(t, "Members.Get(carol)", err, nil) {
			wantSame(t, "Members.Get(carol) after saving bob", got.Snapshot(), other.Snapshot())
		}
		s := m.Snapshot()
		s.ID, s.UserID = s.ID+1000, carol.ID()+1000
		wantErr(t, "Members.Save(unknown)", f.s.Members.Save(f.ctx, casework.RehydrateMember(s)), fault.ErrNotFound)
	})

	t.Run("Touch", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		inv := f.investigation(alice, "Affaire", at(1))
		m := f.join(inv, bob, at(2))
		seen := time.Date(2025, 11, 26, 9, 30, 15, 654321000, time.FixedZone("Paris", 3600))
		if !wantErr(t, "Members.Touch(bob)", f.s.Members.Touch(f.ctx, inv.ID(), bob.ID(), seen), nil) {
			return
		}
		want := m.Snapshot()
		want.LastSeen = &seen
		got, err := f.s.Members.Get(f.ctx, inv.ID(), bob.ID())
		if wantErr(t, "Members.Get(bob)", err, nil) {
			wantSame(t, "Members.Get(bob) after Touch", got.Snapshot(), want)
		}
		owner, err := f.s.Members.Get(f.ctx, inv.ID(), alice.ID())
		if wantErr(t, "Members.Get(alice)", err, nil) && owner.LastSeen() != nil {
			t.Errorf("Members.Touch(bob) set alice's last_seen to %v", owner.LastSeen())
		}
		wantErr(t, "Members.Touch(non-member)", f.s.Members.Touch(f.ctx, inv.ID(), f.user("carol").ID(), seen), fault.ErrNotFound)
		wantErr(t, "Members.Touch(unknown investigation)", f.s.Members.Touch(f.ctx, uuid.New(), bob.ID(), seen), fault.ErrNotFound)
	})

	t.Run("Remove", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		a := f.investigation(alice, "A", at(1))
		b := f.investigation(alice, "B", at(2))
		f.join(a, bob, at(3))
		f.join(b, bob, at(4))
		if !wantErr(t, "Members.Remove(A, bob)", f.s.Members.Remove(f.ctx, a.ID(), bob.ID()), nil) {
			return
		}
		_, err := f.s.Members.Get(f.ctx, a.ID(), bob.ID())
		wantErr(t, "Members.Get(A, bob) after Remove", err, fault.ErrNotFound)
		_, err = f.s.Members.Get(f.ctx, b.ID(), bob.ID())
		wantErr(t, "Members.Get(B, bob) after Remove(A, bob)", err, nil)
		_, err = f.s.Members.Get(f.ctx, a.ID(), alice.ID())
		wantErr(t, "Members.Get(A, alice) after Remove(A, bob)", err, nil)
		wantErr(t, "Members.Remove(A, bob) again", f.s.Members.Remove(f.ctx, a.ID(), bob.ID()), fault.ErrNotFound)
		// A removed member may come back (with a new code).
		wantErr(t, "Members.Add(bob back)", f.s.Members.Add(f.ctx, a.Join(bob.ID(), at(5))), nil)
	})

	t.Run("List", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob, carol, dave := f.user("alice"), f.user("bob"), f.user("carol"), f.user("dave")
		carol.ChangeAvatar("avatars/carol.jpg")
		if err := f.s.Users.Save(f.ctx, carol); err != nil {
			t.Fatalf("Users.Save = %v", err)
		}
		inv := f.investigation(alice, "Affaire", at(5))
		// Joined out of insertion order, and dave and bob at the same
		// instant: the tie goes to the first inserted (lower id).
		c := f.join(inv, carol, at(1))
		d := f.join(inv, dave, at(7))
		b := f.join(inv, bob, at(7))
		f.investigation(f.user("eve"), "Other", at(2))
		d.Heartbeat(at(8))
		if err := f.s.Members.Save(f.ctx, d); err != nil {
			t.Fatalf("Members.Save = %v", err)
		}
		view := func(m *casework.Member, u *identity.User) ports.MemberView {
			return ports.MemberView{Member: m.Snapshot(), Username: u.Username(), Email: u.Email(), Avatar: u.Avatar()}
		}
		want := []ports.MemberView{view(c, carol), view(mustMember(t, f, inv, alice), alice), view(d, dave), view(b, bob)}
		got, err := f.s.Members.List(f.ctx, inv.ID())
		if !wantErr(t, "Members.List", err, nil) {
			return
		}
		wantOrder(t, "Members.List", memberNames(got), memberNames(want))
		if len(got) == len(want) {
			wantSame(t, "Members.List", got, want)
		}
	})

	t.Run("ConcurrentAddAndTouch", func(t *testing.T) {
		f := newFixture(t, newStore)
		inv := f.investigation(f.user("owner"), "Affaire", at(1))
		users := make([]*identity.User, writers)
		for i := range users {
			users[i] = f.user(fmt.Sprintf("user%d", i))
		}
		errs := concurrently(writers, func(i int) error { return f.s.Members.Add(f.ctx, inv.Join(users[i].ID(), at(2+i))) })
		for i, err := range errs {
			wantErr(t, fmt.Sprintf("concurrent Members.Add(user%d)", i), err, nil)
		}
		errs = concurrently(writers, func(i int) error { return f.s.Members.Touch(f.ctx, inv.ID(), users[i].ID(), at(20+i)) })
		for i, err := range errs {
			wantErr(t, fmt.Sprintf("concurrent Members.Touch(user%d)", i), err, nil)
		}
		list, err := f.s.Members.List(f.ctx, inv.ID())
		if !wantErr(t, "Members.List", err, nil) {
			return
		}
		if len(list) != writers+1 {
			t.Fatalf("Members.List has %d members; want %d", len(list), writers+1)
		}
		for i, v := range list[1:] {
			if ls := v.Member.LastSeen; v.Username != users[i].Username() || ls == nil || !ls.Equal(at(20+i)) {
				t.Errorf("Members.List[%d] = %s, last_seen %v; want %s, %v", i+1, v.Username, ls, users[i].Username(), at(20+i))
			}
		}
	})
}

func memberNames(vs []ports.MemberView) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Username
	}
	return out
}
