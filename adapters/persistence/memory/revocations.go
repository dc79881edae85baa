package memory

import (
	"context"
	"sync"
	"time"

	"github.com/enquete/enquete/ports"
)

// revocations is the in-memory ports.TokenRevocations. It is not part of the
// transactional state: revoking a token is never rolled back with a change.
type revocations struct {
	mu        sync.Mutex
	tokens    map[string]time.Time // jti → the token's expiry
	notBefore map[int64]time.Time  // user id → tokens issued earlier are revoked
}

var _ ports.TokenRevocations = (*revocations)(nil)

func newRevocations() *revocations {
	return &revocations{tokens: map[string]time.Time{}, notBefore: map[int64]time.Time{}}
}

func (r *revocations) Revoke(ctx context.Context, jti string, _ int64, expiresAt time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tokens[jti] = expiresAt
	return nil
}

func (r *revocations) RevokeAllBefore(ctx context.Context, userID int64, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if t.After(r.notBefore[userID]) {
		r.notBefore[userID] = t
	}
	return nil
}

func (r *revocations) Revoked(ctx context.Context, jti string, userID int64, issuedAt time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.tokens[jti]; ok && jti != "" {
		return true, nil
	}
	return issuedAt.Before(r.notBefore[userID]), nil
}

func (r *revocations) Prune(ctx context.Context, now time.Time) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var n int64
	for jti, exp := range r.tokens {
		if exp.Before(now) {
			delete(r.tokens, jti)
			n++
		}
	}
	return n, nil
}
