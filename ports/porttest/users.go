package porttest

import (
	"fmt"
	"testing"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
)

// RunUsers checks ports.UserRepository.
func RunUsers(t *testing.T, newStore Factory) {
	t.Run("CreateAssignsIncreasingIDs", func(t *testing.T) {
		f := newFixture(t, newStore)
		a, b := f.user("alice"), f.user("bob")
		if a.ID() <= 0 || b.ID() <= a.ID() {
			t.Errorf("Users.Create ids = %d, %d; want positive and increasing", a.ID(), b.ID())
		}
	})

	t.Run("RoundTrip", func(t *testing.T) {
		f := newFixture(t, newStore)
		// A fresh registration: no last login, blank names, no avatar.
		plain := f.user("plain")
		// Every other field set, including those only Django's admin changes.
		u, err := identity.NewUser("Zoé.B-1", "Zoe@Example.COM", " Zoé ", "Bérénice", testHash, at(1))
		if err != nil {
			t.Fatalf("identity.NewUser = %v", err)
		}
		u.RecordLogin(at(2))
		u.ChangeAvatar("avatars/zoe.png")
		s := u.Snapshot()
		s.IsStaff, s.IsSuperuser, s.IsActive = true, true, false
		full := identity.RehydrateUser(s)
		if err := f.s.Users.Create(f.ctx, full); err != nil {
			t.Fatalf("Users.Create(full) = %v; want nil", err)
		}
		for _, want := range []*identity.User{plain, full} {
			got, err := f.s.Users.ByID(f.ctx, want.ID())
			if wantErr(t, fmt.Sprintf("Users.ByID(%d)", want.ID()), err, nil) {
				wantSame(t, fmt.Sprintf("Users.ByID(%d)", want.ID()), got.Snapshot(), want.Snapshot())
			}
			got, err = f.s.Users.ByUsername(f.ctx, want.Username())
			if wantErr(t, fmt.Sprintf("Users.ByUsername(%q)", want.Username()), err, nil) {
				wantSame(t, fmt.Sprintf("Users.ByUsername(%q)", want.Username()), got.Snapshot(), want.Snapshot())
			}
		}
	})

	t.Run("UnknownIsNotFound", func(t *testing.T) {
		f := newFixture(t, newStore)
		u := f.user("alice")
		_, err := f.s.Users.ByID(f.ctx, u.ID()+1000)
		wantErr(t, fmt.Sprintf("Users.ByID(%d)", u.ID()+1000), err, fault.ErrNotFound)
		_, err = f.s.Users.ByUsername(f.ctx, "nobody")
		wantErr(t, `Users.ByUsername("nobody")`, err, fault.ErrNotFound)
	})

	t.Run("ByUsernameIsCaseSensitive", func(t *testing.T) {
		f := newFixture(t, newStore)
		f.user("alice")
		_, err := f.s.Users.ByUsername(f.ctx, "Alice")
		wantErr(t, `Users.ByUsername("Alice")`, err, fault.ErrNotFound)
	})

	t.Run("DuplicateUsername", func(t *testing.T) {
		f := newFixture(t, newStore)
		f.user("alice")
		u, _ := identity.NewUser("alice", "other@example.com", "", "", testHash, at(1))
		wantErr(t, `Users.Create(second "alice")`, f.s.Users.Create(f.ctx, u), fault.ErrConflict)
		taken, err := f.s.Users.EmailTaken(f.ctx, "other@example.com")
		if wantErr(t, "Users.EmailTaken", err, nil) && taken {
			t.Errorf(`Users.EmailTaken("other@example.com") = true after a refused Create; want false`)
		}
	})

	t.Run("DuplicateEmailIgnoresCase", func(t *testing.T) {
		f := newFixture(t, newStore)
		for i, email := range []string{"Élise@example.com", "élise@example.com", "ÉLISE@EXAMPLE.COM"} {
			u, err := identity.NewUser(fmt.Sprintf("user%d", i), email, "", "", testHash, at(i))
			if err != nil {
				t.Fatalf("identity.NewUser(%q) = %v", email, err)
			}
			want := error(nil)
			if i > 0 {
				want = fault.ErrConflict
			}
			wantErr(t, fmt.Sprintf("Users.Create(email %q)", email), f.s.Users.Create(f.ctx, u), want)
		}
		_, err := f.s.Users.ByUsername(f.ctx, "user1")
		wantErr(t, `Users.ByUsername("user1") after a refused Create`, err, fault.ErrNotFound)
	})

	t.Run("EmailTaken", func(t *testing.T) {
		f := newFixture(t, newStore)
		u, _ := identity.NewUser("elise", "Élise.Dupont@example.com", "", "", testHash, at(0))
		if err := f.s.Users.Create(f.ctx, u); err != nil {
			t.Fatalf("Users.Create = %v", err)
		}
		for email, want := range map[string]bool{
			"Élise.Dupont@example.com": true,
			"élise.dupont@EXAMPLE.com": true,
			"ÉLISE.DUPONT@EXAMPLE.COM": true,
			"elise.dupont@example.com": false, // é is not e
			"Élise.Dupont@example.co":  false,
			"%@example.com":            false, // not a pattern
		} {
			got, err := f.s.Users.EmailTaken(f.ctx, email)
			if wantErr(t, fmt.Sprintf("Users.EmailTaken(%q)", email), err, nil) && got != want {
				t.Errorf("Users.EmailTaken(%q) = %v; want %v", email, got, want)
			}
		}
	})

	t.Run("Save", func(t *testing.T) {
		f := newFixture(t, newStore)
		u := f.user("alice")
		f.user("bob") // must stay untouched
		u.ChangePasswordHash("pbkdf2_sha256$1200000$bmV3$bmV3aGFzaA==")
		u.RecordLogin(at(5))
		u.ChangeAvatar("avatars/alice.webp")
		s := u.Snapshot()
		s.FirstName, s.LastName = "Alice", "Durand-Lévêque"
		u = identity.RehydrateUser(s)
		if !wantErr(t, "Users.Save", f.s.Users.Save(f.ctx, u), nil) {
			return
		}
		got, err := f.s.Users.ByID(f.ctx, u.ID())
		if wantErr(t, "Users.ByID", err, nil) {
			wantSame(t, "Users.ByID after Save", got.Snapshot(), u.Snapshot())
		}
		// Removing the avatar stores '' again, as Django does.
		u.ChangeAvatar("")
		wantErr(t, "Users.Save(no avatar)", f.s.Users.Save(f.ctx, u), nil)
		got, err = f.s.Users.ByID(f.ctx, u.ID())
		if wantErr(t, "Users.ByID", err, nil) && got.Avatar() != "" {
			t.Errorf("Users.ByID after removing the avatar: Avatar = %q; want \"\"", got.Avatar())
		}
		bob, err := f.s.Users.ByUsername(f.ctx, "bob")
		if wantErr(t, `Users.ByUsername("bob")`, err, nil) && (bob.Avatar() != "" || bob.Snapshot().LastLogin != nil) {
			t.Errorf("Users.Save(alice) changed bob: %+v", bob.Snapshot())
		}
	})

	t.Run("SaveUnknownIsNotFound", func(t *testing.T) {
		f := newFixture(t, newStore)
		u := f.user("alice")
		s := u.Snapshot()
		s.ID, s.Username, s.Email = u.ID()+1000, "ghost", "ghost@example.com"
		wantErr(t, "Users.Save(unknown id)", f.s.Users.Save(f.ctx, identity.RehydrateUser(s)), fault.ErrNotFound)
	})

	t.Run("ConcurrentCreate", func(t *testing.T) {
		f := newFixture(t, newStore)
		errs := concurrently(writers, func(i int) error {
			u, err := identity.NewUser(fmt.Sprintf("user%d", i), fmt.Sprintf("user%d@example.com", i), "", "", testHash, at(i))
			if err != nil {
				return err
			}
			return f.s.Users.Create(f.ctx, u)
		})
		for i, err := range errs {
			wantErr(t, fmt.Sprintf("concurrent Users.Create(user%d)", i), err, nil)
		}
		seen := map[int64]bool{}
		for i := range writers {
			u, err := f.s.Users.ByUsername(f.ctx, fmt.Sprintf("user%d", i))
			if !wantErr(t, fmt.Sprintf("Users.ByUsername(user%d)", i), err, nil) {
				continue
			}
			if seen[u.ID()] {
				t.Errorf("user%d has id %d, already given to another user", i, u.ID())
			}
			seen[u.ID()] = true
		}
	})

	t.Run("ConcurrentSameUsername", func(t *testing.T) {
		f := newFixture(t, newStore)
		errs := concurrently(writers, func(i int) error {
			u, err := identity.NewUser("alice", fmt.Sprintf("alice%d@example.com", i), "", "", testHash, at(i))
			if err != nil {
				return err
			}
			return f.s.Users.Create(f.ctx, u)
		})
		ok := 0
		for i, err := range errs {
			if err == nil {
				ok++
			} else {
				wantErr(t, fmt.Sprintf("concurrent Users.Create(alice #%d)", i), err, fault.ErrConflict)
			}
		}
		if ok != 1 {
			t.Errorf("concurrent Users.Create(alice): %d successes; want exactly 1", ok)
		}
	})
}
