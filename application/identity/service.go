// Package identity holds the account use cases: register, log in, who am I,
// and resolving a bearer token or a Django session to a principal.
package identity

import (
	"context"
	"errors"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
)

// MsgInvalidCredentials is the one login failure message, whatever failed.
const MsgInvalidCredentials = "Invalid credentials"

// Service runs the identity use cases.
type Service struct {
	users    ports.UserRepository
	hasher   ports.PasswordHasher
	tokens   ports.TokenService
	sessions ports.SessionReader
	clock    ports.Clock
	// revocations is optional (see WithRevocations, tokens.go).
	revocations ports.TokenRevocations
}

// NewService assembles the identity use cases.
func NewService(users ports.UserRepository, hasher ports.PasswordHasher, tokens ports.TokenService, sessions ports.SessionReader, clock ports.Clock) *Service {
	return &Service{users: users, hasher: hasher, tokens: tokens, sessions: sessions, clock: clock}
}

// User is the public view of an account.
type User struct {
	ID        int64
	Username  string
	Email     string
	FirstName string
	LastName  string
	Avatar    string // relative file name, "" when none
	CreatedAt time.Time
}

// Principal is an authenticated caller.
type Principal struct {
	UserID   int64
	Username string
}

// AuthResult is what register and login return.
type AuthResult struct {
	Token string
	User  User
}

func toUser(u *identity.User) User {
	s := u.Snapshot()
	return User{ID: s.ID, Username: s.Username, Email: s.Email, FirstName: s.FirstName,
		LastName: s.LastName, Avatar: s.Avatar, CreatedAt: s.CreatedAt}
}

// Me returns the caller's account.
func (s *Service) Me(ctx context.Context, userID int64) (User, error) {
	u, err := s.users.ByID(ctx, userID)
	if err != nil {
		return User{}, err
	}
	return toUser(u), nil
}

// Authenticate resolves a bearer token. The user must still exist and be
// active, so that deactivating an account takes effect at once.
func (s *Service) Authenticate(ctx context.Context, token string) (Principal, error) {
	claims, err := s.tokens.Verify(token)
	if err != nil {
		return Principal{}, err
	}
	if err := s.checkRevoked(ctx, claims); err != nil {
		return Principal{}, err
	}
	return s.activePrincipal(ctx, claims.UserID)
}

// AuthenticateSession resolves a Django sessionid cookie.
func (s *Service) AuthenticateSession(ctx context.Context, sessionKey string) (Principal, error) {
	if s.sessions == nil {
		return Principal{}, fault.Unauthenticated("Authentication required")
	}
	id, err := s.sessions.UserForSession(ctx, sessionKey)
	if err != nil {
		return Principal{}, err
	}
	return s.activePrincipal(ctx, id)
}

func (s *Service) activePrincipal(ctx context.Context, id int64) (Principal, error) {
	u, err := s.users.ByID(ctx, id)
	if errors.Is(err, fault.ErrNotFound) {
		return Principal{}, fault.Unauthenticated("Invalid token")
	}
	if err != nil {
		return Principal{}, err
	}
	if !u.IsActive() {
		return Principal{}, fault.Unauthenticated("Invalid token")
	}
	return Principal{UserID: u.ID(), Username: u.Username()}, nil
}
