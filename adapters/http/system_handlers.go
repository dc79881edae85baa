package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// readyTimeout bounds the database ping of /ready, so that a hung database
// makes the probe fail fast rather than pile up.
const readyTimeout = time.Second

// health says the process is up; it touches nothing else.
func (s *server) health(c *gin.Context) {
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte("OK"))
}

// ready says whether the database answers.
func (s *server) ready(c *gin.Context) {
	if s.ping != nil {
		ctx, cancel := context.WithTimeout(c.Request.Context(), readyTimeout)
		defer cancel()
		if err := s.ping.Ping(ctx); err != nil {
			s.log.WarnContext(ctx, "readiness check failed", "request_id", requestIDOf(c), "err", err)
			writeError(c, http.StatusServiceUnavailable, msgUnavailable, codeUnavailable, "")
			return
		}
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte("OK"))
}
