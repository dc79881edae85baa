package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const (
	wantHSTS = "max-age=31536000; includeSubDomains"
	wantCSP  = "default-src 'none'; frame-ancestors 'none'"
)

// TestHSTS: sent over TLS, or when a trusted proxy says the client used
// HTTPS; never on plain HTTP, nor on a client's own X-Forwarded-Proto.
func TestHSTS(t *testing.T) {
	trusted := newTestServer(t, trustTestProxy)
	untrusted := newTestServer(t)
	tests := []struct {
		name   string
		ts     *testServer
		url    string
		remote string
		proto  string
		want   bool
	}{
		{"plain HTTP", trusted, "http://api.example/health", "192.0.2.1:1234", "", false},
		{"direct TLS", untrusted, "https://api.example/health", "203.0.113.9:1234", "", true},
		{"trusted proxy, https", trusted, "http://api.example/health", "192.0.2.1:1234", "https", true},
		{"trusted proxy, HTTPS, chain", trusted, "http://api.example/health", "192.0.2.1:1234", "HTTPS, http", true},
		{"trusted proxy, http", trusted, "http://api.example/health", "192.0.2.1:1234", "http", false},
		{"untrusted peer, https", trusted, "http://api.example/health", "203.0.113.9:1234", "https", false},
		{"no trusted proxies, https", untrusted, "http://api.example/health", "192.0.2.1:1234", "https", false},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", tt.url, nil)
		req.RemoteAddr = tt.remote
		if tt.proto != "" {
			req.Header.Set("X-Forwarded-Proto", tt.proto)
		}
		rec := httptest.NewRecorder()
		tt.ts.engine.ServeHTTP(rec, req)
		got := rec.Header().Get("Strict-Transport-Security")
		if tt.want && got != wantHSTS || !tt.want && got != "" {
			t.Errorf("%s: Strict-Transport-Security %q; want it %v", tt.name, got, tt.want)
		}
	}
}

// TestCSPEverywhere: successes, errors, downloads, panics and refusals all
// forbid being framed or running anything.
func TestCSPEverywhere(t *testing.T) {
	b := newCaseBoard(t)
	b.engine.GET("/boom", func(*ginContext) { panic("boom") })
	owner := b.users["owner"].token
	for _, q := range []request{
		{method: "GET", path: "/health"},
		{method: "GET", path: "/nope"},
		{method: "GET", path: "/boom"},
		{method: "GET", path: "/api/auth/me"},
		{method: "POST", path: "/api/auth/login", body: `{`},
		{method: "GET", path: b.expand("/api/investigations/{inv}/entities"), token: owner},
		{method: "GET", path: b.expand("/api/investigations/{inv}/entities/{entity}/attachments/{attachment}/download"), token: owner},
	} {
		r := b.send(q)
		got := r.header.Get("Content-Security-Policy")
		if strings.HasSuffix(q.path, "/download") && strings.HasPrefix(got, "default-src 'none'") {
			continue // the download handler sets its own (with sandbox)
		}
		if got != wantCSP {
			t.Errorf("%s: Content-Security-Policy %q; want %q", r, got, wantCSP)
		}
		if r.status == http.StatusOK && r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", r)
		}
	}
}
