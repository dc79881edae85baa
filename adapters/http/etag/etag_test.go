package etag_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/enquete/enquete/adapters/http/etag"
	"github.com/gin-gonic/gin"
)

func serve(t *testing.T, method string, status int, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Handle(method, "/x", etag.WithHook(func(c *gin.Context) { c.Header("X-Hook", "1") }), func(c *gin.Context) {
		c.Data(status, "application/json", []byte(`{"a":1}`))
	})
	req := httptest.NewRequest(method, "/x", nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	return rec
}

func TestTagsAndNotModified(t *testing.T) {
	tag := etag.Of([]byte(`{"a":1}`))
	rec := serve(t, http.MethodGet, http.StatusOK, nil)
	if rec.Code != 200 || rec.Body.String() != `{"a":1}` || rec.Header().Get("ETag") != tag || rec.Header().Get("X-Hook") != "1" {
		t.Errorf("GET = %d %q ETag %q hook %q", rec.Code, rec.Body, rec.Header().Get("ETag"), rec.Header().Get("X-Hook"))
	}
	for _, inm := range []string{tag, "W/" + tag, `"x", ` + tag, "*"} {
		rec = serve(t, http.MethodGet, http.StatusOK, map[string]string{"If-None-Match": inm})
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != tag {
			t.Errorf("If-None-Match %s: %d %q; want an empty 304 with the tag", inm, rec.Code, rec.Body)
		}
	}
	rec = serve(t, http.MethodHead, http.StatusOK, nil)
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("ETag") != tag {
		t.Errorf("HEAD = %d %q ETag %q; want 200, no body, the tag", rec.Code, rec.Body, rec.Header().Get("ETag"))
	}
}

func TestOtherResponsesPassThrough(t *testing.T) {
	rec := serve(t, http.MethodGet, http.StatusForbidden, map[string]string{"If-None-Match": "*"})
	if rec.Code != http.StatusForbidden || rec.Body.String() != `{"a":1}` || rec.Header().Get("ETag") != "" || rec.Header().Get("X-Hook") != "" {
		t.Errorf("403 = %d %q ETag %q hook %q; want it untouched", rec.Code, rec.Body, rec.Header().Get("ETag"), rec.Header().Get("X-Hook"))
	}
	rec = serve(t, http.MethodPost, http.StatusOK, nil)
	if rec.Code != 200 || rec.Header().Get("ETag") != "" {
		t.Errorf("POST = %d ETag %q; want no tag", rec.Code, rec.Header().Get("ETag"))
	}
}
