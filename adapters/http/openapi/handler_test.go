package openapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/enquete/enquete/adapters/http/openapi"
	"github.com/gin-gonic/gin"
)

func get(h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestRegister: the routes answer with their types, an ETag that a
// revalidation turns into 304, and the docs assets with their CSP.
func TestRegister(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	openapi.Register(r)
	for _, c := range []struct{ path, contentType, body string }{
		{openapi.PathSpec, "application/json; charset=utf-8", `"openapi":"3.1.0"`},
		{openapi.PathDocs, "text/html; charset=utf-8", "<!doctype html>"},
		{openapi.PathScript, "text/javascript; charset=utf-8", "'use strict';"},
		{openapi.PathTryIt, "text/javascript; charset=utf-8", "window.enqueteTryIt"},
		{openapi.PathStyle, "text/css; charset=utf-8", ":root"},
	} {
		rec := get(r, c.path)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != c.contentType || !strings.Contains(rec.Body.String(), c.body) {
			t.Errorf("GET %s = %d %q, body has %q: %v", c.path, rec.Code, rec.Header().Get("Content-Type"), c.body,
				strings.Contains(rec.Body.String(), c.body))
		}
		etag := rec.Header().Get("ETag")
		if again := get(r, c.path, "If-None-Match", etag); etag == "" || again.Code != http.StatusNotModified {
			t.Errorf("GET %s with If-None-Match %q = %d; want 304", c.path, etag, again.Code)
		}
		csp := rec.Header().Get("Content-Security-Policy")
		if c.path != openapi.PathSpec && !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: CSP %q", c.path, csp)
		}
	}
}
