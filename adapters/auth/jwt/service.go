// Package jwt implements ports.TokenService with HS256 JSON Web Tokens: the
// bearer tokens of the REST API.
//
// A token carries sub (the user id, a decimal string as RFC 7519 wants a
// StringOrURI), username, iat, exp and jti (a token id for revocation), and
// nothing secret: its payload is only encoded, not encrypted. Keys have optional ids so that a secret
// can be rotated: tokens are signed with the first key and carry its id in the
// "kid" header; verification picks the key named by "kid", or tries every key
// when a token has none (tokens issued before ids were configured).
package jwt

import (
	"errors"
	"fmt"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// Defaults for the zero values of Options.
const (
	DefaultLifetime = 7 * 24 * time.Hour
	DefaultLeeway   = 30 * time.Second
)

// maxTokenLength bounds the input parsed; our tokens are a few hundred bytes.
const maxTokenLength = 8 << 10

// msgInvalidToken is the one message every rejection carries, so that a
// client learns nothing about why its token failed.
const msgInvalidToken = "Invalid token"

// Key is one HMAC secret, named by ID in the token's "kid" header.
type Key struct {
	ID     string // optional; "" issues tokens without a kid
	Secret []byte
}

// Options configures a Service. Zero values select the defaults.
type Options struct {
	Keys     []Key         // the first one signs; all of them verify
	Lifetime time.Duration // exp - iat; default 7 days
	Leeway   time.Duration // clock skew tolerated on exp, nbf and iat; default 30 s
	Clock    ports.Clock   // default the system clock
}

// Service issues and verifies tokens. It is safe for concurrent use.
type Service struct {
	keys     []Key
	lifetime time.Duration
	clock    ports.Clock
	parser   *gojwt.Parser
}

var _ ports.TokenService = (*Service)(nil)

// New validates opts and returns a Service. The minimum secret length is
// the configuration's business (it demands 32 bytes in production); here a
// secret only has to be non-empty.
func New(opts Options) (*Service, error) {
	if len(opts.Keys) == 0 {
		return nil, errors.New("jwt: at least one key is required")
	}
	ids := map[string]bool{}
	for i, k := range opts.Keys {
		if len(k.Secret) == 0 {
			return nil, fmt.Errorf("jwt: key %d (%q) has an empty secret", i, k.ID)
		}
		if k.ID != "" && ids[k.ID] {
			return nil, fmt.Errorf("jwt: key id %q is used twice", k.ID)
		}
		ids[k.ID] = true
	}
	if opts.Lifetime < 0 || opts.Leeway < 0 {
		return nil, errors.New("jwt: lifetime and leeway cannot be negative")
	}
	if opts.Lifetime == 0 {
		opts.Lifetime = DefaultLifetime
	}
	if opts.Leeway == 0 {
		opts.Leeway = DefaultLeeway
	}
	if opts.Clock == nil {
		opts.Clock = ports.SystemClock{}
	}
	return &Service{
		keys:     append([]Key(nil), opts.Keys...),
		lifetime: opts.Lifetime,
		clock:    opts.Clock,
		parser: gojwt.NewParser(
			// Pinning the algorithm rules out "none" and algorithm confusion.
			gojwt.WithValidMethods([]string{gojwt.SigningMethodHS256.Alg()}),
			gojwt.WithLeeway(opts.Leeway),
			gojwt.WithTimeFunc(opts.Clock.Now),
			gojwt.WithExpirationRequired(),
			gojwt.WithIssuedAt(),
			gojwt.WithStrictDecoding(),
		),
	}, nil
}

// Issue signs a token for the user with the first key.
func (s *Service) Issue(userID int64, username string) (string, error) {
	if userID <= 0 {
		return "", fmt.Errorf("jwt: cannot issue a token for user id %d", userID)
	}
	now := s.clock.Now()
	jti, err := newJTI(now)
	if err != nil {
		return "", fmt.Errorf("jwt: token id: %w", err)
	}
	c := &claims{
		Subject:   subject(userID),
		Username:  username,
		IssuedAt:  gojwt.NewNumericDate(now),
		ExpiresAt: gojwt.NewNumericDate(now.Add(s.lifetime)),
		ID:        jti,
	}
	tok := gojwt.NewWithClaims(gojwt.SigningMethodHS256, c)
	key := s.keys[0]
	if key.ID != "" {
		tok.Header["kid"] = key.ID
	}
	signed, err := tok.SignedString(key.Secret)
	if err != nil {
		return "", fmt.Errorf("jwt: sign: %w", err)
	}
	return signed, nil
}

// Verify checks the signature, the algorithm and the time claims, and
// returns what the token says. Every failure is fault.Unauthenticated with
// the same message.
func (s *Service) Verify(token string) (ports.TokenClaims, error) {
	if token == "" || len(token) > maxTokenLength {
		return ports.TokenClaims{}, fault.Unauthenticated(msgInvalidToken)
	}
	var c claims
	if _, err := s.parser.ParseWithClaims(token, &c, s.keyFor); err != nil {
		return ports.TokenClaims{}, fault.Unauthenticated(msgInvalidToken)
	}
	// exp is enforced by the parser; iat and a user id are ours to demand.
	if c.IssuedAt == nil || c.Subject <= 0 {
		return ports.TokenClaims{}, fault.Unauthenticated(msgInvalidToken)
	}
	return ports.TokenClaims{
		ID:        c.ID,
		UserID:    int64(c.Subject),
		Username:  c.Username,
		IssuedAt:  issuedAt(c.ID, c.IssuedAt),
		ExpiresAt: c.ExpiresAt.Time,
	}, nil
}

// keyFor selects the verification keys from the (untrusted) kid header: the
// key with that id, or every key when the token names none.
func (s *Service) keyFor(t *gojwt.Token) (any, error) {
	kid, present := t.Header["kid"]
	if !present {
		set := gojwt.VerificationKeySet{Keys: make([]gojwt.VerificationKey, len(s.keys))}
		for i, k := range s.keys {
			set.Keys[i] = k.Secret
		}
		return set, nil
	}
	id, ok := kid.(string)
	if !ok || id == "" {
		return nil, errors.New("jwt: malformed kid")
	}
	for _, k := range s.keys {
		if k.ID == id {
			return k.Secret, nil
		}
	}
	return nil, errors.New("jwt: unknown kid")
}
