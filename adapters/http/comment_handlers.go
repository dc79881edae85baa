package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

const msgCommentDeleted = "Comment deleted successfully"

// commentRoutes hang under an entity, as attachments do.
func (s *server) commentRoutes(inv *gin.RouterGroup) {
	inv.GET("/entities/:entity_id/comments", s.listComments)
	inv.POST("/entities/:entity_id/comments", s.createComment)
	inv.PATCH("/entities/:entity_id/comments/:comment_id", s.updateComment)
	inv.DELETE("/entities/:entity_id/comments/:comment_id", s.deleteComment)
}

func (s *server) listComments(c *gin.Context) {
	a, ok := s.entityPath(c)
	if !ok {
		return
	}
	q, ok := s.pageQuery(c)
	if !ok {
		return
	}
	views, err := s.board.ListComments(c.Request.Context(), a.Actor, a.entityID)
	if err != nil {
		s.fail(c, err)
		return
	}
	views, next := paginate(views, q, commentOrder)
	writeJSON(c, http.StatusOK, withNextCursor(toCommentsResponse(views), next))
}

func (s *server) createComment(c *gin.Context) {
	a, ok := s.entityPath(c)
	if !ok {
		return
	}
	var in commentRequest
	if !s.bind(c, &in) {
		return
	}
	v, err := s.board.CreateComment(c.Request.Context(), a.Actor, a.entityID, in.Content)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, toCommentJSON(v))
}

func (s *server) updateComment(c *gin.Context) {
	a, id, ok := s.commentPath(c)
	if !ok {
		return
	}
	var in commentRequest
	if !s.bind(c, &in) {
		return
	}
	v, err := s.board.EditComment(c.Request.Context(), a.Actor, a.entityID, id, in.Content)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, toCommentJSON(v))
}

func (s *server) deleteComment(c *gin.Context) {
	a, id, ok := s.commentPath(c)
	if !ok {
		return
	}
	if err := s.board.DeleteComment(c.Request.Context(), a.Actor, a.entityID, id); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, msgCommentDeleted)
}

func (s *server) commentPath(c *gin.Context) (actorEntity, uuid.UUID, bool) {
	a, ok := s.entityPath(c)
	if !ok {
		return a, uuid.Nil, false
	}
	id, ok := s.pathUUID(c, "comment_id")
	return a, id, ok
}
