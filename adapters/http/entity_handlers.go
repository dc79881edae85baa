package httpapi

import (
	"net/http"

	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// Django's messages for entities.
const (
	msgEntityCreated = "Entity created successfully"
	msgEntityUpdated = "Entity updated successfully"
	msgEntityDeleted = "Entity deleted successfully"
)

// entityRoutes are the board's entities (their photos: photo_handlers.go).
func (s *server) entityRoutes(inv *gin.RouterGroup) {
	inv.GET("/entities", s.listEntities)
	inv.POST("/entities", s.createEntity)
	inv.GET("/entities/:entity_id", s.getEntity)
	inv.PUT("/entities/:entity_id", s.updateEntity)
	inv.PATCH("/entities/:entity_id", s.updateEntity)
	inv.DELETE("/entities/:entity_id", s.deleteEntity)
}

func (s *server) listEntities(c *gin.Context) {
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
	// An empty parameter means no filter, as in Django.
	f := ports.EntityFilter{Kind: c.Query("type"), Search: c.Query("search"), Tag: c.Query("tag"), Page: page}
	views, err := s.board.ListEntities(c.Request.Context(), a, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	views, next := cutPage(views, q, entityOrder)
	writeJSON(c, http.StatusOK, withNextCursor(s.toEntitiesResponse(views), next))
}

func (s *server) createEntity(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	var in entityRequest
	if !s.bind(c, &in) {
		return
	}
	draft, tags, err := in.draft(s.opts.Location)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := s.board.CreateEntity(c.Request.Context(), a, draft, tags)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, createdResponse{ID: id.String(), Message: msgEntityCreated})
}

func (s *server) getEntity(c *gin.Context) {
	a, id, ok := s.actorOn(c, "entity_id")
	if !ok {
		return
	}
	v, err := s.board.GetEntity(c.Request.Context(), a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, s.toEntityJSON(v))
}

// updateEntity serves PUT and PATCH alike: both are partial, as in Django.
func (s *server) updateEntity(c *gin.Context) {
	a, id, ok := s.actorOn(c, "entity_id")
	if !ok {
		return
	}
	var in entityRequest
	if !s.bind(c, &in) {
		return
	}
	patch, tags, err := in.patch(s.opts.Location)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.board.UpdateEntity(c.Request.Context(), a, id, patch, tags); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, msgEntityUpdated)
}

func (s *server) deleteEntity(c *gin.Context) {
	a, id, ok := s.actorOn(c, "entity_id")
	if !ok {
		return
	}
	if err := s.board.DeleteEntity(c.Request.Context(), a, id); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, msgEntityDeleted)
}
