package legacy

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// Django's messages for photos.
const (
	msgPhotoSaved   = "Photo enregistrée"
	msgPhotoDeleted = "Photo supprimée"
	msgNoPhoto      = "Aucune photo fournie"
	msgBadMultipart = "Malformed multipart body"
)

// multipartOverhead is what a photo upload may carry besides the photo's
// bytes: part headers, boundaries, a few small fields.
const multipartOverhead = 64 << 10

// uploadPhoto is POST entity/<id>/photo/ with a multipart "photo" file. The
// photo is streamed to storage, never held whole in memory. Unlike Django,
// it must really be a PNG, JPEG, GIF or WebP image (by content), it may not
// exceed MaxImageBytes (413), and the replaced photo's file is deleted.
func (s *server) uploadPhoto(c *gin.Context) {
	a, id, ok := s.entityActor(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	limit := s.maxImage + multipartOverhead
	if c.Request.ContentLength > limit {
		s.fail(c, fault.TooLarge(msgTooLarge))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	part, err := photoPart(c.Request)
	if err != nil {
		s.fail(c, err)
		return
	}
	if part == nil {
		// Django looked the entity up and checked membership first; the
		// read check gives the same 403 and 404 before the 400.
		if _, err := s.board.GetEntity(ctx, a, id); err != nil {
			s.fail(c, err)
			return
		}
		writeError(c, http.StatusBadRequest, msgNoPhoto)
		return
	}
	body := &readGuard{r: part}
	name, err := s.board.SetPhoto(ctx, a, id, upload.File{Name: part.FileName(), Body: body, Limit: s.maxImage})
	if err != nil {
		s.fail(c, body.explain(err))
		return
	}
	writeJSON(c, http.StatusOK, obj("message", msgPhotoSaved, "photo_url", s.fileURL(name)))
}

// deletePhoto is DELETE entity/<id>/photo/: 200 also when there was none,
// as in Django; the file itself is deleted too (Django left it on disk).
func (s *server) deletePhoto(c *gin.Context) {
	a, id, ok := s.entityActor(c)
	if !ok {
		return
	}
	if err := s.board.RemovePhoto(c.Request.Context(), a, id); err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, obj("message", msgPhotoDeleted))
}

// photoPart returns the "photo" file part of a multipart/form-data body, or
// nil when there is none (any other body: Django's request.FILES is then
// empty). Parts before it are skipped without being kept.
func photoPart(r *http.Request) (*multipart.Part, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, bodyFault(err)
		}
		if p.FormName() == "photo" && p.FileName() != "" {
			return p, nil
		}
	}
}

// bodyFault names a failure to read the request body: too large, or broken.
func bodyFault(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return fault.TooLarge(msgTooLarge)
	}
	return fault.Invalid("", msgBadMultipart)
}

// readGuard remembers why reading the upload failed, so that an error the
// storage reports while copying (not a fault) is answered as the client's
// 413 or 400 it really is, not as a 500.
type readGuard struct {
	r   io.Reader
	err error
}

func (g *readGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF && g.err == nil {
		g.err = err
	}
	return n, err
}

func (g *readGuard) explain(err error) error {
	if g.err == nil || fault.KindOf(err) != 0 {
		return err
	}
	return bodyFault(g.err)
}
