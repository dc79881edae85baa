package httpapi

import (
	"errors"
	"net/http"

	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// Messages of the photo and avatar routes; the photo ones are Django's.
const (
	msgPhotoSaved    = "Photo enregistrée"
	msgPhotoRemoved  = "Photo supprimée"
	msgNoPhoto       = "Aucune photo fournie"
	msgAvatarSaved   = "Avatar enregistré"
	msgAvatarRemoved = "Avatar supprimé"
)

// errNoAvatars is a composition root that did not wire the avatar use cases.
var errNoAvatars = errors.New("httpapi: Deps.Avatars is nil")

type photoResponse struct {
	Message  string  `json:"message"`
	PhotoURL *string `json:"photo_url"`
}

type avatarResponse struct {
	Message string  `json:"message"`
	Avatar  *string `json:"avatar"`
}

// photoRoutes are an entity's photo: the image that stands for it on the
// board (attachments are the evidence files).
func (s *server) photoRoutes(inv *gin.RouterGroup) {
	inv.POST("/entities/:entity_id/photo", s.setPhoto)
	inv.DELETE("/entities/:entity_id/photo", s.removePhoto)
}

func (s *server) setPhoto(c *gin.Context) {
	a, ok := s.entityPath(c)
	if !ok {
		return
	}
	f, body, ok := s.streamFile(c, "photo", s.opts.MaxImageBytes, fault.Invalid("photo", msgNoPhoto))
	if !ok {
		return
	}
	name, err := s.board.SetPhoto(c.Request.Context(), a.Actor, a.entityID, f)
	if err != nil {
		s.fail(c, body.cause(err))
		return
	}
	writeJSON(c, http.StatusOK, photoResponse{Message: msgPhotoSaved, PhotoURL: s.mediaURL(name)})
}

// removePhoto answers the same whether or not there was a photo, as Django
// does, but says photo_url is now null.
func (s *server) removePhoto(c *gin.Context) {
	a, ok := s.entityPath(c)
	if !ok {
		return
	}
	if err := s.board.RemovePhoto(c.Request.Context(), a.Actor, a.entityID); err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, photoResponse{Message: msgPhotoRemoved})
}

func (s *server) setAvatar(c *gin.Context) {
	p, ok := s.principal(c)
	if !ok {
		return
	}
	if s.avatars == nil {
		s.fail(c, errNoAvatars)
		return
	}
	f, body, ok := s.streamFile(c, "avatar", s.opts.MaxImageBytes, fault.Invalid("avatar", "is required"))
	if !ok {
		return
	}
	name, err := s.avatars.Set(c.Request.Context(), p.UserID, f)
	if err != nil {
		s.fail(c, body.cause(err))
		return
	}
	writeJSON(c, http.StatusOK, avatarResponse{Message: msgAvatarSaved, Avatar: s.mediaURL(name)})
}

func (s *server) removeAvatar(c *gin.Context) {
	p, ok := s.principal(c)
	if !ok {
		return
	}
	if s.avatars == nil {
		s.fail(c, errNoAvatars)
		return
	}
	if err := s.avatars.Remove(c.Request.Context(), p.UserID); err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, avatarResponse{Message: msgAvatarRemoved})
}
