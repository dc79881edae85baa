package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// deadlineOf answers how far the request's context deadline is, in
// seconds, or "none".
func deadlineOf(c *gin.Context) {
	d, ok := c.Request.Context().Deadline()
	if !ok {
		c.String(http.StatusOK, "none")
		return
	}
	c.String(http.StatusOK, "%d", int(time.Until(d).Round(time.Minute).Minutes()))
}

// TestRequestDeadlines: API calls get RequestTimeout, file transfers
// TransferTimeout, event streams none.
func TestRequestDeadlines(t *testing.T) {
	ts := newTestServer(t, withLimits(func(l *httpapi.Limits) {
		l.RequestTimeout = 10 * time.Minute
		l.TransferTimeout = 60 * time.Minute
	}))
	for _, p := range []string{"/t/api", "/t/entities/:e/attachments/:a/download", "/t/events", "/media/*file"} {
		ts.engine.GET(p, deadlineOf)
	}
	for _, p := range []string{"/t/entities/:e/attachments", "/t/entities/:e/photo", "/t/me/avatar", "/t/entities/:e/comments"} {
		ts.engine.POST(p, deadlineOf)
	}
	tests := []struct {
		method, path, accept, want string
	}{
		{"GET", "/t/api", "", "10"},
		{"GET", "/t/entities/1/attachments/2/download", "", "60"},
		{"POST", "/t/entities/1/attachments", "", "60"},
		{"POST", "/t/entities/1/photo", "", "60"},
		{"POST", "/t/me/avatar", "", "60"},
		{"GET", "/media/entity_photos/x.png", "", "60"},
		{"POST", "/t/entities/1/comments", "", "10"},
		{"GET", "/t/events", "", "none"},
		{"GET", "/t/api", "text/event-stream", "none"},
	}
	for _, tt := range tests {
		r := ts.send(request{method: tt.method, path: tt.path, header: map[string]string{"Accept": tt.accept}})
		if string(r.body) != tt.want {
			t.Errorf("%s (Accept %q): deadline %s minutes; want %s", r, tt.accept, r.body, tt.want)
		}
	}
}

// hungInvestigations is a repository whose list waits like a driver on a
// server that never answers: until the context ends.
type hungInvestigations struct {
	ports.InvestigationRepository
}

func (hungInvestigations) ListForUser(ctx context.Context, _ int64) ([]ports.InvestigationView, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestDeadlineAnswers503: a use case still waiting when the deadline
// passes ends, and the client gets a 503 rather than a hung connection.
func TestDeadlineAnswers503(t *testing.T) {
	ts := newTestServer(t, withLimits(func(l *httpapi.Limits) { l.RequestTimeout = 50 * time.Millisecond }),
		func(s *ports.Store, _ *httpapi.Options) { s.Investigations = hungInvestigations{s.Investigations} })
	alice := ts.register("alice")
	r := ts.do("GET", "/api/investigations", alice.token, nil)
	wantError(t, r, http.StatusServiceUnavailable, "Service temporarily unavailable")
}

// TestDeadlineDisabled: a negative timeout turns the deadline off.
func TestDeadlineDisabled(t *testing.T) {
	ts := newTestServer(t, withLimits(func(l *httpapi.Limits) { l.RequestTimeout = -1 }))
	ts.engine.GET("/t/api", deadlineOf)
	if r := ts.send(request{method: "GET", path: "/t/api"}); string(r.body) != "none" {
		t.Errorf("%s; want no deadline", r)
	}
}
