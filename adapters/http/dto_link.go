package httpapi

import (
	"github.com/enquete/enquete/adapters/http/isotime"
	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

type createLinkRequest struct {
	FromEntityID string `json:"from_entity_id"`
	ToEntityID   string `json:"to_entity_id"`
	Title        string `json:"title"`
	Description  string `json:"description"`
}

func (r createLinkRequest) input() (appboard.LinkInput, error) {
	from, err := bodyUUID("from_entity_id", r.FromEntityID)
	if err != nil {
		return appboard.LinkInput{}, err
	}
	to, err := bodyUUID("to_entity_id", r.ToEntityID)
	if err != nil {
		return appboard.LinkInput{}, err
	}
	return appboard.LinkInput{From: from, To: to, Title: r.Title, Description: r.Description}, nil
}

// bodyUUID reads an id sent in a body; unlike a path, a malformed one is a 400.
func bodyUUID(field, s string) (uuid.UUID, error) {
	if s == "" {
		return uuid.Nil, fault.Invalid(field, "is required")
	}
	id, err := parseUUID(s)
	if err != nil {
		return uuid.Nil, fault.Invalid(field, "must be a UUID")
	}
	return id, nil
}

type updateLinkRequest struct {
	Title       optional[string] `json:"title"`
	Description optional[string] `json:"description"`
}

// entityRefJSON is an end of a link.
type entityRefJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Type  string `json:"type"`
}

// linkJSON is the Link object of API.md.
type linkJSON struct {
	ID          string        `json:"id"`
	FromEntity  entityRefJSON `json:"from_entity"`
	ToEntity    entityRefJSON `json:"to_entity"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	CreatedAt   string        `json:"created_at"`
	CreatedBy   string        `json:"created_by"`
}

type linksResponse struct {
	Links []linkJSON `json:"links"`
}

func toEntityRef(r ports.EntityRef) entityRefJSON {
	return entityRefJSON{ID: r.ID.String(), Title: r.Title, Type: r.Kind}
}

func toLinkJSON(v ports.LinkView) linkJSON {
	l := v.Link
	return linkJSON{
		ID: l.ID.String(), FromEntity: toEntityRef(v.From), ToEntity: toEntityRef(v.To),
		Title: l.Title, Description: l.Description, CreatedAt: isotime.Format(l.CreatedAt),
		CreatedBy: v.CreatedByUsername,
	}
}

func toLinksResponse(views []ports.LinkView) linksResponse {
	out := make([]linkJSON, len(views))
	for i, v := range views {
		out[i] = toLinkJSON(v)
	}
	return linksResponse{Links: out}
}
