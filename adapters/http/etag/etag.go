// Package etag makes polled GET routes cheap for their clients: the
// response gets a strong ETag, and a request whose If-None-Match names it
// gets 304 Not Modified with no body.
//
// The tag is a hash of the body, not derived from the event log's seq:
// Django writes to the same database without going through the event log,
// and member lists change with time (online, last_seen), so only the body
// itself says whether it changed. The list is still computed; what is saved
// is the transfer, the client's parsing and its re-rendering.
package etag

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Middleware tags GET and HEAD responses with status 200. Use it on JSON
// routes only: it buffers the whole body, so never on file downloads or
// event streams.
func Middleware() gin.HandlerFunc { return WithHook(nil) }

// WithHook is Middleware calling onOK, when the response is a 200 about to
// be sent (or answered 304), to add headers.
func WithHook(onOK func(c *gin.Context)) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			c.Next()
			return
		}
		bw := &bufferedWriter{ResponseWriter: c.Writer, status: http.StatusOK}
		c.Writer = bw
		defer func() { c.Writer = bw.ResponseWriter }()
		c.Next()
		c.Writer = bw.ResponseWriter
		bw.finish(c, onOK)
	}
}

// Of returns the strong ETag of body: 128 bits of its SHA-256, quoted.
func Of(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
}

// Matches reports whether an If-None-Match header names tag. The
// comparison is the weak one RFC 9110 prescribes for If-None-Match.
func Matches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}

// bufferedWriter holds the handler's response until it is complete.
type bufferedWriter struct {
	gin.ResponseWriter
	status  int
	buf     bytes.Buffer
	written bool
}

func (w *bufferedWriter) WriteHeader(code int) {
	if !w.written && code > 0 {
		w.status = code
	}
}

func (w *bufferedWriter) WriteHeaderNow() { w.written = true }

func (w *bufferedWriter) Write(b []byte) (int, error) {
	w.written = true
	return w.buf.Write(b)
}

func (w *bufferedWriter) WriteString(s string) (int, error) {
	w.written = true
	return w.buf.WriteString(s)
}

func (w *bufferedWriter) Status() int   { return w.status }
func (w *bufferedWriter) Size() int     { return w.buf.Len() }
func (w *bufferedWriter) Written() bool { return w.written }
func (w *bufferedWriter) Flush()        {} // the body goes out whole, in finish

// finish sends the buffered response, or a 304 in its place.
func (w *bufferedWriter) finish(c *gin.Context, onOK func(*gin.Context)) {
	out := w.ResponseWriter
	if w.status != http.StatusOK {
		out.WriteHeader(w.status)
		out.WriteHeaderNow()
		_, _ = out.Write(w.buf.Bytes())
		return
	}
	tag := Of(w.buf.Bytes())
	h := out.Header()
	h.Set("ETag", tag)
	if h.Get("Cache-Control") == "" {
		// Browsers may keep the body but must ask again each time, which
		// is what turns their polls into conditional requests.
		h.Set("Cache-Control", "private, no-cache")
	}
	if onOK != nil {
		onOK(c)
	}
	if Matches(c.GetHeader("If-None-Match"), tag) {
		h.Del("Content-Type")
		h.Del("Content-Length")
		out.WriteHeader(http.StatusNotModified)
		out.WriteHeaderNow()
		return
	}
	out.WriteHeader(http.StatusOK)
	out.WriteHeaderNow()
	if c.Request.Method != http.MethodHead {
		_, _ = out.Write(w.buf.Bytes())
	}
}
