package httpapi

import (
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
)

// routeUnmatched labels requests that matched no route (404, and 405 on a
// known path): their raw paths would make one series per id or probe.
const routeUnmatched = "unmatched"

// uploadKinds are the routes whose bodies are files, by method and route
// template, legacy photo route included.
var uploadKinds = map[string]string{
	"POST /api/investigations/:id/entities/:entity_id/attachments": "attachment",
	"POST /api/investigations/:id/entities/:entity_id/photo":       "photo",
	"POST /api/auth/me/avatar":                                     "avatar",
	"POST /api/investigation/:id/entity/:entity_id/photo/":         "photo",
}

// knownMethods bound the method label: a client may send any token as a
// method, and each would otherwise be a new series.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
	http.MethodConnect: true, http.MethodTrace: true,
}

// observe is the metrics middleware: in-flight gauge, request counter and
// latency histogram by route template, and for the upload routes the
// bytes read and the outcome. It is a middleware rather than code in the
// handlers so that every route, present and future, is measured the same
// way. A nil *Metrics passes requests through.
func (m *Metrics) observe(c *gin.Context) {
	if m == nil {
		c.Next()
		return
	}
	start := time.Now()
	m.inFlight.Inc()
	defer m.inFlight.Dec()
	method := c.Request.Method
	if !knownMethods[method] {
		method = "other"
	}
	route := c.FullPath()
	if route == "" {
		route = routeUnmatched
	}
	kind := uploadKinds[method+" "+route]
	var body *countingReader
	if kind != "" && c.Request.Body != nil {
		body = &countingReader{r: c.Request.Body}
		c.Request.Body = body
	}
	c.Next()
	status := c.Writer.Status()
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
	if body != nil {
		outcome := uploadOutcome(status)
		m.uploads.WithLabelValues(kind, outcome).Inc()
		m.uploadBytes.WithLabelValues(kind, outcome).Add(float64(body.n.Load()))
	}
}

// uploadOutcome names what became of an upload, from its status.
func uploadOutcome(status int) string {
	switch {
	case status < 300:
		return "stored"
	case status == http.StatusRequestEntityTooLarge:
		return "too_large"
	case status == http.StatusUnsupportedMediaType:
		return "unsupported_type"
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return "denied"
	case status == http.StatusTooManyRequests:
		return "rate_limited"
	case status < 500:
		return "rejected"
	}
	return "error"
}

// countingReader counts the bytes read from a request body. The count is
// atomic because a blob store may read the body from its own goroutine.
type countingReader struct {
	r io.ReadCloser
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) Close() error { return c.r.Close() }
