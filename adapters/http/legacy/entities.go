package legacy

import (
	"net/http"
	"strings"
	"time"

	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/adapters/http/legacy/pyjson"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// Django's messages for entities.
const (
	msgEntityCreated = "Entity created successfully"
	msgEntityUpdated = "Entity updated successfully"
	msgEntityDeleted = "Entity deleted successfully"
)

// listEntities is GET entities/?type=&search= (an empty value: no filter).
func (s *server) listEntities(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	f := ports.EntityFilter{Kind: c.Query("type"), Search: c.Query("search")}
	views, err := s.board.ListEntities(c.Request.Context(), a, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	list := make([]pyjson.Object, len(views))
	for i, v := range views {
		list[i] = s.entityObject(v)
	}
	writeJSON(c, http.StatusOK, obj("entities", list))
}

// createEntity is POST entities/: 200 (Django's status, not 201).
func (s *server) createEntity(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	o, err := readObject(c.Writer, c.Request, s.maxBody)
	if err != nil {
		s.fail(c, err)
		return
	}
	draft, tags, err := entityDraft(o, s.loc)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := s.board.CreateEntity(c.Request.Context(), a, draft, tags)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, obj("id", id.String(), "message", msgEntityCreated))
}

// updateEntity is PUT entity/<id>/.
func (s *server) updateEntity(c *gin.Context) {
	a, id, ok := s.entityActor(c)
	if !ok {
		return
	}
	o, err := readObject(c.Writer, c.Request, s.maxBody)
	if err != nil {
		s.fail(c, err)
		return
	}
	patch, tags, err := entityPatch(o, s.loc)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.board.UpdateEntity(c.Request.Context(), a, id, patch, tags); err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, obj("message", msgEntityUpdated))
}

// deleteEntity is DELETE entity/<id>/.
func (s *server) deleteEntity(c *gin.Context) {
	a, id, ok := s.entityActor(c)
	if !ok {
		return
	}
	if err := s.board.DeleteEntity(c.Request.Context(), a, id); err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, obj("message", msgEntityDeleted))
}

// entityObject is an entity as Django's api_entities writes it.
func (s *server) entityObject(v ports.EntityView) pyjson.Object {
	e := v.Entity
	tags := make([]pyjson.Object, len(v.Tags))
	for i, t := range v.Tags {
		tags[i] = obj("id", t.ID.String(), "name", t.Name, "color", t.Color)
	}
	return obj(
		"id", e.ID.String(), "type", e.Kind.String(), "title", e.Title, "description", e.Description,
		"role", e.Role, "location", e.Location, "address", e.Address,
		"event_date", isoOrNull(e.EventDate), "event_end_date", isoOrNull(e.EventEndDate),
		"is_timeslot", e.IsTimeslot, "evidence_type", e.EvidenceType,
		"created_at", isotime.Format(e.CreatedAt), "updated_at", isotime.Format(e.UpdatedAt),
		"created_by", v.CreatedByUsername, "photo_url", s.fileURL(e.Photo), "tags", tags,
		"comments_count", v.CommentsCount, "attachments_count", v.AttachmentsCount,
	)
}

// isoOrNull is a nullable datetime column.
func isoOrNull(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := isotime.Format(*t)
	return &s
}

// fileURL is a file column as Django's FileField.url: MEDIA_URL + the name
// quoted by filepath_to_uri, or null for the empty string Django stores when there is
// no file.
func (s *server) fileURL(name string) *string {
	if name == "" {
		return nil
	}
	u := s.mediaURL + filepathToURI(name)
	return &u
}

// filepathToURI is django.utils.encoding.filepath_to_uri: Python's
// urllib.parse.quote(path, safe="/~!*()'"), upper-case percent escapes of
// every byte but letters, digits and "_.-/~!*()'".
func filepathToURI(path string) string {
	const hex = "0123456789ABCDEF"
	out := make([]byte, 0, len(path))
	for i := 0; i < len(path); i++ {
		c := path[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_.-/~!*()'", c) >= 0 {
			out = append(out, c)
			continue
		}
		out = append(out, '%', hex[c>>4], hex[c&15])
	}
	return string(out)
}
