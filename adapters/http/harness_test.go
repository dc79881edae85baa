package httpapi_test

import (
	"bytes"
	"encoding/json"
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
	"github.com/enquete/enquete/adapters/auth/jwt"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/persistence/memory"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// testMaxBody is the body limit of the test router: small enough to test
// 413 cheaply, large enough for a 10 000-character comment.
const testMaxBody = 64 << 10

// stepClock advances one millisecond at every reading, so that every stamp
// is distinct ("newest first" has one answer) and a heartbeat stays well
// within the 30-second online window.
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

// testServer is the real router over the in-memory store, the real auth
// adapters and a real blob store (disk unless a test picks another).
type testServer struct {
	t      testing.TB
	engine *gin.Engine
	store  *ports.Store
	media  *media
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type serverOption func(*ports.Store, *httpapi.Options)

func newTestServer(t testing.TB, opts ...serverOption) *testServer {
	t.Helper()
	return newTestServerOn(t, diskMedia(t), opts...)
}

// newTestServerOn is newTestServer with files kept in m.
func newTestServerOn(t testing.TB, m *media, opts ...serverOption) *testServer {
	t.Helper()
	store := memory.NewStore()
	options := httpapi.Options{
		MediaURL:     "/media/",
		CORSOrigins:  []string{"http://localhost:8000"},
		MaxBodyBytes: testMaxBody,
	}
	for _, o := range opts {
		o(store, &options)
	}
	clock := &stepClock{now: time.Date(2025, 11, 26, 7, 0, 0, 123456000, time.UTC)}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("test-secret-test-secret-test-secret")}}})
	if err != nil {
		t.Fatalf("jwt.New = %v", err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	casework := appcasework.NewService(store, m, clock, log)
	engine := httpapi.NewRouter(httpapi.Deps{
		Identity: appidentity.NewService(store.Users, djangohash.New(1000), tokens, nil, clock),
		Casework: casework,
		Board:    appboard.NewService(casework, store, m, clock, log),
		Avatars:  appidentity.NewAvatars(store.Users, m, nil),
		Ping:     store.Ping,
		Log:      log,
		Options:  options,
	})
	return &testServer{t: t, engine: engine, store: store, media: m, logs: logs}
}

// response is a recorded answer.
type response struct {
	method, path string
	status       int
	header       http.Header
	body         []byte
}

func (r response) String() string {
	return fmt.Sprintf("%s %s = %d %s", r.method, r.path, r.status, r.body)
}

// json decodes the body into a generic value.
func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("%s: body is not a JSON object: %v", r, err)
	}
	return v
}

// request is one call; body is sent as application/json unless contentType
// says otherwise ("none": no Content-Type at all). A string body is sent as
// is, anything else marshalled.
type request struct {
	method, path, token string
	body                any
	contentType         string
	header              map[string]string
}

func (ts *testServer) send(q request) response {
	ts.t.Helper()
	var body io.Reader
	switch b := q.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			ts.t.Fatalf("marshal %v: %v", b, err)
		}
		body = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(q.method, q.path, body)
	if q.body != nil && q.contentType != "none" {
		ct := q.contentType
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	if q.token != "" {
		req.Header.Set("Authorization", "Bearer "+q.token)
	}
	for k, v := range q.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ts.engine.ServeHTTP(rec, req)
	return response{method: q.method, path: q.path, status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// do sends a JSON request with a token.
func (ts *testServer) do(method, path, token string, body any) response {
	ts.t.Helper()
	return ts.send(request{method: method, path: path, token: token, body: body})
}

// must sends and fails the test unless the status is want.
func (ts *testServer) must(want int, method, path, token string, body any) response {
	ts.t.Helper()
	r := ts.do(method, path, token, body)
	if r.status != want {
		ts.t.Fatalf("%s; want %d", r, want)
	}
	return r
}

// user is a registered account with a token.
type user struct {
	id    int64
	name  string
	token string
}

func (ts *testServer) register(name string) user {
	ts.t.Helper()
	r := ts.must(http.StatusCreated, "POST", "/api/auth/register", "", map[string]string{
		"username": name, "email": name + "@example.com", "password": "correct-horse-battery",
	})
	var out struct {
		Token string `json:"token"`
		User  struct {
			ID int64 `json:"id"`
		} `json:"user"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil || out.Token == "" || out.User.ID == 0 {
		ts.t.Fatalf("%s: no token or id (%v)", r, err)
	}
	return user{id: out.User.ID, name: name, token: out.Token}
}

// createInvestigation opens an investigation owned by u; returns id and code.
func (ts *testServer) createInvestigation(u user, title string) (string, string) {
	ts.t.Helper()
	r := ts.must(http.StatusCreated, "POST", "/api/investigations", u.token, map[string]string{"title": title})
	v := r.json(ts.t)
	return v["id"].(string), v["code"].(string)
}

// addMember has u join by code, then gives it role (the owner sets it).
func (ts *testServer) addMember(inv, code string, owner, u user, role string) {
	ts.t.Helper()
	ts.must(http.StatusOK, "POST", "/api/investigations/join", u.token, map[string]string{"code": code})
	if role != "member" {
		ts.must(http.StatusOK, "PATCH", fmt.Sprintf("/api/investigations/%s/members/%d", inv, u.id), owner.token,
			map[string]string{"role": role})
	}
}

// createEntity adds an entity and returns its id.
func (ts *testServer) createEntity(inv string, u user, body map[string]any) string {
	ts.t.Helper()
	r := ts.must(http.StatusCreated, "POST", "/api/investigations/"+inv+"/entities", u.token, body)
	return r.json(ts.t)["id"].(string)
}

func (ts *testServer) createLink(inv string, u user, from, to string) string {
	ts.t.Helper()
	r := ts.must(http.StatusCreated, "POST", "/api/investigations/"+inv+"/links", u.token,
		map[string]string{"from_entity_id": from, "to_entity_id": to, "title": "knows"})
	return r.json(ts.t)["id"].(string)
}

func (ts *testServer) createTag(inv string, u user, name string) string {
	ts.t.Helper()
	r := ts.must(http.StatusCreated, "POST", "/api/investigations/"+inv+"/tags", u.token, map[string]string{"name": name})
	return r.json(ts.t)["id"].(string)
}

func (ts *testServer) createComment(inv, entity string, u user, content string) string {
	ts.t.Helper()
	r := ts.must(http.StatusCreated, "POST", "/api/investigations/"+inv+"/entities/"+entity+"/comments", u.token,
		map[string]string{"content": content})
	return r.json(ts.t)["id"].(string)
}

// createAttachment uploads a file to an entity and returns its id.
func (ts *testServer) createAttachment(inv, entity string, u user, filename string, content []byte) string {
	ts.t.Helper()
	path := "/api/investigations/" + inv + "/entities/" + entity + "/attachments"
	r := ts.upload(path, u.token, "file", filename, content)
	if r.status != http.StatusCreated {
		ts.t.Fatalf("%s; want 201", r)
	}
	return r.json(ts.t)["id"].(string)
}

// decode unmarshals a response body into v.
func decode(t testing.TB, r response, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%s: %v", r, err)
	}
}

// ginContext shortens handler signatures of routes the tests add.
type ginContext = gin.Context
