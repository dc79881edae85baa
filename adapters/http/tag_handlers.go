package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

const msgTagDeleted = "Tag deleted successfully"

func (s *server) tagRoutes(inv *gin.RouterGroup) {
	inv.GET("/tags", s.listTags)
	inv.POST("/tags", s.createTag)
	inv.PATCH("/tags/:tag_id", s.updateTag)
	inv.DELETE("/tags/:tag_id", s.deleteTag)
}

func (s *server) listTags(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	q, ok := s.pageQuery(c)
	if !ok {
		return
	}
	views, err := s.board.ListTags(c.Request.Context(), a)
	if err != nil {
		s.fail(c, err)
		return
	}
	views, next := paginate(views, q, tagOrder)
	writeJSON(c, http.StatusOK, withNextCursor(toTagsResponse(views), next))
}

func (s *server) createTag(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	var in createTagRequest
	if !s.bind(c, &in) {
		return
	}
	v, err := s.board.CreateTag(c.Request.Context(), a, in.Name, in.Color)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, toTagJSON(v))
}

func (s *server) updateTag(c *gin.Context) {
	a, id, ok := s.actorOn(c, "tag_id")
	if !ok {
		return
	}
	var in updateTagRequest
	if !s.bind(c, &in) {
		return
	}
	name, err := in.Name.ptr("name")
	if err != nil {
		s.fail(c, err)
		return
	}
	color, err := in.Color.ptr("color")
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.board.UpdateTag(c.Request.Context(), a, id, name, color)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, toTagJSON(v))
}

func (s *server) deleteTag(c *gin.Context) {
	a, id, ok := s.actorOn(c, "tag_id")
	if !ok {
		return
	}
	if err := s.board.DeleteTag(c.Request.Context(), a, id); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, msgTagDeleted)
}
