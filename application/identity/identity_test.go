package identity_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/jwt"
	"github.com/enquete/enquete/adapters/persistence/memory"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
)

// countingHasher counts the full-cost operations, to show that every login
// path does the same amount of hashing work (no user enumeration by timing).
type countingHasher struct {
	ports.PasswordHasher
	work atomic.Int64
}

func (c *countingHasher) Verify(p, e string) (bool, bool) {
	c.work.Add(1)
	return c.PasswordHasher.Verify(p, e)
}
func (c *countingHasher) WasteTime(p string) { c.work.Add(1); c.PasswordHasher.WasteTime(p) }

type fixedClock struct{ t time.Time }

func (f fixedClock) Now() time.Time { return f.t }

func newService(t *testing.T, iterations int) (*appidentity.Service, *ports.Store, *countingHasher) {
	t.Helper()
	store := memory.NewStore()
	h := &countingHasher{PasswordHasher: djangohash.New(iterations)}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte(strings.Repeat("k", 32))}}})
	if err != nil {
		t.Fatal(err)
	}
	return appidentity.NewService(store.Users, h, tokens, nil, fixedClock{time.Now()}), store, h
}

func TestLoginFailuresLookAlike(t *testing.T) {
	svc, store, h := newService(t, 1000)
	ctx := context.Background()
	if _, err := svc.Register(ctx, appidentity.RegisterInput{Username: "alice", Email: "alice@example.com", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	inactive, _ := identity.NewUser("bob", "bob@example.com", "", "", "pbkdf2_sha256$1000$abcdefghijklmnopqrstuv$x", time.Now())
	snap := inactive.Snapshot()
	snap.IsActive = false
	if err := store.Users.Create(ctx, identity.RehydrateUser(snap)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ user, pass string }{{"alice", "wrong password"}, {"nobody", "whatever pass"}, {"Alice", "correct horse battery"}, {"bob", "anything at all"}} {
		before := h.work.Load()
		_, err := svc.Login(ctx, tc.user, tc.pass)
		f, ok := fault.As(err)
		if !ok || f.Kind != fault.KindUnauthenticated || f.Message != appidentity.MsgInvalidCredentials {
			t.Errorf("Login(%q) = %v; want %q", tc.user, err, appidentity.MsgInvalidCredentials)
		}
		if n := h.work.Load() - before; n != 1 {
			t.Errorf("Login(%q) did %d hash operations; want exactly 1 on every path", tc.user, n)
		}
	}
}

func TestLoginUpgradesOutdatedHashes(t *testing.T) {
	ctx := context.Background()
	weak, store, _ := newService(t, 1000)
	if _, err := weak.Register(ctx, appidentity.RegisterInput{Username: "alice", Email: "alice@example.com", Password: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	// The same store behind a service configured with more iterations, as
	// after raising the count: the next login re-hashes, as Django does.
	strong := appidentity.NewService(store.Users, djangohash.New(2000), mustTokens(t), nil, fixedClock{time.Now()})
	if _, err := strong.Login(ctx, "alice", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	u, _ := store.Users.ByUsername(ctx, "alice")
	if !strings.HasPrefix(u.PasswordHash(), "pbkdf2_sha256$2000$") || u.Snapshot().LastLogin == nil {
		t.Errorf("hash after login = %q, last login %v; want re-hashed at 2000 and stamped", u.PasswordHash(), u.Snapshot().LastLogin)
	}
	if _, err := strong.Login(ctx, "alice", "correct horse battery"); err != nil {
		t.Errorf("Login() after the upgrade = %v", err)
	}
}

func TestDjangoKnownAnswerLogsIn(t *testing.T) {
	if testing.Short() {
		t.Skip("600000 PBKDF2 iterations")
	}
	svc, store, _ := newService(t, djangohash.DefaultIterations)
	ctx := context.Background()
	u, _ := identity.NewUser("alice", "alice@example.com", "", "", "pbkdf2_sha256$600000$vhup0P7Bk2rQSzx0D51NWt$oJ726nHh9isdfWY3k9SVSI2ffKiq+1+3eyiDicQfXFc=", time.Now())
	if err := store.Users.Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Login(ctx, "alice", "correct horse battery staple"); err != nil {
		t.Fatalf("Login(Django's alice) = %v", err)
	}
	after, _ := store.Users.ByUsername(ctx, "alice")
	if after.PasswordHash() != u.PasswordHash() {
		t.Errorf("a current Django hash was rewritten: %q", after.PasswordHash())
	}
}

func TestChangePassword(t *testing.T) {
	svc, _, _ := newService(t, 1000)
	ctx := context.Background()
	res, err := svc.Register(ctx, appidentity.RegisterInput{Username: "alice", Email: "alice@example.com", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.ChangePassword(ctx, res.User.ID, "wrong old one", "another good phrase"); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("ChangePassword(wrong old) = %v; want invalid", err)
	}
	if err := svc.ChangePassword(ctx, res.User.ID, "correct horse battery", "12345678"); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("ChangePassword(weak new) = %v; want invalid", err)
	}
	if err := svc.ChangePassword(ctx, res.User.ID, "correct horse battery", "another good phrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Login(ctx, "alice", "correct horse battery"); err == nil {
		t.Error("the old password still logs in")
	}
	if _, err := svc.Login(ctx, "alice", "another good phrase"); err != nil {
		t.Errorf("Login(new password) = %v", err)
	}
}

func mustTokens(t *testing.T) ports.TokenService {
	t.Helper()
	tok, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte(strings.Repeat("k", 32))}}})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
