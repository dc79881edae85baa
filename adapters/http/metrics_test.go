package httpapi_test

import (
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// series finds the value of a counter, gauge or histogram (its count)
// whose labels include want; ok is false when there is none.
func series(t *testing.T, reg prometheus.Gatherer, name string, want map[string]string) (float64, bool) {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatalf("Gather = %v", err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if hasLabels(m, want) {
				switch {
				case m.Counter != nil:
					return m.Counter.GetValue(), true
				case m.Gauge != nil:
					return m.Gauge.GetValue(), true
				case m.Histogram != nil:
					return float64(m.Histogram.GetSampleCount()), true
				}
			}
		}
	}
	return 0, false
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	found := 0
	for _, l := range m.GetLabel() {
		if v, ok := want[l.GetName()]; ok && v == l.GetValue() {
			found++
		}
	}
	return found == len(want)
}

func wantSeries(t *testing.T, reg prometheus.Gatherer, name string, labels map[string]string, want float64) {
	t.Helper()
	got, ok := series(t, reg, name, labels)
	if !ok || got != want {
		t.Errorf("%s%v = %v (present %v); want %v", name, labels, got, ok, want)
	}
}

// TestRequestMetricsUseRouteTemplates: requests are counted and timed by
// route template, never by raw path (which holds ids), unknown paths fold
// into "unmatched", and an unknown method into "other".
func TestRequestMetricsUseRouteTemplates(t *testing.T) {
	s := newSpecServer(t)
	reg := s.metrics.Registry
	u := s.specUser("alice")
	inv, _ := s.createInvestigation(u, "Affaire")
	s.do("GET", "/api/investigations/"+inv, u.token, nil)
	s.do("GET", "/api/investigations/"+inv, u.token, nil)
	s.do("GET", "/api/investigations/00000000-0000-4000-8000-000000000000", u.token, nil)
	s.do("GET", "/no/such/"+inv, "", nil)
	s.send(request{method: "FROB", path: "/api/investigations"})

	route := map[string]string{"method": "GET", "route": "/api/investigations/:id"}
	wantSeries(t, reg, "http_requests_total", map[string]string{"method": "GET", "route": "/api/investigations/:id", "status": "200"}, 2)
	wantSeries(t, reg, "http_requests_total", map[string]string{"method": "GET", "route": "/api/investigations/:id", "status": "404"}, 1)
	wantSeries(t, reg, "http_requests_total", map[string]string{"method": "GET", "route": "unmatched", "status": "404"}, 1)
	wantSeries(t, reg, "http_requests_total", map[string]string{"method": "other", "route": "unmatched", "status": "405"}, 1)
	wantSeries(t, reg, "http_request_duration_seconds", route, 3)
	wantSeries(t, reg, "http_requests_in_flight", nil, 0)

	scrape := s.send(request{method: "GET", path: "/metrics", token: specMetricsToken})
	if scrape.status != http.StatusOK || !strings.HasPrefix(scrape.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("%s; want 200 text/plain", clipBody(scrape))
	}
	text := string(scrape.body)
	if strings.Contains(text, inv) {
		t.Error("/metrics holds a raw id; labels must be route templates")
	}
	for _, want := range []string{"http_requests_total{", "http_request_duration_seconds_bucket{", "http_requests_in_flight ",
		"enquete_stream_subscribers ", "go_goroutines ", "process_cpu_seconds_total "} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestUploadMetrics: uploads are counted by kind and outcome, with the
// bytes read, for the REST and legacy upload routes.
func TestUploadMetrics(t *testing.T) {
	s := newSpecServer(t)
	reg := s.metrics.Registry
	u := s.specUser("alice")
	inv, _ := s.createInvestigation(u, "Affaire")
	entity := s.createEntity(inv, u, map[string]any{"type": "person", "title": "Jean"})
	content := []byte(strings.Repeat("evidence ", 1000))
	body := fileForm("file", "notes.txt", content)
	s.send(request{method: "POST", path: "/api/investigations/" + inv + "/entities/" + entity + "/attachments", token: u.token, body: body, contentType: multipartType})
	s.send(request{method: "POST", path: "/api/auth/me/avatar", token: u.token, body: fileForm("avatar", "x.png", []byte("not an image")), contentType: multipartType})
	s.send(request{method: "POST", path: "/api/auth/me/avatar", token: u.token, body: map[string]string{}})
	s.send(request{method: "POST", path: "/api/investigation/" + inv + "/entity/" + entity + "/photo/", token: u.token,
		body: fileForm("photo", "p.png", pngBytes(t)), contentType: multipartType})
	s.send(request{method: "POST", path: "/api/investigations/" + inv + "/entities/" + entity + "/photo", body: fileForm("photo", "p.png", pngBytes(t)), contentType: multipartType})

	wantSeries(t, reg, "enquete_uploads_total", map[string]string{"kind": "attachment", "outcome": "stored"}, 1)
	wantSeries(t, reg, "enquete_upload_bytes_total", map[string]string{"kind": "attachment", "outcome": "stored"}, float64(len(body)))
	wantSeries(t, reg, "enquete_uploads_total", map[string]string{"kind": "avatar", "outcome": "rejected"}, 1)
	wantSeries(t, reg, "enquete_uploads_total", map[string]string{"kind": "avatar", "outcome": "unsupported_type"}, 1)
	wantSeries(t, reg, "enquete_uploads_total", map[string]string{"kind": "photo", "outcome": "stored"}, 1)
	wantSeries(t, reg, "enquete_uploads_total", map[string]string{"kind": "photo", "outcome": "denied"}, 1)
}

// TestMetricsEndpointAccess: with a token, a scrape must present it; without
// one the route is open; without Metrics there is no route at all.
func TestMetricsEndpointAccess(t *testing.T) {
	s := newSpecServer(t)
	for _, c := range []struct {
		auth string
		want int
	}{{"", 401}, {"Bearer wrong", 401}, {"Basic " + specMetricsToken, 401}, {"Bearer " + specMetricsToken, 200}, {"bearer " + specMetricsToken, 200}} {
		r := s.send(request{method: "GET", path: "/metrics", header: map[string]string{"Authorization": c.auth}})
		if r.status != c.want {
			t.Errorf("Authorization %q: %s; want %d", c.auth, clipBody(r), c.want)
		}
		if c.want == 401 && r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("Authorization %q: 401 without WWW-Authenticate", c.auth)
		}
	}
	open := httpapi.NewRouter(httpapi.Deps{Metrics: httpapi.NewMetrics()})
	if rec := serve(open, "GET", "/metrics"); rec.Code != 200 {
		t.Errorf("no token: GET /metrics = %d; want 200", rec.Code)
	}
	if rec := serve(httpapi.NewRouter(httpapi.Deps{}), "GET", "/metrics"); rec.Code != 404 {
		t.Errorf("no Metrics: GET /metrics = %d; want 404", rec.Code)
	}
}

func serve(h http.Handler, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

// TestStreamSubscribers: the gauge the event stream moves; the methods are
// safe on a nil *Metrics, which measures nothing.
func TestStreamSubscribers(t *testing.T) {
	m := httpapi.NewMetrics()
	m.StreamOpened()
	m.StreamOpened()
	m.StreamClosed()
	wantSeries(t, m.Registry, "enquete_stream_subscribers", nil, 1)
	var none *httpapi.Metrics
	none.StreamOpened()
	none.StreamClosed()
}

// TestRegisterDBStats: the pool's statistics under client_golang's names,
// read at every scrape; a second pool of the same name is refused.
func TestRegisterDBStats(t *testing.T) {
	m := httpapi.NewMetrics()
	stats := sql.DBStats{MaxOpenConnections: 10, OpenConnections: 4, InUse: 3, Idle: 1, WaitCount: 7, WaitDuration: 1500 * time.Millisecond}
	if err := httpapi.RegisterDBStats(m.Registry, "main", func() sql.DBStats { return stats }); err != nil {
		t.Fatalf("RegisterDBStats = %v", err)
	}
	db := map[string]string{"db_name": "main"}
	wantSeries(t, m.Registry, "go_sql_in_use_connections", db, 3)
	wantSeries(t, m.Registry, "go_sql_idle_connections", db, 1)
	wantSeries(t, m.Registry, "go_sql_open_connections", db, 4)
	wantSeries(t, m.Registry, "go_sql_max_open_connections", db, 10)
	wantSeries(t, m.Registry, "go_sql_wait_count_total", db, 7)
	wantSeries(t, m.Registry, "go_sql_wait_duration_seconds_total", db, 1.5)
	stats.InUse = 5
	wantSeries(t, m.Registry, "go_sql_in_use_connections", db, 5)
	if err := httpapi.RegisterDBStats(m.Registry, "main", func() sql.DBStats { return stats }); err == nil {
		t.Error("a second pool named main was accepted")
	}
}

// TestRequestIDInResponseAndAccessLog: the id a client sends comes back in
// X-Request-ID and is in the access log line of the request, with the
// route template.
func TestRequestIDInResponseAndAccessLog(t *testing.T) {
	s := newSpecServer(t)
	r := s.send(request{method: "GET", path: "/health", header: map[string]string{"X-Request-ID": "trace-42.openapi"}})
	if got := r.header.Get("X-Request-ID"); got != "trace-42.openapi" {
		t.Errorf("X-Request-ID = %q; want the client's", got)
	}
	if logs := s.logs.String(); !strings.Contains(logs, `"request_id":"trace-42.openapi"`) || !strings.Contains(logs, `"route":"/health"`) {
		t.Errorf("access log lacks the request id or route:\n%s", logs)
	}
}
