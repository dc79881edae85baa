package httpapi

import (
	"time"

	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
)

// entityRequest is EntityInput: every field optional at the HTTP level; the
// domain says which are required on create. Non-nullable fields refuse an
// explicit null; event_date and event_end_date take null to clear.
type entityRequest struct {
	Type         optional[string]     `json:"type"`
	Title        optional[string]     `json:"title"`
	Description  optional[string]     `json:"description"`
	Role         optional[string]     `json:"role"`
	Location     optional[string]     `json:"location"`
	Address      optional[string]     `json:"address"`
	EventDate    optional[string]     `json:"event_date"`
	EventEndDate optional[string]     `json:"event_end_date"`
	IsTimeslot   optional[bool]       `json:"is_timeslot"`
	EvidenceType optional[string]     `json:"evidence_type"`
	Tags         optional[stringList] `json:"tags"`
}

// draft converts the request for a create; absent fields are empty.
func (r entityRequest) draft(loc *time.Location) (d board.EntityDraft, tags []string, err error) {
	texts := []struct {
		field string
		src   optional[string]
		dst   *string
	}{
		{"type", r.Type, &d.Kind}, {"title", r.Title, &d.Title}, {"description", r.Description, &d.Description},
		{"role", r.Role, &d.Role}, {"location", r.Location, &d.Location}, {"address", r.Address, &d.Address},
		{"evidence_type", r.EvidenceType, &d.EvidenceType},
	}
	for _, t := range texts {
		if *t.dst, err = t.src.get(t.field); err != nil {
			return d, nil, err
		}
	}
	if d.IsTimeslot, err = r.IsTimeslot.get("is_timeslot"); err != nil {
		return d, nil, err
	}
	start, err := datetime(r.EventDate, "event_date", loc)
	if err != nil {
		return d, nil, err
	}
	end, err := datetime(r.EventEndDate, "event_end_date", loc)
	if err != nil {
		return d, nil, err
	}
	d.EventDate, d.EventEndDate = start.Value, end.Value
	list, err := r.Tags.get("tags")
	return d, list, err
}

// patch converts the request for an update. type is accepted and ignored,
// as Django does: the kind is fixed at creation and clients often send the
// whole object back. tags, when present, replace the set.
func (r entityRequest) patch(loc *time.Location) (p board.EntityPatch, tags *[]string, err error) {
	texts := []struct {
		field string
		src   optional[string]
		dst   **string
	}{
		{"type", r.Type, new(*string)}, {"title", r.Title, &p.Title}, {"description", r.Description, &p.Description},
		{"role", r.Role, &p.Role}, {"location", r.Location, &p.Location}, {"address", r.Address, &p.Address},
		{"evidence_type", r.EvidenceType, &p.EvidenceType},
	}
	for _, t := range texts {
		if *t.dst, err = t.src.ptr(t.field); err != nil {
			return p, nil, err
		}
	}
	if p.IsTimeslot, err = r.IsTimeslot.ptr("is_timeslot"); err != nil {
		return p, nil, err
	}
	if p.EventDate, err = datetime(r.EventDate, "event_date", loc); err != nil {
		return p, nil, err
	}
	if p.EventEndDate, err = datetime(r.EventEndDate, "event_end_date", loc); err != nil {
		return p, nil, err
	}
	list, err := r.Tags.ptr("tags")
	if list != nil {
		names := []string(*list)
		tags = &names
	}
	return p, tags, err
}

// tagRefJSON is a tag inside an entity.
type tagRefJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Color string `json:"color"`
}

// entityJSON is the Entity object of API.md, keys in Django's order.
type entityJSON struct {
	ID               string       `json:"id"`
	Type             string       `json:"type"`
	Title            string       `json:"title"`
	Description      string       `json:"description"`
	Role             string       `json:"role"`
	Location         string       `json:"location"`
	Address          string       `json:"address"`
	EventDate        *string      `json:"event_date"`
	EventEndDate     *string      `json:"event_end_date"`
	IsTimeslot       bool         `json:"is_timeslot"`
	EvidenceType     string       `json:"evidence_type"`
	CreatedAt        string       `json:"created_at"`
	UpdatedAt        string       `json:"updated_at"`
	CreatedBy        string       `json:"created_by"`
	PhotoURL         *string      `json:"photo_url"`
	Tags             []tagRefJSON `json:"tags"`
	CommentsCount    int          `json:"comments_count"`
	AttachmentsCount int          `json:"attachments_count"`
}

type entitiesResponse struct {
	Entities []entityJSON `json:"entities"`
}

// createdResponse is what creating a board object answers (Django's order).
type createdResponse struct {
	ID      string `json:"id"`
	Message string `json:"message"`
}

func (s *server) toEntityJSON(v ports.EntityView) entityJSON {
	e := v.Entity
	tags := make([]tagRefJSON, len(v.Tags))
	for i, t := range v.Tags {
		tags[i] = tagRefJSON{ID: t.ID.String(), Name: t.Name, Color: t.Color}
	}
	return entityJSON{
		ID: e.ID.String(), Type: e.Kind.String(), Title: e.Title, Description: e.Description,
		Role: e.Role, Location: e.Location, Address: e.Address,
		EventDate: formatOptional(e.EventDate), EventEndDate: formatOptional(e.EventEndDate),
		IsTimeslot: e.IsTimeslot, EvidenceType: e.EvidenceType,
		CreatedAt: isotime.Format(e.CreatedAt), UpdatedAt: isotime.Format(e.UpdatedAt),
		CreatedBy: v.CreatedByUsername, PhotoURL: s.mediaURL(e.Photo), Tags: tags,
		CommentsCount: v.CommentsCount, AttachmentsCount: v.AttachmentsCount,
	}
}

func (s *server) toEntitiesResponse(views []ports.EntityView) entitiesResponse {
	out := make([]entityJSON, len(views))
	for i, v := range views {
		out[i] = s.toEntityJSON(v)
	}
	return entitiesResponse{Entities: out}
}
