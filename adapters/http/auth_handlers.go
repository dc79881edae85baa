package httpapi

import (
	"net/http"

	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// authRoutes are the account routes that need no credentials.
func (s *server) authRoutes(api *gin.RouterGroup) {
	api.POST("/auth/register", s.register)
	api.POST("/auth/login", s.login)
}

// meRoutes are the caller's own account and avatar.
func (s *server) meRoutes(authed *gin.RouterGroup) {
	authed.GET("/auth/me", s.me)
	authed.POST("/auth/me/avatar", s.setAvatar)
	authed.DELETE("/auth/me/avatar", s.removeAvatar)
}

func (s *server) register(c *gin.Context) {
	var in registerRequest
	if !s.bind(c, &in) {
		return
	}
	res, err := s.identity.Register(c.Request.Context(), in.input())
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, toRegisterResponse(res))
}

func (s *server) login(c *gin.Context) {
	var in loginRequest
	if !s.bind(c, &in) {
		return
	}
	// A missing field is a malformed request, not a failed login; saying so
	// reveals nothing about which accounts exist.
	switch {
	case in.Username == "":
		s.fail(c, fault.Invalid("username", "is required"))
		return
	case in.Password == "":
		s.fail(c, fault.Invalid("password", "is required"))
		return
	}
	res, err := s.identity.Login(c.Request.Context(), in.Username, in.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, toLoginResponse(res))
}

func (s *server) me(c *gin.Context) {
	p, ok := s.principal(c)
	if !ok {
		return
	}
	u, err := s.identity.Me(c.Request.Context(), p.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, s.toMe(u))
}
