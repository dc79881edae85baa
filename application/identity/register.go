package identity

import (
	"context"
	"errors"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
)

// RegisterInput is a registration request.
type RegisterInput struct {
	Username  string
	Email     string
	Password  string
	FirstName string
	LastName  string
}

// Register creates an account with Django's rules and logs it in.
func (s *Service) Register(ctx context.Context, in RegisterInput) (AuthResult, error) {
	if err := identity.ValidateUsername(in.Username); err != nil {
		return AuthResult{}, err
	}
	email, err := identity.NormalizeEmail(in.Email)
	if err != nil {
		return AuthResult{}, err
	}
	if err := identity.ValidatePassword(in.Password, in.Username, email, in.FirstName, in.LastName); err != nil {
		return AuthResult{}, err
	}
	if _, err := s.users.ByUsername(ctx, in.Username); err == nil {
		return AuthResult{}, fault.Conflict("Username already exists")
	} else if !errors.Is(err, fault.ErrNotFound) {
		return AuthResult{}, err
	}
	if taken, err := s.users.EmailTaken(ctx, email); err != nil {
		return AuthResult{}, err
	} else if taken {
		return AuthResult{}, fault.Conflict("Email already exists")
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return AuthResult{}, err
	}
	u, err := identity.NewUser(in.Username, email, in.FirstName, in.LastName, hash, s.clock.Now())
	if err != nil {
		return AuthResult{}, err
	}
	// A concurrent registration of the same name loses here, with a conflict.
	if err := s.users.Create(ctx, u); err != nil {
		return AuthResult{}, err
	}
	token, err := s.tokens.Issue(u.ID(), u.Username())
	if err != nil {
		return AuthResult{}, err
	}
	return AuthResult{Token: token, User: toUser(u)}, nil
}
