package httpapi

import (
	"net/http"

	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

const (
	msgLinkCreated = "Link created successfully" // Django's
	msgLinkDeleted = "Link deleted successfully"
)

func (s *server) linkRoutes(inv *gin.RouterGroup) {
	inv.GET("/links", s.listLinks)
	inv.POST("/links", s.createLink)
	inv.PATCH("/links/:link_id", s.updateLink)
	inv.DELETE("/links/:link_id", s.deleteLink)
}

func (s *server) listLinks(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	q, ok := s.pageQuery(c)
	if !ok {
		return
	}
	page, ok := dbPage(q)
	if !ok {
		s.fail(c, errBadCursor)
		return
	}
	views, err := s.board.ListLinks(c.Request.Context(), a, ports.LinkFilter{Page: page})
	if err != nil {
		s.fail(c, err)
		return
	}
	views, next := cutPage(views, q, linkOrder)
	writeJSON(c, http.StatusOK, withNextCursor(toLinksResponse(views), next))
}

func (s *server) createLink(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	var req createLinkRequest
	if !s.bind(c, &req) {
		return
	}
	in, err := req.input()
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := s.board.CreateLink(c.Request.Context(), a, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, createdResponse{ID: id.String(), Message: msgLinkCreated})
}

func (s *server) updateLink(c *gin.Context) {
	a, id, ok := s.actorOn(c, "link_id")
	if !ok {
		return
	}
	var in updateLinkRequest
	if !s.bind(c, &in) {
		return
	}
	title, err := in.Title.ptr("title")
	if err != nil {
		s.fail(c, err)
		return
	}
	description, err := in.Description.ptr("description")
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.board.UpdateLink(c.Request.Context(), a, id, title, description)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, toLinkJSON(v))
}

func (s *server) deleteLink(c *gin.Context) {
	a, id, ok := s.actorOn(c, "link_id")
	if !ok {
		return
	}
	if err := s.board.DeleteLink(c.Request.Context(), a, id); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, msgLinkDeleted)
}
