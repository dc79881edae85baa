package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// securityHeaders sets on every response the headers Django's security
// middleware sets, so that moving traffic to this service loses nothing.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Next()
}

const (
	corsAllowMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
	corsAllowHeaders = "Authorization, Content-Type, X-CSRFToken, X-Request-ID, If-None-Match, Last-Event-ID"
	corsMaxAge       = "86400"
)

// corsMiddleware lets the browsers of the allowed origins call the API.
// There is no wildcard: an origin not in the list gets no CORS header at all
// and its preflight goes on to the router (404 or 405), which the browser
// reads as a refusal. Credentials (cookies) are not allowed cross-origin;
// the REST API authenticates with bearer tokens.
func (s *server) corsMiddleware(c *gin.Context) {
	h := c.Writer.Header()
	// Responses differ by Origin, so caches must key on it, whatever it is.
	h.Add("Vary", "Origin")
	origin := c.GetHeader("Origin")
	if origin == "" || !s.cors[origin] {
		c.Next()
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", headerRequestID+", ETag, X-Event-Seq")
	if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", corsAllowMethods)
		h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
		h.Set("Access-Control-Max-Age", corsMaxAge)
		h.Del("Allow") // set by the router for its 405, meaningless here
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}
