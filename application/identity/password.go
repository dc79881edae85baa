package identity

import (
	"context"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
)

// ChangePassword replaces the caller's password; the old one is required.
// Django sessions of this user stop working at once, because their
// _auth_user_hash no longer matches the stored hash, and so do the user's
// tokens when revocations are configured.
func (s *Service) ChangePassword(ctx context.Context, userID int64, oldPassword, newPassword string) error {
	u, err := s.users.ByID(ctx, userID)
	if err != nil {
		return err
	}
	if ok, _ := s.hasher.Verify(oldPassword, u.PasswordHash()); !ok {
		return fault.Invalid("old_password", "is incorrect")
	}
	return s.setPassword(ctx, u, newPassword)
}

// SetPassword is the administrator's password reset (`enquete changepassword`).
func (s *Service) SetPassword(ctx context.Context, username, newPassword string) error {
	u, err := s.users.ByUsername(ctx, username)
	if err != nil {
		return err
	}
	return s.setPassword(ctx, u, newPassword)
}

func (s *Service) setPassword(ctx context.Context, u *identity.User, password string) error {
	if err := identity.ValidatePassword(password, u.Username(), u.Email(), u.FirstName(), u.LastName()); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return err
	}
	u.ChangePasswordHash(hash)
	// Tokens issued until now stop working. Revoking first means a failed
	// save leaves the user logged out, never a new password with live tokens.
	if err := s.revokeAll(ctx, u.ID()); err != nil {
		return err
	}
	return s.users.Save(ctx, u)
}
