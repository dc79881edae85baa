package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

const (
	defaultRequestTimeout  = 30 * time.Second
	defaultTransferTimeout = 15 * time.Minute
)

// requestClass says how long a request may take.
type requestClass int

const (
	// classAPI is an ordinary call: the per-request deadline applies.
	classAPI requestClass = iota
	// classTransfer moves a file (upload, download, media): it gets the
	// longer transfer deadline, on its context and on the connection,
	// where the server's read and write timeouts would cut a large file on
	// a slow link.
	classTransfer
	// classStream is a long-lived response (server-sent events): no
	// deadline here; the stream handler manages its own connection.
	classStream
)

// classify recognises transfers and streams by route template, so that a
// new route of either kind must be named here to escape the deadline.
func classify(r *http.Request, route string) requestClass {
	if strings.Contains(r.Header.Get("Accept"), "text/event-stream") ||
		strings.HasSuffix(route, "/events") || strings.HasSuffix(route, "/stream") {
		return classStream
	}
	switch {
	case strings.HasPrefix(route, "/media/"):
		return classTransfer
	case r.Method == http.MethodGet && strings.HasSuffix(route, "/download"):
		return classTransfer
	case r.Method == http.MethodPost && (strings.HasSuffix(route, "/attachments") ||
		strings.HasSuffix(route, "/photo") || strings.HasSuffix(route, "/photo/") ||
		strings.HasSuffix(route, "/avatar")):
		return classTransfer
	}
	return classAPI
}

// requestDeadline bounds the work a request can cause: its context ends
// after Limits.RequestTimeout (Limits.TransferTimeout for file
// transfers), so that a hung database or a slow client does not hold a
// goroutine and a connection forever. The use cases see the deadline
// through their context, and fail() answers 503 when it is reached.
func (s *server) requestDeadline(c *gin.Context) {
	class := classify(c.Request, c.FullPath())
	timeout := s.opts.Limits.RequestTimeout
	if class == classTransfer {
		timeout = s.opts.Limits.TransferTimeout
	}
	if class == classStream || timeout < 0 { // negative: disabled
		c.Next()
		return
	}
	if class == classTransfer {
		// The server's ReadTimeout and WriteTimeout were set for API calls;
		// lengthen them for this connection. Not every writer supports it
		// (test recorders do not); the context deadline holds anyway.
		rc := http.NewResponseController(c.Writer)
		until := time.Now().Add(timeout)
		_ = rc.SetReadDeadline(until)
		_ = rc.SetWriteDeadline(until)
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), timeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}
