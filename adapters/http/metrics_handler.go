package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// pathMetrics is where the metrics are served.
const pathMetrics = "/metrics"

// registerMetrics serves m's registry at /metrics; nothing when m is nil.
// With a token, a scrape must send "Authorization: Bearer <token>": the
// metrics tell route usage and error rates, which an operator may not want
// public; without one the route is open, for a scraper on a private network.
func (m *Metrics) registerMetrics(r gin.IRoutes, token string) {
	if m == nil {
		return
	}
	h := promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{
		// A failing collector (a closed database) must not hide the others.
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      m.Registry, // counts the handler's own errors
	})
	r.GET(pathMetrics, func(c *gin.Context) {
		if token != "" && !bearerMatches(c.GetHeader("Authorization"), token) {
			c.Header("WWW-Authenticate", `Bearer realm="enquete"`)
			writeError(c, http.StatusUnauthorized, msgAuthRequired, "unauthenticated", "")
			return
		}
		h.ServeHTTP(c.Writer, c.Request)
	})
}

// bearerMatches compares the header's token with want in constant time
// (hashed first, so that the length does not leak either).
func bearerMatches(header, want string) bool {
	scheme, got, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	a, b := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
