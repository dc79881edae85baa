package identity

import (
	"context"
	"errors"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// errNoRevocations means the service was assembled without WithRevocations:
// a wiring mistake, so a 500 rather than a logout that silently does nothing.
var errNoRevocations = errors.New("identity: token revocation is not configured")

// WithRevocations makes tokens revocable: Authenticate then rejects revoked
// tokens (one storage round trip per request, no cache, so that a logout
// takes effect at once on every instance), Logout and LogoutAll work, and a
// password change revokes the user's earlier tokens. It returns s for
// chaining at assembly time; call it before the service is shared.
func (s *Service) WithRevocations(r ports.TokenRevocations) *Service {
	s.revocations = r
	return s
}

// Logout revokes the presented token until it expires. A token without a
// jti (issued before tokens had one) cannot be named alone: every token of
// its user is revoked instead.
func (s *Service) Logout(ctx context.Context, token string) error {
	if s.revocations == nil {
		return errNoRevocations
	}
	claims, err := s.tokens.Verify(token)
	if err != nil {
		return err
	}
	if claims.ID == "" {
		return s.revokeAll(ctx, claims.UserID)
	}
	return s.revocations.Revoke(ctx, claims.ID, claims.UserID, claims.ExpiresAt)
}

// LogoutAll revokes every token of the user issued until now, the one
// presented included ("log out everywhere").
func (s *Service) LogoutAll(ctx context.Context, userID int64) error {
	if s.revocations == nil {
		return errNoRevocations
	}
	return s.revokeAll(ctx, userID)
}

// ChangeOwnPassword is ChangePassword for a logged-in caller: every token
// issued before is revoked, and the caller gets a fresh one so that this
// session goes on.
func (s *Service) ChangeOwnPassword(ctx context.Context, userID int64, oldPassword, newPassword string) (AuthResult, error) {
	if s.revocations == nil {
		return AuthResult{}, errNoRevocations
	}
	if err := s.ChangePassword(ctx, userID, oldPassword, newPassword); err != nil {
		return AuthResult{}, err
	}
	u, err := s.users.ByID(ctx, userID)
	if err != nil {
		return AuthResult{}, err
	}
	token, err := s.tokens.Issue(u.ID(), u.Username())
	if err != nil {
		return AuthResult{}, err
	}
	return AuthResult{Token: token, User: toUser(u)}, nil
}

// revokeAll moves the user's token epoch to now, cut to the millisecond:
// token issue times are known to the millisecond (see the jwt adapter), so a
// token issued after this call, even within the same millisecond, stays
// valid, while one issued in that millisecond before it does too (a window
// of under a millisecond).
func (s *Service) revokeAll(ctx context.Context, userID int64) error {
	if s.revocations == nil {
		return nil
	}
	return s.revocations.RevokeAllBefore(ctx, userID, s.clock.Now().Truncate(time.Millisecond))
}

// checkRevoked rejects a revoked token with the same message as any other
// invalid token.
func (s *Service) checkRevoked(ctx context.Context, c ports.TokenClaims) error {
	if s.revocations == nil {
		return nil
	}
	revoked, err := s.revocations.Revoked(ctx, c.ID, c.UserID, c.IssuedAt)
	if err != nil {
		return err
	}
	if revoked {
		return fault.Unauthenticated("Invalid token")
	}
	return nil
}
