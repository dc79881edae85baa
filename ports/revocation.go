package ports

import (
	"context"
	"time"
)

// TokenRevocations keeps what makes a still-valid access token unacceptable:
// a logout (one token, by its jti) or a "log out everywhere" and a password
// change (every token of a user issued before an instant). Entries are
// needed only until the tokens they concern expire.
type TokenRevocations interface {
	// Revoke rejects the token jti of userID from now on; expiresAt is the
	// token's own expiry, after which the entry may be pruned.
	Revoke(ctx context.Context, jti string, userID int64, expiresAt time.Time) error
	// RevokeAllBefore rejects every token of userID issued before t. A later
	// call with an earlier t does not move the instant back.
	RevokeAllBefore(ctx context.Context, userID int64, t time.Time) error
	// Revoked reports whether a token (its jti, user and issue time) is
	// revoked by either rule, in one round trip to the storage.
	Revoked(ctx context.Context, jti string, userID int64, issuedAt time.Time) (bool, error)
	// Prune deletes the token entries that expired before now and returns
	// how many went. Pass a now some time in the past (the verifier's
	// clock-skew leeway at least): a token stays valid a little past exp.
	Prune(ctx context.Context, now time.Time) (int64, error)
}
