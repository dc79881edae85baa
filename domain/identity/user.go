// Package identity holds the user aggregate and the rules Django applies to
// usernames, e-mail addresses and passwords.
package identity

import (
	"strings"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/text"
)

// User is an account. Its password is only ever held as an encoded hash in
// Django's "<algorithm>$<params>$<salt>$<hash>" format.
type User struct {
	s UserSnapshot
}

// UserSnapshot is the full state of a user, for adapters that store it.
type UserSnapshot struct {
	ID           int64
	Username     string
	Email        string
	FirstName    string
	LastName     string
	PasswordHash string
	IsActive     bool
	IsStaff      bool
	IsSuperuser  bool
	DateJoined   time.Time
	CreatedAt    time.Time
	LastLogin    *time.Time
	Avatar       string // path relative to the media root, "" when none
}

// NewUser validates a registration and returns a user without an id; the
// repository assigns it on insert.
func NewUser(username, email, firstName, lastName, passwordHash string, now time.Time) (*User, error) {
	if err := ValidateUsername(username); err != nil {
		return nil, err
	}
	email, err := NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	firstName, lastName = strings.TrimSpace(firstName), strings.TrimSpace(lastName)
	if err := text.Bounded("first_name", firstName, 150); err != nil {
		return nil, err
	}
	if err := text.Bounded("last_name", lastName, 150); err != nil {
		return nil, err
	}
	if passwordHash == "" {
		return nil, fault.Invalid("password", "is required")
	}
	now = stamp(now)
	return &User{s: UserSnapshot{
		Username: username, Email: email, FirstName: firstName, LastName: lastName,
		PasswordHash: passwordHash, IsActive: true, DateJoined: now, CreatedAt: now,
	}}, nil
}

// RehydrateUser rebuilds a stored user. Adapters only; it does not validate.
func RehydrateUser(s UserSnapshot) *User { return &User{s: s} }

// Snapshot returns a copy of the user's state.
func (u *User) Snapshot() UserSnapshot { return u.s }

func (u *User) ID() int64            { return u.s.ID }
func (u *User) Username() string     { return u.s.Username }
func (u *User) Email() string        { return u.s.Email }
func (u *User) FirstName() string    { return u.s.FirstName }
func (u *User) LastName() string     { return u.s.LastName }
func (u *User) PasswordHash() string { return u.s.PasswordHash }
func (u *User) IsActive() bool       { return u.s.IsActive }
func (u *User) Avatar() string       { return u.s.Avatar }
func (u *User) CreatedAt() time.Time { return u.s.CreatedAt }

// AssignID is called once by the repository after insert.
func (u *User) AssignID(id int64) { u.s.ID = id }

// ChangePasswordHash replaces the stored hash (password change or re-hash on login).
func (u *User) ChangePasswordHash(hash string) { u.s.PasswordHash = hash }

// RecordLogin stamps the last successful login, as Django does.
func (u *User) RecordLogin(now time.Time) { t := stamp(now); u.s.LastLogin = &t }

// ChangeAvatar sets the avatar file name ("" removes it) and returns the old one.
func (u *User) ChangeAvatar(name string) (old string) {
	old, u.s.Avatar = u.s.Avatar, name
	return old
}
