package legacy_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangosession"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
)

// The real row of django-auth.md: alice (id 1) logged in through Django's
// form; the session_data was signed by Django with secretKey.
const (
	aliceHash       = "pbkdf2_sha256$600000$vhup0P7Bk2rQSzx0D51NWt$oJ726nHh9isdfWY3k9SVSI2ffKiq+1+3eyiDicQfXFc="
	aliceSessionKey = "arzfmii7a3n6y0t0t4h3r5jligqz4whm"
	aliceSession    = ".eJxVjMsOwiAQRf-FtSEMT3Hpvt9ABhikaiAp7cr479qkC93ec859sYDbWsM2aAlzZhcG7PS7RUwPajvId2y3zlNv6zJHviv8oINPPdPzerh_BxVH_dZkyICBGKMpYNTZOS-8JKsUWHCgjZWJIKEApVOyVFD7TFhUdNILQvb-AMTtN5U:1xWTSl:P6P-ZuHxEiw4kmz2BlxO11uR0TZqhA3oGFO77IKoJWM"
)

var aliceSessionExpiry = time.Date(2026, 12, 10, 7, 0, 11, 630198000, time.UTC)

// TestRealDjangoSession: the session Django wrote at login authenticates a
// legacy request, until its expire_date.
func TestRealDjangoSession(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	alice := identity.RehydrateUser(identity.UserSnapshot{Username: "alice", Email: "alice@example.com",
		PasswordHash: aliceHash, IsActive: true, DateJoined: transcriptStart, CreatedAt: transcriptStart})
	if err := e.store.Users.Create(ctx, alice); err != nil || alice.ID() != 1 {
		t.Fatalf("Create(alice) = %v, id %d; want id 1", err, alice.ID())
	}
	if err := e.store.Sessions.Save(ctx, aliceSessionKey, aliceSession, aliceSessionExpiry); err != nil {
		t.Fatal(err)
	}
	inv, err := e.casework.Create(ctx, 1, "Affaire Dupont", "")
	if err != nil {
		t.Fatal(err)
	}
	as := &account{id: 1, session: aliceSessionKey, csrf: "pGhzzCcVAwP2ggFJoGTFZMtEgOc1lp7l"}
	path := "/api/investigation/" + inv.ID.String()
	e.must(200, call{method: "GET", path: path + "/entities/", as: as})
	// The X-CSRFToken of the transcript (step 85): the raw cookie value.
	e.must(200, call{method: "POST", path: path + "/presence/heartbeat/", as: as, csrf: as.csrf})

	e.clock.now = aliceSessionExpiry
	e.must(401, call{method: "GET", path: path + "/entities/", as: as})
}

// TestSessions: sessions signed here as Django signs them, and what makes
// Django treat one as anonymous.
func TestSessions(t *testing.T) {
	tests := []struct {
		name    string
		session func(c *cast) string // the sessionid cookie to send
		want    int
	}{
		{"signed like Django", func(c *cast) string { return c.users["alice"].session }, 200},
		{"tampered signature", func(c *cast) string {
			return c.resave(func(data string) string { return flipLast(data) })
		}, 401},
		{"tampered payload", func(c *cast) string {
			return c.resave(func(data string) string { return "x" + data[1:] })
		}, 401},
		{"signed with another SECRET_KEY", func(c *cast) string {
			return c.saveSession(djangosession.Encode("another-secret", c.sessionData(1, aliceHashOf(c)), c.clock.Now()), c.clock.Now().Add(time.Hour))
		}, 401},
		{"expired", func(c *cast) string {
			return c.saveSession(djangosession.Encode(secretKey, c.sessionData(1, aliceHashOf(c)), c.clock.Now()), c.clock.Now().Add(-time.Second))
		}, 401},
		{"unknown key", func(c *cast) string { return strings.Repeat("a", 32) }, 401},
		{"malformed key", func(c *cast) string { return "../../etc/passwd" }, 401},
		{"another user's hash", func(c *cast) string {
			return c.saveSession(djangosession.Encode(secretKey, c.sessionData(1, c.passwordHash(2)), c.clock.Now()), c.clock.Now().Add(time.Hour))
		}, 401},
		{"unknown user", func(c *cast) string {
			return c.saveSession(djangosession.Encode(secretKey, c.sessionData(99, aliceHashOf(c)), c.clock.Now()), c.clock.Now().Add(time.Hour))
		}, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCast(newEnv(t))
			as := &account{session: tt.session(c), csrf: c.users["alice"].csrf}
			r := c.send(call{method: "GET", path: c.expand("/api/investigation/{A}/entities/"), as: as})
			if r.status != tt.want {
				t.Fatalf("%s; want %d", r, tt.want)
			}
			if tt.want == 401 && string(r.body) != `{"error": "Authentication required"}` {
				t.Errorf("%s; want the one 401 message", r)
			}
		})
	}
}

// TestPasswordChangeEndsSessions: a session's _auth_user_hash no longer
// matches once the password changes; Django then deletes the session row.
func TestPasswordChangeEndsSessions(t *testing.T) {
	c := newCast(newEnv(t))
	ctx, alice := context.Background(), c.users["alice"]
	path := c.expand("/api/investigation/{A}/entities/")
	c.must(200, call{method: "GET", path: path, as: alice})
	if err := c.identity.ChangePassword(ctx, alice.id, alice.password, "a new long passphrase"); err != nil {
		t.Fatal(err)
	}
	c.must(401, call{method: "GET", path: path, as: alice})
	if _, _, err := c.store.Sessions.Load(ctx, alice.session); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("session row after the password change: Load = %v; want not found (deleted)", err)
	}
	c.must(200, call{method: "GET", path: path, as: alice, bearer: true})
}

func aliceHashOf(c *cast) string { return c.passwordHash(c.users["alice"].id) }

func (c *cast) sessionData(userID int64, passwordHash string) map[string]any {
	return map[string]any{
		"_auth_user_id":      strconv.FormatInt(userID, 10),
		"_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
		"_auth_user_hash":    djangosession.AuthHash(secretKey, passwordHash),
	}
}

// resave stores alice's session data changed by edit under a new key.
func (c *cast) resave(edit func(string) string) string {
	c.t.Helper()
	data, expires, err := c.store.Sessions.Load(context.Background(), c.users["alice"].session)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.saveSession(edit(data), expires)
}

// flipLast changes the last character of a signed value (its signature).
func flipLast(s string) string {
	last := s[len(s)-1]
	repl := byte('A')
	if last == 'A' {
		repl = 'B'
	}
	return s[:len(s)-1] + string(repl)
}
