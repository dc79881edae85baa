package httpapi

import (
	"net/http"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

const msgAttachmentDeleted = "Attachment deleted successfully"

// attachmentRoutes hang under an entity, as comments do.
func (s *server) attachmentRoutes(inv *gin.RouterGroup) {
	inv.GET("/entities/:entity_id/attachments", s.listAttachments)
	inv.POST("/entities/:entity_id/attachments", s.createAttachment)
	inv.GET("/entities/:entity_id/attachments/:attachment_id/download", s.downloadAttachment)
	inv.DELETE("/entities/:entity_id/attachments/:attachment_id", s.deleteAttachment)
}

func (s *server) listAttachments(c *gin.Context) {
	a, ok := s.entityPath(c)
	if !ok {
		return
	}
	q, ok := s.pageQuery(c)
	if !ok {
		return
	}
	views, err := s.board.ListAttachments(c.Request.Context(), a.Actor, a.entityID)
	if err != nil {
		s.fail(c, err)
		return
	}
	views, next := paginate(views, q, attachmentOrder)
	writeJSON(c, http.StatusOK, withNextCursor(toAttachmentsResponse(a, views), next))
}

// createAttachment streams the multipart field "file" to the use case, which
// checks the caller's role before it reads a byte.
func (s *server) createAttachment(c *gin.Context) {
	a, ok := s.entityPath(c)
	if !ok {
		return
	}
	f, body, ok := s.streamFile(c, "file", s.opts.MaxAttachmentBytes, fault.Invalid("file", "is required"))
	if !ok {
		return
	}
	v, err := s.board.Attach(c.Request.Context(), a.Actor, a.entityID, f)
	if err != nil {
		s.fail(c, body.cause(err))
		return
	}
	writeJSON(c, http.StatusCreated, toAttachmentJSON(a, v))
}

// downloadAttachment serves the bytes only once the use case has checked
// them against their recorded SHA-256. http.ServeContent answers Range and
// If-Range (against the digest as ETag) and sets Content-Length.
func (s *server) downloadAttachment(c *gin.Context) {
	a, id, ok := s.attachmentPath(c)
	if !ok {
		return
	}
	d, err := s.board.OpenAttachment(c.Request.Context(), a.Actor, a.entityID, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer d.Body.Close()
	setDownloadHeaders(c.Writer.Header(), d.Attachment)
	// A zero modification time: no Last-Modified; the ETag is the validator.
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, d.Body)
}

func (s *server) deleteAttachment(c *gin.Context) {
	a, id, ok := s.attachmentPath(c)
	if !ok {
		return
	}
	if err := s.board.DeleteAttachment(c.Request.Context(), a.Actor, a.entityID, id); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, msgAttachmentDeleted)
}

func (s *server) attachmentPath(c *gin.Context) (actorEntity, uuid.UUID, bool) {
	a, ok := s.entityPath(c)
	if !ok {
		return a, uuid.Nil, false
	}
	id, ok := s.pathUUID(c, "attachment_id")
	return a, id, ok
}
