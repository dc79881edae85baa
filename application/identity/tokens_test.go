package identity_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/djangosession"
	"github.com/enquete/enquete/adapters/auth/jwt"
	"github.com/enquete/enquete/adapters/persistence/memory"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// tickClock is one clock for the service and the token issuer, as in
// production, advanced by hand.
type tickClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *tickClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *tickClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

const djangoSecret = "django-secret-key-for-tests"

type lifecycle struct {
	svc   *appidentity.Service
	store *ports.Store
	clock *tickClock
}

func newLifecycle(t *testing.T) lifecycle {
	t.Helper()
	store := memory.NewStore()
	clock := &tickClock{now: time.Date(2026, 3, 1, 9, 0, 0, 400_000_000, time.UTC)}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{ID: "k1", Secret: []byte(strings.Repeat("k", 32))}}, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	sessions := djangosession.NewReader(djangoSecret, store.Sessions, store.Users, clock)
	svc := appidentity.NewService(store.Users, djangohash.New(1000), tokens, sessions, clock).WithRevocations(store.Revocations)
	return lifecycle{svc: svc, store: store, clock: clock}
}

const password = "correct horse battery"

func (l lifecycle) login(t *testing.T, name string) appidentity.AuthResult {
	t.Helper()
	l.clock.advance(time.Millisecond) // two logins, two tokens
	res, err := l.svc.Login(t.Context(), name, password)
	if err != nil {
		t.Fatalf("Login(%s) = %v", name, err)
	}
	return res
}

func (l lifecycle) wantToken(t *testing.T, what, token string, valid bool) {
	t.Helper()
	_, err := l.svc.Authenticate(t.Context(), token)
	if valid && err != nil {
		t.Errorf("%s: Authenticate = %v; want accepted", what, err)
	}
	if !valid && !errors.Is(err, fault.ErrUnauthenticated) {
		t.Errorf("%s: Authenticate = %v; want unauthenticated", what, err)
	}
}

func (l lifecycle) register(t *testing.T, name string) {
	t.Helper()
	if _, err := l.svc.Register(t.Context(), appidentity.RegisterInput{Username: name, Email: name + "@example.com", Password: password}); err != nil {
		t.Fatal(err)
	}
}

func TestLogoutRevokesOnlyThatToken(t *testing.T) {
	l := newLifecycle(t)
	l.register(t, "alice")
	l.register(t, "bob")
	phone, laptop, bob := l.login(t, "alice"), l.login(t, "alice"), l.login(t, "bob")
	if err := l.svc.Logout(t.Context(), phone.Token); err != nil {
		t.Fatalf("Logout = %v", err)
	}
	l.wantToken(t, "logged-out token", phone.Token, false)
	l.wantToken(t, "the user's other token", laptop.Token, true)
	l.wantToken(t, "another user's token", bob.Token, true)
	if err := l.svc.Logout(t.Context(), "garbage"); !errors.Is(err, fault.ErrUnauthenticated) {
		t.Errorf("Logout(garbage) = %v; want unauthenticated", err)
	}
}

func TestLogoutAll(t *testing.T) {
	l := newLifecycle(t)
	l.register(t, "alice")
	l.register(t, "bob")
	a1, a2, bob := l.login(t, "alice"), l.login(t, "alice"), l.login(t, "bob")
	l.clock.advance(time.Millisecond) // see TestSameMillisecond for the limit
	if err := l.svc.LogoutAll(t.Context(), a1.User.ID); err != nil {
		t.Fatalf("LogoutAll = %v", err)
	}
	l.wantToken(t, "presented token", a1.Token, false)
	l.wantToken(t, "other token", a2.Token, false)
	l.wantToken(t, "another user's token", bob.Token, true)
	// In the same millisecond as the logout: a new login still works.
	res, err := l.svc.Login(t.Context(), "alice", password)
	if err != nil {
		t.Fatal(err)
	}
	l.wantToken(t, "token issued right after", res.Token, true)
}

func TestChangeOwnPassword(t *testing.T) {
	l := newLifecycle(t)
	l.register(t, "alice")
	current, other := l.login(t, "alice"), l.login(t, "alice")
	u, _ := l.store.Users.ByUsername(t.Context(), "alice")
	// A Django session of alice, signed with the hash of her old password.
	session := djangosession.Encode(djangoSecret, map[string]any{
		"_auth_user_id": strconv.FormatInt(u.ID(), 10), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
		"_auth_user_hash": djangosession.AuthHash(djangoSecret, u.PasswordHash()),
	}, l.clock.Now())
	key := strings.Repeat("s", 32)
	if err := l.store.Sessions.Save(t.Context(), key, session, l.clock.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.AuthenticateSession(t.Context(), key); err != nil {
		t.Fatalf("AuthenticateSession before the change = %v", err)
	}

	if _, err := l.svc.ChangeOwnPassword(t.Context(), u.ID(), "wrong old password", "another good phrase"); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("ChangeOwnPassword(wrong old) = %v; want invalid", err)
	}
	l.wantToken(t, "token after a refused change", other.Token, true)

	l.clock.advance(time.Millisecond)
	res, err := l.svc.ChangeOwnPassword(t.Context(), u.ID(), password, "another good phrase")
	if err != nil {
		t.Fatalf("ChangeOwnPassword = %v", err)
	}
	l.wantToken(t, "fresh token", res.Token, true)
	l.wantToken(t, "caller's old token", current.Token, false)
	l.wantToken(t, "other token", other.Token, false)
	if _, err := l.svc.AuthenticateSession(t.Context(), key); !errors.Is(err, fault.ErrUnauthenticated) {
		t.Errorf("AuthenticateSession after the change = %v; want the old-hash session refused", err)
	}
}

func TestWithoutRevocations(t *testing.T) {
	svc, _, _ := newService(t, 1000)
	if err := svc.Logout(context.Background(), "x"); err == nil || errors.Is(err, fault.ErrUnauthenticated) {
		t.Errorf("Logout without revocations = %v; want a configuration error", err)
	}
	if err := svc.LogoutAll(context.Background(), 1); err == nil {
		t.Error("LogoutAll without revocations succeeded")
	}
}

// TestRevocationStoreDown: when revocations cannot be checked the request
// fails as unavailable, never as a silent acceptance.
func TestRevocationStoreDown(t *testing.T) {
	l := newLifecycle(t)
	l.register(t, "alice")
	tok := l.login(t, "alice")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := l.svc.Authenticate(ctx, tok.Token); err == nil || errors.Is(err, fault.ErrUnauthenticated) {
		t.Errorf("Authenticate with the store unreachable = %v; want its error", err)
	}
}

// TestSameMillisecond documents the one window: issue times are known to
// the millisecond, so a token issued in the very millisecond of a "log out
// everywhere", before it, survives it; one issued in the same millisecond
// after it must (and does) work.
func TestSameMillisecond(t *testing.T) {
	l := newLifecycle(t)
	l.register(t, "alice")
	before := l.login(t, "alice")
	if err := l.svc.LogoutAll(t.Context(), before.User.ID); err != nil {
		t.Fatal(err)
	}
	after, err := l.svc.Login(t.Context(), "alice", password)
	if err != nil {
		t.Fatal(err)
	}
	l.wantToken(t, "issued in the same millisecond, after", after.Token, true)
	l.wantToken(t, "issued in the same millisecond, before (the documented window)", before.Token, true)
}
