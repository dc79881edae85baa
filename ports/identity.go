package ports

import (
	"context"
	"time"

	"github.com/enquete/enquete/domain/identity"
)

// UserRepository stores users in Django's investigation_user table.
type UserRepository interface {
	// Create inserts u and assigns its id; fault.ErrConflict when the username
	// or the e-mail (case-insensitively) is taken.
	Create(ctx context.Context, u *identity.User) error
	// ByID returns fault.ErrNotFound for an unknown id.
	ByID(ctx context.Context, id int64) (*identity.User, error)
	// ByUsername matches exactly (case-sensitive, as Django's ModelBackend).
	ByUsername(ctx context.Context, username string) (*identity.User, error)
	// EmailTaken compares case-insensitively.
	EmailTaken(ctx context.Context, email string) (bool, error)
	// Save writes the mutable fields (password, last login, avatar, names).
	Save(ctx context.Context, u *identity.User) error
}

// PasswordHasher hashes and verifies passwords in Django's encoded format.
type PasswordHasher interface {
	// Hash encodes password with the preferred algorithm.
	Hash(password string) (string, error)
	// Verify checks password against an encoded hash. upgrade is true when the
	// hash is valid but outdated and should be replaced by Hash(password).
	// Unusable ("!...") and unknown encodings never verify.
	Verify(password, encoded string) (ok, upgrade bool)
	// WasteTime costs what a Verify costs, for unknown users (no user enumeration).
	WasteTime(password string)
}

// TokenClaims is what a verified access token says.
type TokenClaims struct {
	// ID is the token's jti, "" for tokens issued before tokens had one.
	ID       string
	UserID   int64
	Username string
	// IssuedAt is precise to the millisecond when the token has an ID (its
	// jti embeds the issue time), to the second (iat) otherwise.
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// TokenService issues and verifies access tokens (JWT HS256).
type TokenService interface {
	Issue(userID int64, username string) (token string, err error)
	// Verify returns fault.ErrUnauthenticated for any invalid token.
	Verify(token string) (TokenClaims, error)
}

// SessionReader resolves a Django session cookie to a user id, applying
// Django's signature, expiry and password-hash checks.
type SessionReader interface {
	// UserForSession returns fault.ErrUnauthenticated for any session that
	// Django itself would not accept.
	UserForSession(ctx context.Context, sessionKey string) (int64, error)
}

// DjangoSessionStore reads Django's django_session table.
type DjangoSessionStore interface {
	// Load returns the raw session_data and expire_date; fault.ErrNotFound if absent.
	Load(ctx context.Context, sessionKey string) (data string, expires time.Time, err error)
	// Save inserts or replaces a session row (tests and tools sign their own).
	Save(ctx context.Context, sessionKey, data string, expires time.Time) error
	// Delete removes a session (Django deletes sessions whose hash no longer matches).
	Delete(ctx context.Context, sessionKey string) error
}
