package openapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Paths of the documentation routes; the description documents them too.
const (
	PathSpec   = "/openapi.json"
	PathDocs   = "/docs"
	PathScript = "/docs/app.js"
	PathTryIt  = "/docs/try.js"
	PathStyle  = "/docs/docs.css"
)

// docsCSP lets the page run its own script and style, and call the API of
// its own origin (the "try it" form), and nothing else: no inline script,
// no other origin, no framing, no form posting elsewhere.
const docsCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
	"img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Register serves the description at /openapi.json and the documentation
// page, with its scripts and style sheet, under /docs. None of these routes
// needs credentials: the description says what the API is, not what it holds.
func Register(r gin.IRoutes) {
	r.GET(PathSpec, serveSpec)
	r.GET(PathDocs, asset("docs/index.html", "text/html; charset=utf-8"))
	r.GET(PathScript, asset("docs/app.js", "text/javascript; charset=utf-8"))
	r.GET(PathTryIt, asset("docs/try.js", "text/javascript; charset=utf-8"))
	r.GET(PathStyle, asset("docs/docs.css", "text/css; charset=utf-8"))
}

func serveSpec(c *gin.Context) {
	d, err := spec()
	if err != nil {
		// Only a broken embedded source gets here, which the tests refuse.
		_ = c.Error(err)
		c.Data(http.StatusInternalServerError, "application/json; charset=utf-8",
			[]byte(`{"error":"Internal server error","code":"internal_error"}`))
		return
	}
	serve(c, d.json, d.etag, "application/json; charset=utf-8")
}

// asset serves one embedded file of the page. It is read and hashed once,
// at registration, so a missing file fails at startup rather than on the
// first visit.
func asset(name, contentType string) gin.HandlerFunc {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic("openapi: missing embedded asset " + name)
	}
	sum := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	return func(c *gin.Context) {
		c.Header("Content-Security-Policy", docsCSP)
		serve(c, b, etag, contentType)
	}
}

// serve answers with the bytes, revalidated by ETag: the content changes only
// with the binary, so a browser may keep it but must ask (no-cache).
func serve(c *gin.Context, b []byte, etag, contentType string) {
	h := c.Writer.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", etag)
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(b))
}
