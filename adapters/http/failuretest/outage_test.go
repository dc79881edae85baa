package failuretest_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/jwt"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/ports"
)

// client sends requests to a router and waits a bounded time for each.
type client struct {
	t *testing.T
	h http.Handler
}

type answer struct {
	status int
	body   string
}

func (c client) send(method, path, token string, body any) answer {
	c.t.Helper()
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	done := make(chan answer, 1)
	go func() {
		rec := httptest.NewRecorder()
		c.h.ServeHTTP(rec, req)
		done <- answer{rec.Code, rec.Body.String()}
	}()
	select {
	case a := <-done:
		return a
	case <-time.After(10 * time.Second):
		// Far below the request deadline (30s): a hang here means the
		// outage is not noticed quickly.
		c.t.Fatalf("%s %s: no answer within 10s", method, path)
		return answer{}
	}
}

func (c client) must(status int, method, path, token string, body any) map[string]any {
	c.t.Helper()
	a := c.send(method, path, token, body)
	if a.status != status {
		c.t.Fatalf("%s %s = %d %s; want %d", method, path, a.status, a.body, status)
	}
	var v map[string]any
	_ = json.Unmarshal([]byte(a.body), &v)
	return v
}

// newRouter is the real router over store, as cmd/enquete assembles it.
func newRouter(t *testing.T, store *ports.Store) http.Handler {
	t.Helper()
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("test-secret-test-secret-test-secret")}}})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	clock := ports.SystemClock{}
	casework := appcasework.NewService(store, nil, clock, log)
	return httpapi.NewRouter(httpapi.Deps{
		Identity: appidentity.NewService(store.Users, djangohash.New(1000), tokens, nil, clock),
		Casework: casework,
		Board:    appboard.NewService(casework, store, nil, clock, log),
		Ping:     store.Ping,
		Log:      log,
	})
}

// TestDatabaseOutage stops the database under the running service: every
// request that needs it answers 503 at once (not 401, not 500, not a
// hang), /ready says 503, nothing is half written; when the database
// comes back, the same service answers normally again by itself.
func TestDatabaseOutage(t *testing.T) {
	pg := gormtest.StartPrivatePostgres(t)
	db := gormtest.Open(t, pg.URL())
	c := client{t: t, h: newRouter(t, db.Store())}

	reg := c.must(201, "POST", "/api/auth/register", "", map[string]string{
		"username": "alice", "email": "alice@example.com", "password": "correct-horse-battery"})
	token := reg["token"].(string)
	inv := c.must(201, "POST", "/api/investigations", token, map[string]string{"title": "Avant la panne"})["id"].(string)
	if a := c.send("GET", "/ready", "", nil); a.status != 200 {
		t.Fatalf("/ready before the outage = %d %s", a.status, a.body)
	}

	pg.StopImmediate()

	unavailable := `{"error":"Service temporarily unavailable","code":"unavailable"}`
	for _, q := range []struct {
		method, path, token string
		body                any
	}{
		{"GET", "/api/investigations", token, nil},
		{"GET", "/api/investigations/" + inv + "/entities", token, nil},
		{"POST", "/api/investigations/" + inv + "/entities", token, map[string]any{"type": "person", "title": "Pendant", "tags": []string{"x"}}},
		{"POST", "/api/auth/login", "", map[string]string{"username": "alice", "password": "correct-horse-battery"}},
		{"POST", "/api/auth/register", "", map[string]string{"username": "bob", "email": "bob@example.com", "password": "correct-horse-battery"}},
		{"GET", "/api/auth/me", token, nil},
	} {
		if a := c.send(q.method, q.path, q.token, q.body); a.status != 503 || a.body != unavailable {
			t.Errorf("%s %s during the outage = %d %s; want 503 %s", q.method, q.path, a.status, a.body, unavailable)
		}
	}
	if a := c.send("GET", "/ready", "", nil); a.status != 503 || !strings.Contains(a.body, "unavailable") {
		t.Errorf("/ready during the outage = %d %s; want 503", a.status, a.body)
	}
	if a := c.send("GET", "/health", "", nil); a.status != 200 {
		t.Errorf("/health during the outage = %d; want 200 (the process is up)", a.status)
	}

	pg.Start()

	deadline := time.Now().Add(30 * time.Second)
	for c.send("GET", "/ready", "", nil).status != 200 {
		if time.Now().After(deadline) {
			t.Fatalf("/ready still failing 30s after the database came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	list := c.must(200, "GET", "/api/investigations", token, nil)
	invs := list["investigations"].([]any)
	if len(invs) != 1 || invs[0].(map[string]any)["title"] != "Avant la panne" {
		t.Errorf("investigations after recovery = %v; want the one made before", invs)
	}
	entities := c.must(200, "GET", "/api/investigations/"+inv+"/entities", token, nil)["entities"].([]any)
	if len(entities) != 0 {
		t.Errorf("entities after recovery = %v; want none (the create during the outage failed whole)", entities)
	}
	c.must(200, "POST", "/api/auth/login", "", map[string]string{"username": "alice", "password": "correct-horse-battery"})
	c.must(201, "POST", "/api/investigations/"+inv+"/entities", token, map[string]any{"type": "person", "title": "Après"})
}
