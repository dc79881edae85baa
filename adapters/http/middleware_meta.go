package httpapi

import (
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// requestMeta puts what the audit trail records about a request into its
// context: the client address (X-Forwarded-For only from trusted proxies,
// as Gin's ClientIP applies Options.TrustedProxies), the request id and the
// user agent. The use cases pass the context down to the change recorders.
// Registered after requestID, whose id it reads.
func (s *server) requestMeta(c *gin.Context) {
	ctx := ports.WithRequestMeta(c.Request.Context(), ports.RequestMeta{
		RemoteAddr: c.ClientIP(),
		RequestID:  requestIDOf(c),
		UserAgent:  c.Request.UserAgent(),
	})
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}
