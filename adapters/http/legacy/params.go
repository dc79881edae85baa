package legacy

import (
	"net/http"
	"strconv"

	appboard "github.com/enquete/enquete/application/board"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

// parseUUID reads an id in its canonical 36-character form, in either case:
// Django's <uuid:> converter only matched lower case (an upper-case id was a
// 404), but it names the same object.
func parseUUID(s string) (uuid.UUID, bool) {
	if len(s) != 36 {
		return uuid.Nil, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil
}

// parseUserID reads Django's <int:user_id>: digits only, and positive, since
// no user has id 0.
func parseUserID(s string) (int64, bool) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// principal is the caller the authenticate middleware found.
func principal(c *gin.Context) appidentity.Principal {
	v, _ := c.Get(keyPrincipal)
	p, _ := v.(appidentity.Principal)
	return p
}

// actor reads the investigation of the path; a malformed id is a JSON 404
// (Django's HTML one, fixed), as an unknown one is.
func (s *server) actor(c *gin.Context) (appboard.Actor, bool) {
	id, ok := parseUUID(c.Param("id"))
	if !ok {
		writeError(c, http.StatusNotFound, msgNotFound)
		return appboard.Actor{}, false
	}
	return appboard.Actor{InvestigationID: id, UserID: principal(c).UserID}, true
}

// entityActor reads the investigation and the entity of the path.
func (s *server) entityActor(c *gin.Context) (appboard.Actor, uuid.UUID, bool) {
	a, ok := s.actor(c)
	if !ok {
		return a, uuid.Nil, false
	}
	id, ok := parseUUID(c.Param("entity_id"))
	if !ok {
		writeError(c, http.StatusNotFound, msgNotFound)
	}
	return a, id, ok
}
