// Package revocationtest is the contract test suite of
// ports.TokenRevocations, run against the memory and GORM stores.
package revocationtest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
)

// Factory returns a fresh, empty, migrated store whose Revocations is set.
type Factory func(t *testing.T) *ports.Store

// Run runs the whole TokenRevocations contract.
func Run(t *testing.T, newStore Factory) {
	t.Run("RevokeOneToken", func(t *testing.T) { testRevoke(t, newStore(t)) })
	t.Run("RevokeAllBefore", func(t *testing.T) { testEpoch(t, newStore(t)) })
	t.Run("EpochNeverMovesBack", func(t *testing.T) { testEpochMonotonic(t, newStore(t)) })
	t.Run("Prune", func(t *testing.T) { testPrune(t, newStore(t)) })
	t.Run("JustExpiredStaysRevoked", func(t *testing.T) { testJustExpired(t, newStore(t)) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, newStore(t)) })
}

// now is the real time (a store may prune by its own clock), in another
// zone and with microseconds: stored instants must compare right.
var now = time.Now().Truncate(time.Millisecond).Add(250 * time.Microsecond).In(time.FixedZone("CET", 3600))

func user(t *testing.T, s *ports.Store, name string) int64 {
	t.Helper()
	u, err := identity.NewUser(name, name+"@example.com", "", "", "pbkdf2_sha256$1000$salt$hash", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Users.Create(t.Context(), u); err != nil {
		t.Fatalf("Users.Create = %v", err)
	}
	return u.ID()
}

func revoked(t *testing.T, s *ports.Store, jti string, userID int64, iat time.Time) bool {
	t.Helper()
	r, err := s.Revocations.Revoked(t.Context(), jti, userID, iat)
	if err != nil {
		t.Fatalf("Revoked(%q, %d, %v) = %v", jti, userID, iat, err)
	}
	return r
}

func testRevoke(t *testing.T, s *ports.Store) {
	ctx, alice, bob := t.Context(), user(t, s, "alice"), user(t, s, "bob")
	if revoked(t, s, "jti-1", alice, now) {
		t.Error("a fresh token is revoked")
	}
	for range 2 { // revoking twice is harmless
		if err := s.Revocations.Revoke(ctx, "jti-1", alice, now.Add(time.Hour)); err != nil {
			t.Fatalf("Revoke = %v", err)
		}
	}
	if !revoked(t, s, "jti-1", alice, now) {
		t.Error("Revoked(jti-1) = false after Revoke")
	}
	if revoked(t, s, "jti-2", alice, now) || revoked(t, s, "jti-3", bob, now) {
		t.Error("revoking one token revoked another")
	}
}

func testEpoch(t *testing.T, s *ports.Store) {
	ctx, alice, bob := t.Context(), user(t, s, "alice"), user(t, s, "bob")
	if err := s.Revocations.RevokeAllBefore(ctx, alice, now); err != nil {
		t.Fatalf("RevokeAllBefore = %v", err)
	}
	for _, c := range []struct {
		name string
		user int64
		iat  time.Time
		want bool
	}{
		{"issued a millisecond before", alice, now.Add(-time.Millisecond), true},
		{"issued a day before", alice, now.Add(-24 * time.Hour), true},
		{"issued at the instant", alice, now, false},
		{"issued after", alice, now.Add(time.Millisecond), false},
		{"issued in UTC after", alice, now.UTC().Add(time.Second), false},
		{"another user", bob, now.Add(-time.Hour), false},
	} {
		if got := revoked(t, s, "x", c.user, c.iat); got != c.want {
			t.Errorf("%s: Revoked = %v; want %v", c.name, got, c.want)
		}
	}
}

func testEpochMonotonic(t *testing.T, s *ports.Store) {
	ctx, alice := t.Context(), user(t, s, "alice")
	if err := s.Revocations.RevokeAllBefore(ctx, alice, now); err != nil {
		t.Fatal(err)
	}
	if err := s.Revocations.RevokeAllBefore(ctx, alice, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !revoked(t, s, "x", alice, now.Add(-time.Minute)) {
		t.Error("an earlier RevokeAllBefore moved the epoch back")
	}
	if err := s.Revocations.RevokeAllBefore(ctx, alice, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !revoked(t, s, "x", alice, now.Add(time.Minute)) {
		t.Error("a later RevokeAllBefore did not move the epoch forward")
	}
}

func testPrune(t *testing.T, s *ports.Store) {
	ctx, alice := t.Context(), user(t, s, "alice")
	if err := s.Revocations.Revoke(ctx, "old", alice, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.Revocations.Revoke(ctx, "live", alice, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Revoke may already have pruned "old" (the GORM store prunes on the
	// way); Prune removes at most it, and never a live entry.
	n, err := s.Revocations.Prune(ctx, now)
	if err != nil || n > 1 {
		t.Errorf("Prune = %d, %v; want at most the expired entry", n, err)
	}
	if !revoked(t, s, "live", alice, now) {
		t.Error("Prune removed an entry whose token has not expired")
	}
}

// testJustExpired: a token is still accepted a little past exp (clock-skew
// leeway), so its entry must outlive exp; pruning on the way must not drop it.
func testJustExpired(t *testing.T, s *ports.Store) {
	ctx, alice := t.Context(), user(t, s, "alice")
	if err := s.Revocations.Revoke(ctx, "recent", alice, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.Revocations.Revoke(ctx, "another", alice, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !revoked(t, s, "recent", alice, now) {
		t.Error("a token revoked a second after its exp is accepted again: its entry was pruned within the leeway")
	}
}

func testConcurrent(t *testing.T, s *ports.Store) {
	alice := user(t, s, "alice")
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 8 {
		wg.Go(func() {
			errs <- s.Revocations.RevokeAllBefore(context.Background(), alice, now.Add(time.Duration(i)*time.Second))
			errs <- s.Revocations.Revoke(context.Background(), "same", alice, now.Add(time.Hour))
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent revocation = %v", err)
		}
	}
	if !revoked(t, s, "x", alice, now.Add(6*time.Second)) || revoked(t, s, "x", alice, now.Add(7*time.Second)) {
		t.Error("concurrent RevokeAllBefore did not keep the latest instant")
	}
}
