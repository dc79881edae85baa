package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/gin-gonic/gin"
)

const headerRequestID = "X-Request-ID"

// requestID adopts the caller's X-Request-ID when it is sane (a proxy's or a
// client's id then follows the request through the logs) and otherwise
// makes one; either way it is echoed in the response.
func (s *server) requestID(c *gin.Context) {
	id := c.GetHeader(headerRequestID)
	if !saneRequestID(id) {
		id = newRequestID()
	}
	c.Set(keyRequestID, id)
	c.Header(headerRequestID, id)
	c.Next()
}

// saneRequestID accepts 1 to 128 characters that are safe in a header and
// in a log line.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '/' || c == '='
		if !ok {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported systems
	return hex.EncodeToString(b[:])
}

func requestIDOf(c *gin.Context) string { return c.GetString(keyRequestID) }

// accessLog writes one structured line per request, with the route template
// (never the raw path, which holds ids) and the authenticated user if any.
func (s *server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	attrs := []any{
		"method", c.Request.Method, "route", route, "status", c.Writer.Status(),
		"duration_ms", float64(time.Since(start).Microseconds()) / 1000,
		"bytes", c.Writer.Size(), "request_id", requestIDOf(c),
		// X-Forwarded-For counts only from Options.TrustedProxies.
		"client_ip", c.ClientIP(),
	}
	if v, ok := c.Get(keyPrincipal); ok {
		if p, ok := v.(appidentity.Principal); ok {
			attrs = append(attrs, "user_id", p.UserID)
		}
	}
	if len(c.Errors) > 0 {
		attrs = append(attrs, "errors", c.Errors.String())
	}
	level := slog.LevelInfo
	if c.Writer.Status() >= http.StatusInternalServerError {
		level = slog.LevelWarn
	}
	s.log.Log(c.Request.Context(), level, "http request", attrs...)
}

// recoverPanics turns a panic in a handler into a logged 500. The stack goes
// to the log, never to the client.
func (s *server) recoverPanics(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler { // the deliberate way to drop a connection
			panic(v)
		}
		s.log.ErrorContext(c.Request.Context(), "panic in handler", "panic", v,
			"request_id", requestIDOf(c), "method", c.Request.Method, "route", c.FullPath(),
			"stack", string(debug.Stack()))
		writeError(c, http.StatusInternalServerError, msgInternal, codeInternal, "")
	}()
	c.Next()
}
