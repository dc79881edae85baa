package httpapi

import (
	"net/http"

	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// tokenRoutes are the token lifecycle routes; they need a valid token.
func (s *server) tokenRoutes(authed *gin.RouterGroup) {
	authed.POST("/auth/logout", s.logout)
	authed.POST("/auth/logout-all", s.logoutAll)
	authed.POST("/auth/password", s.changePassword)
}

// logout revokes the token the request presents, server-side: a copy kept
// elsewhere stops working too.
func (s *server) logout(c *gin.Context) {
	token, ok := bearerAuthenticator{}.credential(c.Request)
	if !ok {
		s.fail(c, fault.Unauthenticated(msgAuthRequired))
		return
	}
	if err := s.identity.Logout(c.Request.Context(), token); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, "Logged out")
}

// logoutAll revokes every token of the caller issued so far, this one too.
func (s *server) logoutAll(c *gin.Context) {
	p, ok := s.principal(c)
	if !ok {
		return
	}
	if err := s.identity.LogoutAll(c.Request.Context(), p.UserID); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, "Logged out everywhere")
}

type passwordRequest struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

type passwordResponse struct {
	Message string `json:"message"`
	Token   string `json:"token"`
}

// changePassword replaces the caller's password (the old one is required),
// revokes every token issued before, and answers with a fresh token. Django
// sessions of the user fail their password-hash check from now on.
func (s *server) changePassword(c *gin.Context) {
	p, ok := s.principal(c)
	if !ok {
		return
	}
	var in passwordRequest
	if !s.bind(c, &in) {
		return
	}
	switch {
	case in.OldPassword == "":
		s.fail(c, fault.Invalid("old_password", "is required"))
		return
	case in.NewPassword == "":
		s.fail(c, fault.Invalid("new_password", "is required"))
		return
	}
	res, err := s.identity.ChangeOwnPassword(c.Request.Context(), p.UserID, in.OldPassword, in.NewPassword)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, passwordResponse{Message: "Password changed", Token: res.Token})
}
