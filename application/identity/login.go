package identity

import (
	"context"
	"errors"

	"github.com/enquete/enquete/domain/fault"
)

// Login checks a username and password. Unknown users, wrong passwords and
// inactive users fail alike, after the same amount of hashing work.
func (s *Service) Login(ctx context.Context, username, password string) (AuthResult, error) {
	u, err := s.users.ByUsername(ctx, username)
	if errors.Is(err, fault.ErrNotFound) {
		s.hasher.WasteTime(password)
		return AuthResult{}, fault.Unauthenticated(MsgInvalidCredentials)
	}
	if err != nil {
		return AuthResult{}, err
	}
	ok, upgrade := s.hasher.Verify(password, u.PasswordHash())
	if !ok || !u.IsActive() {
		return AuthResult{}, fault.Unauthenticated(MsgInvalidCredentials)
	}
	if upgrade {
		// Django re-hashes outdated encodings on a successful login; so do we.
		hash, err := s.hasher.Hash(password)
		if err != nil {
			return AuthResult{}, err
		}
		u.ChangePasswordHash(hash)
	}
	u.RecordLogin(s.clock.Now())
	if err := s.users.Save(ctx, u); err != nil {
		return AuthResult{}, err
	}
	token, err := s.tokens.Issue(u.ID(), u.Username())
	if err != nil {
		return AuthResult{}, err
	}
	return AuthResult{Token: token, User: toUser(u)}, nil
}
