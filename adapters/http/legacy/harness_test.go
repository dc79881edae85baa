package legacy_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Paris whatever the machine has

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/djangosession"
	"github.com/enquete/enquete/adapters/auth/jwt"
	"github.com/enquete/enquete/adapters/blob/disk"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/http/legacy"
	"github.com/enquete/enquete/adapters/persistence/memory"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// secretKey is the SECRET_KEY of the Django run recorded in django-auth.md.
const secretKey = "enquete-local-measurement-secret-key-not-for-production"

// Limits of the test router: small, so that 413 costs little.
const (
	testMaxBody  = 64 << 10
	testMaxImage = 16 << 10
)

// trustedOrigins is the CSRF_TRUSTED_ORIGINS of the Django run.
var trustedOrigins = []string{"https://investigation.raspotin.com", "http://localhost:8000", "http://127.0.0.1:8000"}

// transcriptStart is when Django's transcript ran (step 13 opened A at
// 07:00:11.959); sessions recorded then expire on 2026-12-10.
var transcriptStart = time.Date(2026, 11, 26, 7, 0, 11, 500000000, time.UTC)

// stepClock advances one millisecond at every reading: every stamp is
// distinct ("newest first" has one answer) and heartbeats stay online.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

// env is the REST router with the legacy routes and /media/, on real
// services over a store (memory or PostgreSQL) and the real auth adapters.
type env struct {
	t        *testing.T
	engine   *gin.Engine
	store    *ports.Store
	blobs    ports.BlobStore
	clock    *stepClock
	identity *appidentity.Service
	casework *appcasework.Service
	board    *appboard.Service
}

type envConfig struct {
	iterations int // PBKDF2 count of new hashes
	afterAuth  []gin.HandlerFunc
}

type envOption func(*envConfig)

// withIterations sets the PBKDF2 count (production's 600000 for interop).
func withIterations(n int) envOption { return func(c *envConfig) { c.iterations = n } }

// withAfterAuth sets legacy.Deps.AfterAuth.
func withAfterAuth(h ...gin.HandlerFunc) envOption {
	return func(c *envConfig) { c.afterAuth = h }
}

func newEnv(t *testing.T, opts ...envOption) *env {
	t.Helper()
	return newEnvOn(t, memory.NewStore(), opts...)
}

func newEnvOn(t *testing.T, store *ports.Store, opts ...envOption) *env {
	t.Helper()
	cfg := envConfig{iterations: 1000}
	for _, o := range opts {
		o(&cfg)
	}
	clock := &stepClock{now: transcriptStart}
	blobs, err := disk.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("test-secret-test-secret-test-secret")}}, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	sessions := djangosession.NewReader(secretKey, store.Sessions, store.Users, clock)
	identity := appidentity.NewService(store.Users, djangohash.New(cfg.iterations), tokens, sessions, clock)
	casework := appcasework.NewService(store, blobs, clock, log)
	board := appboard.NewService(casework, store, blobs, clock, log)
	engine := httpapi.NewRouter(httpapi.Deps{Identity: identity, Casework: casework, Board: board, Ping: store.Ping, Log: log,
		Options: httpapi.Options{MediaURL: "/media/", MaxBodyBytes: testMaxBody, CORSOrigins: []string{"http://localhost:8000"}}})
	legacy.Register(engine, legacy.Deps{Identity: identity, Casework: casework, Board: board, Log: log,
		MediaURL: "/media/", CSRFTrustedOrigins: trustedOrigins, MaxBodyBytes: testMaxBody, MaxImageBytes: testMaxImage,
		AfterAuth: cfg.afterAuth})
	legacy.RegisterMedia(engine, "/media/", blobs)
	return &env{t: t, engine: engine, store: store, blobs: blobs, clock: clock,
		identity: identity, casework: casework, board: board}
}

// account is a user with the credentials of each scheme: a JWT, and a
// Django session with its CSRF cookie.
type account struct {
	id       int64
	name     string
	password string
	token    string
	session  string // sessionid cookie
	csrf     string // csrftoken cookie (the raw 32-character secret)
}

// register creates a user through the identity use case and gives it a
// Django session, as logging in through Django's form would.
func (e *env) register(name, password string) *account {
	e.t.Helper()
	res, err := e.identity.Register(context.Background(), appidentity.RegisterInput{
		Username: name, Email: name + "@example.com", Password: password})
	if err != nil {
		e.t.Fatalf("Register(%q) = %v", name, err)
	}
	a := &account{id: res.User.ID, name: name, password: password, token: res.Token}
	a.session = e.signSession(a.id, e.passwordHash(a.id), e.clock.Now().Add(14*24*time.Hour))
	a.csrf = randomToken(32, alnum)
	return a
}

func (e *env) passwordHash(id int64) string {
	e.t.Helper()
	u, err := e.store.Users.ByID(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return u.PasswordHash()
}

// signSession stores a session Django's login would have written and
// returns its key.
func (e *env) signSession(userID int64, passwordHash string, expires time.Time) string {
	e.t.Helper()
	return e.saveSession(djangosession.Encode(secretKey, map[string]any{
		"_auth_user_id":      fmt.Sprint(userID),
		"_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
		"_auth_user_hash":    djangosession.AuthHash(secretKey, passwordHash),
	}, e.clock.Now()), expires)
}

func (e *env) saveSession(data string, expires time.Time) string {
	e.t.Helper()
	key := randomToken(32, "abcdefghijklmnopqrstuvwxyz0123456789")
	if err := e.store.Sessions.Save(context.Background(), key, data, expires); err != nil {
		e.t.Fatal(err)
	}
	return key
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomToken(n int, alphabet string) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// call is one request. as sends the account's sessionid and csrftoken
// cookies; bearer sends its token instead. A body is JSON unless ctype says
// otherwise ("-" for no Content-Type).
type call struct {
	method, path string
	as           *account
	bearer       bool
	csrf         string // X-CSRFToken header
	body         string
	ctype        string
	header       map[string]string
}

type response struct {
	req    string
	status int
	header http.Header
	body   []byte
}

func (r response) String() string { return fmt.Sprintf("%s = %d %s", r.req, r.status, r.body) }

func (e *env) send(c call) response {
	e.t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req := httptest.NewRequest(c.method, c.path, body)
	switch {
	case c.ctype == "-":
	case c.ctype != "":
		req.Header.Set("Content-Type", c.ctype)
	case c.body != "":
		req.Header.Set("Content-Type", "application/json")
	}
	if c.as != nil && c.bearer {
		req.Header.Set("Authorization", "Bearer "+c.as.token)
	} else if c.as != nil {
		req.Header.Set("Cookie", "csrftoken="+c.as.csrf+"; sessionid="+c.as.session)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRFToken", c.csrf)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.engine.ServeHTTP(rec, req)
	return response{req: c.method + " " + c.path, status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// must sends and fails the test unless the status is want.
func (e *env) must(want int, c call) response {
	e.t.Helper()
	r := e.send(c)
	if r.status != want {
		e.t.Fatalf("%s; want %d", r, want)
	}
	return r
}

// boundary is the one of the transcript's uploads.
const boundary = "enqueteBoundary7MA4YWxkTrZu0gW"

// multipartBody is a multipart/form-data body with one file part.
func multipartBody(field, filename, ctype string, data []byte) (body, contentType string) {
	var b strings.Builder
	fmt.Fprintf(&b, "--%s\r\nContent-Disposition: form-data; name=%q; filename=%q\r\nContent-Type: %s\r\n\r\n",
		boundary, field, filename, ctype)
	b.Write(data)
	fmt.Fprintf(&b, "\r\n--%s--\r\n", boundary)
	return b.String(), "multipart/form-data; boundary=" + boundary
}
