package legacy

import (
	"net/http"

	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/adapters/http/legacy/pyjson"
	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// msgLinkCreated is Django's message for a new link.
const msgLinkCreated = "Link created successfully"

// listLinks is GET links/, newest first.
func (s *server) listLinks(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	views, err := s.board.ListLinks(c.Request.Context(), a, ports.LinkFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	list := make([]pyjson.Object, len(views))
	for i, v := range views {
		list[i] = obj(
			"id", v.Link.ID.String(),
			"from_entity", obj("id", v.From.ID.String(), "title", v.From.Title, "type", v.From.Kind),
			"to_entity", obj("id", v.To.ID.String(), "title", v.To.Title, "type", v.To.Kind),
			"title", v.Link.Title, "description", v.Link.Description,
			"created_at", isotime.Format(v.Link.CreatedAt), "created_by", v.CreatedByUsername,
		)
	}
	writeJSON(c, http.StatusOK, obj("links", list))
}

// createLink is POST links/ {from_entity_id, to_entity_id, title,
// description?}. Django fetched both ends by id in any investigation; the
// use case only finds entities of this one (400 otherwise).
func (s *server) createLink(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	o, err := readObject(c.Writer, c.Request, s.maxBody)
	if err != nil {
		s.fail(c, err)
		return
	}
	in, err := linkInput(o)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := s.board.CreateLink(c.Request.Context(), a, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, obj("id", id.String(), "message", msgLinkCreated))
}

func linkInput(o object) (in appboard.LinkInput, err error) {
	if in.From, err = o.id("from_entity_id"); err != nil {
		return in, err
	}
	if in.To, err = o.id("to_entity_id"); err != nil {
		return in, err
	}
	if in.Title, err = o.textOr("title", ""); err != nil {
		return in, err
	}
	in.Description, err = o.textOr("description", "")
	return in, err
}

// entityLinks is GET entity/<id>/links/: the investigation's other entities
// (candidates for a new link) and the entity's outgoing links, both newest
// first. The list is read first, so membership is checked before the
// entity is looked for: a non-member learns nothing about which ids exist.
func (s *server) entityLinks(c *gin.Context) {
	a, id, ok := s.entityActor(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	entities, err := s.board.ListEntities(ctx, a, ports.EntityFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	found := false
	available := make([]pyjson.Object, 0, len(entities))
	for _, v := range entities {
		if v.Entity.ID == id {
			found = true
			continue
		}
		available = append(available, obj("id", v.Entity.ID.String(), "title", v.Entity.Title, "type", v.Entity.Kind.String()))
	}
	if !found {
		writeError(c, http.StatusNotFound, msgNotFound)
		return
	}
	links, err := s.board.ListLinks(ctx, a, ports.LinkFilter{FromEntityID: id})
	if err != nil {
		s.fail(c, err)
		return
	}
	current := make([]pyjson.Object, len(links))
	for i, v := range links {
		current[i] = obj(
			"id", v.Link.ID.String(),
			"to_entity", obj("id", v.To.ID.String(), "title", v.To.Title),
			"title", v.Link.Title, "description", v.Link.Description,
		)
	}
	writeJSON(c, http.StatusOK, obj("available_entities", available, "current_links", current))
}
