package httpapi

import (
	"strconv"

	appboard "github.com/enquete/enquete/application/board"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

// Keys of the values the middleware leaves in the Gin context.
const (
	keyPrincipal = "enquete.principal"
	keyRequestID = "enquete.request_id"
)

// errNoRoute answers a path parameter that cannot name anything: it is the
// same 404 as an unknown route, so malformed and unknown ids look alike.
var errNoRoute = fault.NotFound("Not found")

// principal returns the authenticated caller. The authenticate middleware
// guarantees one on every route that calls this; if it is missing anyway,
// the request is answered 401 rather than run as nobody.
func (s *server) principal(c *gin.Context) (appidentity.Principal, bool) {
	if v, ok := c.Get(keyPrincipal); ok {
		if p, ok := v.(appidentity.Principal); ok {
			return p, true
		}
	}
	s.fail(c, fault.Unauthenticated(msgAuthRequired))
	return appidentity.Principal{}, false
}

// pathUUID reads a UUID path parameter in its canonical 36-character form,
// in either case (the API writes lower case; upper case is the same id).
// Other spellings uuid.Parse would take (braces, urn:, no dashes) are not
// ids of this API. A malformed id answers 404.
func (s *server) pathUUID(c *gin.Context, name string) (uuid.UUID, bool) {
	id, err := parseUUID(c.Param(name))
	if err != nil {
		s.fail(c, errNoRoute)
		return uuid.Nil, false
	}
	return id, true
}

func parseUUID(s string) (uuid.UUID, error) {
	if len(s) != 36 {
		return uuid.Nil, errNoRoute
	}
	return uuid.Parse(s)
}

// pathUserID reads a positive integer user id; anything else answers 404.
func (s *server) pathUserID(c *gin.Context, name string) (int64, bool) {
	raw := c.Param(name)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || raw[0] == '+' {
		s.fail(c, errNoRoute)
		return 0, false
	}
	return id, true
}

// caller returns the principal and the investigation id of the path.
func (s *server) caller(c *gin.Context) (appidentity.Principal, uuid.UUID, bool) {
	p, ok := s.principal(c)
	if !ok {
		return p, uuid.Nil, false
	}
	id, ok := s.pathUUID(c, "id")
	return p, id, ok
}

// actor is the board's view of the caller: who, in which investigation.
func (s *server) actor(c *gin.Context) (appboard.Actor, bool) {
	p, id, ok := s.caller(c)
	return appboard.Actor{InvestigationID: id, UserID: p.UserID}, ok
}

// actorOn is the caller acting on one object of the board, named by the
// path parameter param ("entity_id", "link_id", "tag_id").
func (s *server) actorOn(c *gin.Context, param string) (appboard.Actor, uuid.UUID, bool) {
	a, ok := s.actor(c)
	if !ok {
		return a, uuid.Nil, false
	}
	id, ok := s.pathUUID(c, param)
	return a, id, ok
}

// actorEntity is the caller acting on one entity of the board (comments,
// attachments and photos hang under an entity).
type actorEntity struct {
	appboard.Actor
	entityID uuid.UUID
}

// entityPath reads the investigation and entity of a nested route.
func (s *server) entityPath(c *gin.Context) (a actorEntity, ok bool) {
	a.Actor, a.entityID, ok = s.actorOn(c, "entity_id")
	return a, ok
}
