package httpapi_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// brokenInvestigations fails the investigation list with err.
type brokenInvestigations struct {
	ports.InvestigationRepository
	err error
}

func (b brokenInvestigations) ListForUser(context.Context, int64) ([]ports.InvestigationView, error) {
	return nil, b.err
}

func withBrokenList(err error) serverOption {
	return func(s *ports.Store, _ *httpapi.Options) {
		s.Investigations = brokenInvestigations{InvestigationRepository: s.Investigations, err: err}
	}
}

func TestUnexpectedErrorsAre500(t *testing.T) {
	secret := errors.New(`pq: relation "investigation_investigation" row (secret data)`)
	ts := newTestServer(t, withBrokenList(fmt.Errorf("list: %w", secret)))
	alice := ts.register("alice")
	r := ts.send(request{method: "GET", path: "/api/investigations", token: alice.token, header: map[string]string{"X-Request-ID": "req-500"}})
	if r.status != 500 || string(r.body) != `{"error":"Internal server error","code":"internal_error"}` {
		t.Errorf("%s; want a fixed 500 without the error text", r)
	}
	logs := ts.logs.String()
	for _, want := range []string{"secret data", `"request_id":"req-500"`, `"route":"/api/investigations"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s: %s", want, logs)
		}
	}
}

func TestUnavailableIs503(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"fault", fmt.Errorf("query: %w", fault.ErrUnavailable)},
		{"fault with message", &fault.Error{Kind: fault.KindUnavailable, Message: "db down"}},
		{"bad connection", fmt.Errorf("query: %w", driver.ErrBadConn)},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}},
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, withBrokenList(tt.err))
			alice := ts.register("alice")
			r := ts.do("GET", "/api/investigations", alice.token, nil)
			if r.status != 503 || string(r.body) != `{"error":"Service temporarily unavailable","code":"unavailable"}` {
				t.Errorf("%s; want 503", r)
			}
		})
	}
}

type pingFunc func(context.Context) error

func (f pingFunc) Ping(ctx context.Context) error { return f(ctx) }

func TestReadyFailsFast(t *testing.T) {
	tests := []struct {
		name string
		ping pingFunc
	}{
		{"down", func(context.Context) error { return errors.New("connection refused") }},
		{"hung", func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, func(s *ports.Store, _ *httpapi.Options) { s.Ping = tt.ping })
			start := time.Now()
			r := ts.send(request{method: "GET", path: "/ready"})
			if r.status != 503 || string(r.body) != `{"error":"Service temporarily unavailable","code":"unavailable"}` {
				t.Errorf("%s; want 503", r)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("GET /ready took %v; want about 1s at most", d)
			}
			// The process itself is fine.
			if r := ts.send(request{method: "GET", path: "/health"}); r.status != 200 {
				t.Errorf("%s; want 200", r)
			}
		})
	}
}

// TestLocationOption: naive datetimes follow Options.Location.
func TestLocationOption(t *testing.T) {
	ts := newTestServer(t, func(_ *ports.Store, o *httpapi.Options) { o.Location = time.UTC })
	alice := ts.register("alice")
	inv, _ := ts.createInvestigation(alice, "x")
	id := ts.createEntity(inv, alice, map[string]any{"type": "event", "title": "t", "event_date": "2024-01-15T10:30"})
	r := ts.must(200, "GET", "/api/investigations/"+inv+"/entities/"+id, alice.token, nil)
	if got := r.json(t)["event_date"]; got != "2024-01-15T10:30:00+00:00" {
		t.Errorf("event_date = %v; want read in UTC", got)
	}
}

// TestClientGone: a request whose client has gone is not logged as an error.
func TestClientGone(t *testing.T) {
	ts := newTestServer(t)
	alice := ts.register("alice")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, "GET", "/api/investigations", nil)
	req.Header.Set("Authorization", "Bearer "+alice.token)
	rec := httptest.NewRecorder()
	ts.engine.ServeHTTP(rec, req)
	if rec.Code != 503 {
		t.Errorf("GET /api/investigations (cancelled) = %d %s; want 503", rec.Code, rec.Body)
	}
	logs := ts.logs.String()
	if !strings.Contains(logs, "request cancelled by the client") || strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("logs = %s; want an info line, no error", logs)
	}
}
