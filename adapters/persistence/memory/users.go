package memory

import (
	"context"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
)

var (
	_ ports.UserRepository     = (*users)(nil)
	_ ports.DjangoSessionStore = (*sessions)(nil)
)

type users struct{ d *db }

// Create enforces investigation_user's unique username (exact, as the
// database compares) and the application's case-insensitive e-mail rule.
func (r *users) Create(ctx context.Context, u *identity.User) error {
	return r.d.update(ctx, func(st *state) error {
		s := u.Snapshot()
		for _, o := range st.users {
			if o.Username == s.Username {
				return fault.Conflict("username already taken")
			}
			if identity.FoldEmail(o.Email) == identity.FoldEmail(s.Email) {
				return fault.Conflict("email already taken")
			}
		}
		st.lastUserID++
		s.ID = st.lastUserID
		st.users[s.ID] = userRow(s)
		u.AssignID(s.ID)
		return nil
	})
}

func (r *users) ByID(ctx context.Context, id int64) (*identity.User, error) {
	return r.find(ctx, func(s identity.UserSnapshot) bool { return s.ID == id })
}

func (r *users) ByUsername(ctx context.Context, username string) (*identity.User, error) {
	return r.find(ctx, func(s identity.UserSnapshot) bool { return s.Username == username })
}

func (r *users) find(ctx context.Context, match func(identity.UserSnapshot) bool) (*identity.User, error) {
	var u *identity.User
	err := r.d.view(ctx, func(st *state) error {
		for _, s := range st.users {
			if match(s) {
				u = identity.RehydrateUser(userRow(s))
				return nil
			}
		}
		return fault.NotFound("user not found")
	})
	return u, err
}

func (r *users) EmailTaken(ctx context.Context, email string) (bool, error) {
	taken := false
	err := r.d.view(ctx, func(st *state) error {
		key := identity.FoldEmail(email)
		for _, s := range st.users {
			if identity.FoldEmail(s.Email) == key {
				taken = true
				break
			}
		}
		return nil
	})
	return taken, err
}

// Save writes only what the port calls mutable; the rest of the row stays.
func (r *users) Save(ctx context.Context, u *identity.User) error {
	return r.d.update(ctx, func(st *state) error {
		s := u.Snapshot()
		row, ok := st.users[s.ID]
		if !ok {
			return fault.NotFound("user not found")
		}
		row.PasswordHash, row.LastLogin, row.Avatar = s.PasswordHash, s.LastLogin, s.Avatar
		row.FirstName, row.LastName = s.FirstName, s.LastName
		st.users[s.ID] = userRow(row)
		return nil
	})
}

// session is a django_session row.
type session struct {
	data    string
	expires time.Time
}

type sessions struct{ d *db }

func (r *sessions) Load(ctx context.Context, key string) (string, time.Time, error) {
	var s session
	err := r.d.view(ctx, func(st *state) error {
		var ok bool
		if s, ok = st.sessions[key]; !ok {
			return fault.NotFound("session not found")
		}
		return nil
	})
	return s.data, s.expires, err
}

func (r *sessions) Save(ctx context.Context, key, data string, expires time.Time) error {
	return r.d.update(ctx, func(st *state) error {
		st.sessions[key] = session{data: data, expires: stamp(expires)}
		return nil
	})
}

// Delete is idempotent, like Django's SessionStore.delete.
func (r *sessions) Delete(ctx context.Context, key string) error {
	return r.d.update(ctx, func(st *state) error {
		delete(st.sessions, key)
		return nil
	})
}
