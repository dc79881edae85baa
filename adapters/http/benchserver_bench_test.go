package httpapi_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/jwt"
	"github.com/enquete/enquete/adapters/blob/disk"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/http/legacy"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/adapters/persistence/memory"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/application/seed"
	"github.com/enquete/enquete/ports"
)

// benchServer is the production router (REST and legacy routes) on a real
// store, with a bearer token of the seeded boards' owner. Everything here
// is setup, run before the benchmark timers start.
type benchServer struct {
	handler http.Handler
	store   *ports.Store
	tokens  ports.TokenService
	token   string
}

// benchStore opens a migrated store of the named kind; PostgreSQL skips
// the benchmark when no server answers.
func benchStore(b *testing.B, kind string) *ports.Store {
	b.Helper()
	switch kind {
	case "sqlite":
		return gormtest.NewSQLite(b).Store()
	case "postgres":
		return gormtest.NewPostgres(b).Store()
	}
	return memory.NewStore()
}

func newBenchServer(b *testing.B, store *ports.Store) *benchServer {
	b.Helper()
	blobs, err := disk.New(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("bench-secret-bench-secret-bench-secret")}}})
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	clock := ports.SystemClock{}
	identity := appidentity.NewService(store.Users, djangohash.New(1000), tokens, nil, clock)
	casework := appcasework.NewService(store, blobs, clock, log)
	board := appboard.NewService(casework, store, blobs, clock, log)
	engine := httpapi.NewRouter(httpapi.Deps{Identity: identity, Casework: casework, Board: board,
		Avatars: appidentity.NewAvatars(store.Users, blobs, log), Ping: store.Ping, Log: log,
		Options: httpapi.Options{MediaURL: "/media/"}})
	legacy.Register(engine, legacy.Deps{Identity: identity, Casework: casework, Board: board, Log: log, MediaURL: "/media/"})
	return &benchServer{handler: engine, store: store, tokens: tokens}
}

// seedBoard creates an investigation of n entities and m links owned by
// "bench" (created on first use) and keeps a token for that account.
func (s *benchServer) seedBoard(b *testing.B, n, m int) seed.Result {
	b.Helper()
	res, err := seed.New(s.store, djangohash.New(1000), ports.SystemClock{}).Run(context.Background(),
		seed.Options{Entities: n, Links: m, Comments: n / 10, Owner: "bench", Users: 3, Password: "correct horse battery"})
	if err != nil {
		b.Fatal(err)
	}
	if s.token == "" {
		if s.token, err = s.tokens.Issue(res.OwnerID, res.Owner); err != nil {
			b.Fatal(err)
		}
	}
	return res
}

// discard is a ResponseWriter that keeps the status and counts the bytes:
// unlike httptest.ResponseRecorder it allocates nothing per request, so
// the allocation figures are the server's own.
type discard struct {
	header http.Header
	status int
	n      int
}

func (d *discard) Header() http.Header { return d.header }
func (d *discard) WriteHeader(code int) {
	if d.status == 0 {
		d.status = code
	}
}
func (d *discard) Write(p []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	d.n += len(p)
	return len(p), nil
}

func (d *discard) reset() {
	clear(d.header)
	d.status, d.n = 0, 0
}

// serve runs req b.N times and reports the response size; body, when not
// nil, is sent with every request. The first request, untimed, must
// answer want.
func (s *benchServer) serve(b *testing.B, req *http.Request, body []byte, want int) {
	b.Helper()
	w := &discard{header: http.Header{}}
	send := func() {
		if body != nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		w.reset()
		s.handler.ServeHTTP(w, req)
	}
	send()
	if w.status != want {
		rec := httptest.NewRecorder()
		if body != nil {
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		s.handler.ServeHTTP(rec, req)
		b.Fatalf("%s %s = %d %s; want %d", req.Method, req.URL, rec.Code, rec.Body.String(), want)
	}
	size := w.n
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		send()
		if w.status != want {
			b.Fatalf("%s %s = %d; want %d", req.Method, req.URL, w.status, want)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(size), "B/resp")
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// request builds an authenticated request, reused across iterations (the
// figures are the server's, not the client's).
func (s *benchServer) request(method, target string) *http.Request {
	req := httptest.NewRequest(method, target, nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}
