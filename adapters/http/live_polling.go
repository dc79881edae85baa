package httpapi

import (
	"net/http"
	"strconv"

	"github.com/enquete/enquete/adapters/http/etag"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

// The polled lists, by route template.
const (
	routeEntities = "/api/investigations/:id/entities"
	routeLinks    = "/api/investigations/:id/links"
	routeMembers  = "/api/investigations/:id/members"
	routePresence = "/api/investigations/:id/presence"
)

// headerEventSeq carries, on full entity and link lists, the event seq the
// list reflects at least: the client's next ?since=.
const headerEventSeq = "X-Event-Seq"

// polling makes the lists that clients poll cheap to poll: an ETag (and
// 304) on the entity, link, member and presence lists, the X-Event-Seq
// header on entity and link lists, and their ?since=<seq> delta. It is a
// middleware of the investigation group, acting on those routes only.
func (s *server) polling(c *gin.Context) {
	if c.Request.Method != http.MethodGet {
		c.Next()
		return
	}
	switch c.FullPath() {
	case routeEntities, routeLinks:
		if raw, ok := c.GetQuery("since"); ok && s.live != nil {
			s.delta(c, raw)
			c.Abort()
			return
		}
		s.withEventSeq(c)
	case routeMembers, routePresence:
		etag.Middleware()(c)
	default:
		c.Next()
	}
}

// withEventSeq reads the seq before the list is computed, so that the list
// reflects every event up to it (and perhaps some after, which the next
// delta sends again: applying a change twice is harmless).
func (s *server) withEventSeq(c *gin.Context) {
	head := int64(-1)
	if s.live != nil {
		if id, err := parseUUID(c.Param("id")); err == nil {
			if h, err := s.live.Head(c.Request.Context(), id); err == nil {
				head = h
			}
		}
	}
	etag.WithHook(func(c *gin.Context) {
		if head >= 0 { // only on a 200: a non-member learns nothing
			c.Header(headerEventSeq, strconv.FormatInt(head, 10))
		}
	})(c)
}

// The answers to ?since=: what to upsert, what to drop (deleted, or no
// longer matching the filter), and the next since. With reset, the client
// reloads the whole list (then asks from seq).
type entityDeltaResponse struct {
	Entities []entityJSON `json:"entities"`
	Deleted  []string     `json:"deleted"`
	Seq      int64        `json:"seq"`
	Reset    bool         `json:"reset"`
}

type linkDeltaResponse struct {
	Links   []linkJSON `json:"links"`
	Deleted []string   `json:"deleted"`
	Seq     int64      `json:"seq"`
	Reset   bool       `json:"reset"`
}

func (s *server) delta(c *gin.Context, raw string) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	since, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || since < 0 {
		s.fail(c, fault.Invalid("since", "must be an event seq (a non-negative integer)"))
		return
	}
	ctx := c.Request.Context()
	var (
		out any
		seq int64
	)
	if c.FullPath() == routeEntities {
		f := ports.EntityFilter{Kind: c.Query("type"), Search: c.Query("search"), Tag: c.Query("tag")}
		d, err := s.live.EntitiesSince(ctx, a, f, since)
		if err != nil {
			s.fail(c, err)
			return
		}
		seq = d.Seq
		out = entityDeltaResponse{Entities: s.toEntitiesResponse(d.Items).Entities, Deleted: ids(d.Deleted), Seq: d.Seq, Reset: d.Reset}
	} else {
		d, err := s.live.LinksSince(ctx, a, since)
		if err != nil {
			s.fail(c, err)
			return
		}
		seq = d.Seq
		out = linkDeltaResponse{Links: toLinksResponse(d.Items).Links, Deleted: ids(d.Deleted), Seq: d.Seq, Reset: d.Reset}
	}
	c.Header(headerEventSeq, strconv.FormatInt(seq, 10))
	writeJSON(c, http.StatusOK, out)
}

func ids(list []uuid.UUID) []string {
	out := make([]string, len(list))
	for i, id := range list {
		out[i] = id.String()
	}
	return out
}
