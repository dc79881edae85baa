package gormstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/enquete/enquete/ports"
)

// TokenRevocations implements ports.TokenRevocations on
// enquete_revoked_token and enquete_token_epoch (migration 0005).
type TokenRevocations struct{ d *DB }

var _ ports.TokenRevocations = (*TokenRevocations)(nil)

// pruneMargin keeps an entry this long after its token's expiry: a token is
// accepted a little past exp (the verifier's clock-skew leeway), and the
// clocks of the instances and the database may differ a little too.
const pruneMargin = time.Hour

// Revoke lists the token, and prunes the entries of expired tokens on the
// way: logouts are rare next to requests, and this keeps the table as small
// as the set of live revoked tokens without a scheduled job.
func (r *TokenRevocations) Revoke(ctx context.Context, jti string, userID int64, expiresAt time.Time) error {
	if jti == "" {
		return errors.New("gormstore: revoke a token without a jti")
	}
	err := r.d.db(ctx).Exec(`INSERT INTO enquete_revoked_token (jti, user_id, expires_at) VALUES (?, ?, ?)
ON CONFLICT (jti) DO NOTHING`, jti, userID, dbTime(expiresAt)).Error
	if err != nil {
		return fail("revoke token", err)
	}
	_, err = r.Prune(ctx, time.Now().Add(-pruneMargin))
	return err
}

// RevokeAllBefore moves the user's epoch forward, never back.
func (r *TokenRevocations) RevokeAllBefore(ctx context.Context, userID int64, t time.Time) error {
	err := r.d.db(ctx).Exec(`INSERT INTO enquete_token_epoch (user_id, not_before) VALUES (?, ?)
ON CONFLICT (user_id) DO UPDATE SET not_before = CASE
    WHEN excluded.not_before > enquete_token_epoch.not_before THEN excluded.not_before
    ELSE enquete_token_epoch.not_before END`, userID, dbTime(t)).Error
	if err != nil {
		return fail("revoke tokens", err)
	}
	return nil
}

// Revoked answers both questions in one statement: two primary-key lookups,
// one round trip per authenticated request.
func (r *TokenRevocations) Revoked(ctx context.Context, jti string, userID int64, issuedAt time.Time) (bool, error) {
	var listed bool
	var notBefore anyTime
	err := r.d.db(ctx).Raw(`SELECT EXISTS (SELECT 1 FROM enquete_revoked_token WHERE jti = ?),
    (SELECT not_before FROM enquete_token_epoch WHERE user_id = ?)`, jti, userID).Row().Scan(&listed, &notBefore)
	if err != nil {
		return false, fail("check token revocation", err)
	}
	return listed || notBefore.valid && issuedAt.Before(notBefore.t), nil
}

// Prune deletes the entries of tokens that have expired.
func (r *TokenRevocations) Prune(ctx context.Context, now time.Time) (int64, error) {
	res := r.d.db(ctx).Exec(`DELETE FROM enquete_revoked_token WHERE expires_at < ?`, dbTime(now))
	if res.Error != nil {
		return 0, fail("prune revoked tokens", res.Error)
	}
	return res.RowsAffected, nil
}

// anyTime scans a timestamp computed by a subquery. PostgreSQL types it;
// SQLite knows no type for an expression and hands over its text, which is
// then read in the layout the column is written in.
type anyTime struct {
	t     time.Time
	valid bool
}

func (a *anyTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		a.valid = false
		return nil
	case time.Time:
		a.t, a.valid = v.UTC(), true
		return nil
	case string:
		return a.parse(v)
	case []byte:
		return a.parse(string(v))
	}
	return fmt.Errorf("gormstore: cannot read %T as a time", src)
}

func (a *anyTime) parse(s string) error {
	t, err := time.ParseInLocation(sqliteTime, s, time.UTC)
	if err != nil {
		return fmt.Errorf("gormstore: cannot read %q as a time: %w", s, err)
	}
	a.t, a.valid = t, true
	return nil
}
