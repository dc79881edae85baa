package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/enquete/enquete/adapters/http/isotime"
	appaudit "github.com/enquete/enquete/application/audit"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// historyHandler serves an investigation's audit trail. It carries its own
// use case rather than a field of server, so that adding it touched the
// router in one line.
type historyHandler struct {
	*server
	audit *appaudit.Service
}

// historyRoutes registers GET /api/investigations/:id/history. A nil
// service (storage without an audit trail) registers nothing.
func (s *server) historyRoutes(inv *gin.RouterGroup, audit *appaudit.Service) {
	if audit == nil {
		return
	}
	h := historyHandler{server: s, audit: audit}
	inv.GET("/history", h.history)
}

type historyActorJSON struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
}

type historyEntryJSON struct {
	Seq      int64            `json:"seq"`
	At       string           `json:"at"`
	Actor    historyActorJSON `json:"actor"`
	Type     string           `json:"type"`
	ObjectID string           `json:"object_id"`
	IP       string           `json:"ip"`
	// Changes is the stored diff, {"field.path": {"before": v, "after": v}},
	// sent as it is hashed.
	Changes json.RawMessage `json:"changes"`
	Hash    string          `json:"hash"`
}

type historyResponse struct {
	History    []historyEntryJSON `json:"history"`
	NextCursor *string            `json:"next_cursor"`
}

func (h historyHandler) history(c *gin.Context) {
	p, id, ok := h.caller(c)
	if !ok {
		return
	}
	q, err := h.historyQuery(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	page, err := h.audit.History(c.Request.Context(), id, p.UserID, q)
	if err != nil {
		h.fail(c, err)
		return
	}
	out := historyResponse{History: make([]historyEntryJSON, len(page.Entries))}
	for i, e := range page.Entries {
		out.History[i] = historyEntryJSON{Seq: e.Seq, At: isotime.Format(e.At), Actor: historyActorJSON{ID: e.ActorID, Username: e.ActorUsername},
			Type: e.Type, ObjectID: e.ObjectID, IP: e.IP, Changes: json.RawMessage(e.Diff), Hash: e.Hash}
	}
	if page.NextCursor != "" {
		out.NextCursor = &page.NextCursor
	}
	writeJSON(c, http.StatusOK, out)
}

// historyQuery reads the filters: entity (an id), user (an actor id), from
// and to (ISO 8601; a naive value is read in the configured zone, as every
// datetime of the API), limit (1 to 500, default 100) and cursor.
func (h historyHandler) historyQuery(c *gin.Context) (appaudit.HistoryQuery, error) {
	q := appaudit.HistoryQuery{Entity: c.Query("entity"), Cursor: c.Query("cursor")}
	if raw := c.Query("user"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 || raw[0] == '+' {
			return q, fault.Invalid("user", "must be a user id")
		}
		q.UserID = id
	}
	var err error
	if q.From, err = h.queryTime(c, "from"); err != nil {
		return q, err
	}
	if q.To, err = h.queryTime(c, "to"); err != nil {
		return q, err
	}
	if raw, present := c.GetQuery("limit"); present {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > appaudit.MaxLimit {
			return q, fault.Invalid("limit", "must be between 1 and 500")
		}
		q.Limit = n
	}
	return q, nil
}

func (h historyHandler) queryTime(c *gin.Context, name string) (time.Time, error) {
	raw := c.Query(name)
	if raw == "" {
		return time.Time{}, nil
	}
	t, err := isotime.Parse(raw, h.opts.Location)
	if err != nil {
		return time.Time{}, fault.Invalid(name, "must be an ISO 8601 datetime")
	}
	return t, nil
}
