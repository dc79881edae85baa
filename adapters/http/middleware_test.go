package httpapi_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/ports"
)

func TestRoutingErrors(t *testing.T) {
	ts := newTestServer(t)
	alice := ts.register("alice")
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/nope", 404, `{"error":"Not found","code":"not_found"}`},
		{"GET", "/api/investigations/", 404, `{"error":"Not found","code":"not_found"}`}, // no slash redirect
		{"GET", "/api/investigations/00000000-0000-4000-8000-000000000000/nope", 404, `{"error":"Not found","code":"not_found"}`},
		{"DELETE", "/api/investigations", 405, `{"error":"Method not allowed","code":"method_not_allowed"}`},
		{"PUT", "/api/auth/login", 405, `{"error":"Method not allowed","code":"method_not_allowed"}`},
		{"POST", "/health", 405, `{"error":"Method not allowed","code":"method_not_allowed"}`},
	}
	for _, tt := range tests {
		r := ts.do(tt.method, tt.path, alice.token, nil)
		if r.status != tt.status || string(r.body) != tt.body {
			t.Errorf("%s; want %d %s", r, tt.status, tt.body)
		}
		wantError(t, r, tt.status, "")
	}
	r := ts.do("DELETE", "/api/investigations", "", nil)
	if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("%s: Allow %q; want GET and POST", r, allow)
	}
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	ts := newTestServer(t)
	ts.engine.GET("/boom", func(*ginContext) { panic("boom") })
	for _, q := range []request{
		{method: "GET", path: "/health"},
		{method: "GET", path: "/nope"},
		{method: "PATCH", path: "/health"},
		{method: "GET", path: "/api/auth/me"},
		{method: "GET", path: "/boom"},
		{method: "POST", path: "/api/auth/login", body: `{`},
	} {
		r := ts.send(q)
		for k, v := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
			"Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin",
		} {
			if got := r.header.Get(k); got != v {
				t.Errorf("%s: %s = %q; want %q", r, k, got, v)
			}
		}
		if r.header.Get("X-Request-ID") == "" {
			t.Errorf("%s: no X-Request-ID", r)
		}
	}
}

func TestPanicIsLogged500(t *testing.T) {
	ts := newTestServer(t)
	ts.engine.GET("/boom", func(*ginContext) { panic("secret detail") })
	r := ts.send(request{method: "GET", path: "/boom", header: map[string]string{"X-Request-ID": "req-42"}})
	if r.status != 500 || string(r.body) != `{"error":"Internal server error","code":"internal_error"}` {
		t.Errorf("%s; want a fixed 500", r)
	}
	logs := ts.logs.String()
	if !strings.Contains(logs, "secret detail") || !strings.Contains(logs, `"request_id":"req-42"`) || !strings.Contains(logs, "goroutine") {
		t.Errorf("logs = %s; want the panic, the request id and the stack", logs)
	}
}

func TestRequestID(t *testing.T) {
	ts := newTestServer(t)
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	tests := []struct {
		in   string
		echo bool
	}{
		{"", false},
		{"abc-123_DEF.4:5", true},
		{"has space", false},
		{"new\nline", false},
		{strings.Repeat("a", 129), false},
		{strings.Repeat("a", 128), true},
	}
	for _, tt := range tests {
		r := ts.send(request{method: "GET", path: "/health", header: map[string]string{"X-Request-ID": tt.in}})
		got := r.header.Get("X-Request-ID")
		if tt.echo && got != tt.in || !tt.echo && !generated.MatchString(got) {
			t.Errorf("X-Request-ID %q → %q; want echo=%v", tt.in, got, tt.echo)
		}
	}
}

// logLine returns the access log entry of a route.
func logLine(t *testing.T, logs, route string) map[string]any {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "http request" && m["route"] == route {
			return m
		}
	}
	t.Fatalf("no access log for %s in %s", route, logs)
	return nil
}

func TestAccessLog(t *testing.T) {
	ts := newTestServer(t)
	alice := ts.register("alice")
	inv, _ := ts.createInvestigation(alice, "x")
	ts.send(request{method: "GET", path: "/api/investigations/" + inv, token: alice.token,
		header: map[string]string{"X-Request-ID": "trace-1", "X-Forwarded-For": "203.0.113.9"}})
	m := logLine(t, ts.logs.String(), "/api/investigations/:id")
	if m["method"] != "GET" || m["status"] != 200.0 || m["request_id"] != "trace-1" || m["user_id"] != float64(alice.id) ||
		m["client_ip"] != "192.0.2.1" || m["duration_ms"] == nil {
		t.Errorf("access log = %v", m)
	}
	if strings.Contains(ts.logs.String(), inv) {
		t.Errorf("logs contain the raw path; want the route template only")
	}
	ts.do("GET", "/nope", "", nil)
	if m := logLine(t, ts.logs.String(), "unmatched"); m["status"] != 404.0 || m["user_id"] != nil {
		t.Errorf("access log = %v", m)
	}
}

func TestTrustedProxies(t *testing.T) {
	ts := newTestServer(t, func(_ *ports.Store, o *httpapi.Options) { o.TrustedProxies = []string{"192.0.2.0/24"} })
	ts.send(request{method: "GET", path: "/health", header: map[string]string{"X-Forwarded-For": "203.0.113.9"}})
	if m := logLine(t, ts.logs.String(), "/health"); m["client_ip"] != "203.0.113.9" {
		t.Errorf("client_ip = %v; want the forwarded address from a trusted proxy", m["client_ip"])
	}
}

func TestCORS(t *testing.T) {
	ts := newTestServer(t)
	allowed, foreign := "http://localhost:8000", "https://evil.example"
	r := ts.send(request{method: "GET", path: "/health", header: map[string]string{"Origin": allowed}})
	if r.header.Get("Access-Control-Allow-Origin") != allowed || !strings.Contains(strings.Join(r.header.Values("Vary"), ","), "Origin") {
		t.Errorf("%s: headers %v; want the origin allowed and Vary: Origin", r, r.header)
	}
	r = ts.send(request{method: "GET", path: "/health", header: map[string]string{"Origin": foreign}})
	if r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("%s: allows %s", r, foreign)
	}
	preflight := map[string]string{"Origin": allowed, "Access-Control-Request-Method": "PATCH",
		"Access-Control-Request-Headers": "authorization, content-type"}
	r = ts.send(request{method: "OPTIONS", path: "/api/investigations/00000000-0000-4000-8000-000000000000", header: preflight})
	methods, headers := r.header.Get("Access-Control-Allow-Methods"), r.header.Get("Access-Control-Allow-Headers")
	if r.status != http.StatusNoContent || r.header.Get("Access-Control-Allow-Origin") != allowed ||
		!strings.Contains(methods, "PATCH") || !strings.Contains(headers, "Authorization") ||
		!strings.Contains(headers, "Content-Type") || !strings.Contains(headers, "X-CSRFToken") {
		t.Errorf("preflight: %s %v", r, r.header)
	}
	preflight["Origin"] = foreign
	r = ts.send(request{method: "OPTIONS", path: "/api/investigations", header: preflight})
	if r.status == http.StatusNoContent || r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("foreign preflight: %s %v; want no CORS approval", r, r.header)
	}
}

func TestHealth(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/health", "/ready"} {
		r := ts.send(request{method: "GET", path: path})
		if r.status != 200 || string(r.body) != "OK" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
			t.Errorf("%s; want 200 OK text", r)
		}
	}
}
