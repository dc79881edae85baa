package legacy_test

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"
)

// djangoHashFormat is the only form Django 4.2 keeps at login (anything
// else it re-hashes): pbkdf2_sha256, 600000 rounds, a 22-character salt.
var djangoHashFormat = regexp.MustCompile(`^pbkdf2_sha256\$600000\$([A-Za-z0-9]{22})\$([A-Za-z0-9+/]{43}=)$`)

// TestInteropPasswords: a user Django created logs in through the REST API
// (without its hash being rewritten), and a user registered through Go gets
// a hash that an independent PBKDF2 computation, hence Django, verifies.
// The production count is used, once each way.
func TestInteropPasswords(t *testing.T) {
	t.Parallel()
	db := djangoDatabase(t)
	e := newEnvOn(t, db.Store(), withIterations(600000))
	sqlDB := db.SQL()
	id := insertDjangoUser(t, sqlDB, "alice", aliceHash)

	r := e.must(200, call{method: "POST", path: "/api/auth/login",
		body: `{"username": "alice", "password": "correct horse battery staple"}`})
	if !strings.Contains(string(r.body), `"token"`) {
		t.Errorf("login: %s; want a token", r)
	}
	e.must(401, call{method: "POST", path: "/api/auth/login", body: `{"username": "alice", "password": "wrong"}`})
	var stored string
	var lastLogin sql.NullTime
	if err := sqlDB.QueryRow(`SELECT password, last_login FROM investigation_user WHERE id = $1`, id).Scan(&stored, &lastLogin); err != nil {
		t.Fatal(err)
	}
	if stored != aliceHash || !lastLogin.Valid {
		t.Errorf("after login: password %q, last_login %v; want Django's hash kept and last_login set", stored, lastLogin)
	}

	const password = "Un mot de passe assez long"
	e.must(201, call{method: "POST", path: "/api/auth/register",
		body: `{"username": "gaston", "email": "gaston@example.com", "password": "` + password + `"}`})
	if err := sqlDB.QueryRow(`SELECT password FROM investigation_user WHERE username = 'gaston'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	m := djangoHashFormat.FindStringSubmatch(stored)
	if m == nil {
		t.Fatalf("Go's hash %q is not pbkdf2_sha256$600000$<22-char salt>$<base64>", stored)
	}
	key, err := pbkdf2.Key(sha256.New, password, []byte(m[1]), 600000, sha256.Size)
	if err != nil {
		t.Fatal(err)
	}
	if got := base64.StdEncoding.EncodeToString(key); got != m[2] {
		t.Errorf("independent PBKDF2 of the password = %s; stored %s", got, m[2])
	}
}

// TestInteropSession: the django_session row Django wrote at alice's login
// (django-auth.md) authenticates a legacy request; once the password column
// changes (as Django's password change does), the session is refused and
// its row deleted, as Django deletes it.
func TestInteropSession(t *testing.T) {
	t.Parallel()
	db := djangoDatabase(t)
	e := newEnvOn(t, db.Store())
	sqlDB := db.SQL()
	if id := insertDjangoUser(t, sqlDB, "alice", aliceHash); id != 1 {
		t.Fatalf("alice's id = %d; want 1, the id in the session", id)
	}
	if _, err := sqlDB.Exec(`INSERT INTO django_session (session_key, session_data, expire_date) VALUES ($1, $2, $3)`,
		aliceSessionKey, aliceSession, aliceSessionExpiry); err != nil {
		t.Fatal(err)
	}
	inv, err := e.casework.Create(t.Context(), 1, "Affaire Dupont", "")
	if err != nil {
		t.Fatal(err)
	}
	alice := &account{id: 1, session: aliceSessionKey, csrf: "pGhzzCcVAwP2ggFJoGTFZMtEgOc1lp7l"}
	path := "/api/investigation/" + inv.ID.String()
	e.must(200, call{method: "GET", path: path + "/members/", as: alice})
	e.must(200, call{method: "POST", path: path + "/presence/heartbeat/", as: alice, csrf: alice.csrf})

	if _, err := sqlDB.Exec(`UPDATE investigation_user SET password = 'pbkdf2_sha256$600000$aaaaaaaaaaaaaaaaaaaaaa$x' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	e.must(401, call{method: "GET", path: path + "/members/", as: alice})
	var n int
	if err := sqlDB.QueryRow(`SELECT count(*) FROM django_session WHERE session_key = $1`, aliceSessionKey).Scan(&n); err != nil || n != 0 {
		t.Errorf("session rows after the password change = %d (%v); want 0", n, err)
	}
}

// TestInteropExpiredSession: the db backend only loads rows whose
// expire_date is still ahead.
func TestInteropExpiredSession(t *testing.T) {
	t.Parallel()
	db := djangoDatabase(t)
	e := newEnvOn(t, db.Store())
	insertDjangoUser(t, db.SQL(), "alice", aliceHash)
	if _, err := db.SQL().Exec(`INSERT INTO django_session VALUES ($1, $2, $3)`, aliceSessionKey, aliceSession,
		transcriptStart.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	inv, err := e.casework.Create(t.Context(), 1, "Affaire Dupont", "")
	if err != nil {
		t.Fatal(err)
	}
	e.must(401, call{method: "GET", path: "/api/investigation/" + inv.ID.String() + "/members/",
		as: &account{session: aliceSessionKey}})
}
