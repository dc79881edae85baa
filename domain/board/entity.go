package board

import (
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/google/uuid"
)

// Entity is one item on the board: a person, location, piece of evidence or event.
type Entity struct {
	s EntitySnapshot
}

// EntitySnapshot is the stored state of an entity (tags live in their own table).
type EntitySnapshot struct {
	ID              uuid.UUID
	InvestigationID uuid.UUID
	Kind            Kind
	Title           string
	Description     string
	Role            string
	Location        string
	Address         string
	EventDate       *time.Time
	EventEndDate    *time.Time
	IsTimeslot      bool
	EvidenceType    string
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Photo           string // path relative to the media root, "" when none
}

// EntityDraft is what a client provides to create an entity.
type EntityDraft struct {
	Kind         string
	Title        string
	Description  string
	Role         string
	Location     string
	Address      string
	EventDate    *time.Time
	EventEndDate *time.Time
	IsTimeslot   bool
	EvidenceType string
}

// OptionalTime is a patch of a nullable datetime: Set false leaves it alone,
// Set true with a nil Value clears it.
type OptionalTime struct {
	Set   bool
	Value *time.Time
}

// EntityPatch is a partial update; nil fields are left unchanged. The kind
// cannot change after creation.
type EntityPatch struct {
	Title        *string
	Description  *string
	Role         *string
	Location     *string
	Address      *string
	EventDate    OptionalTime
	EventEndDate OptionalTime
	IsTimeslot   *bool
	EvidenceType *string
}

// NewEntity validates a draft and places it in an investigation.
func NewEntity(investigationID uuid.UUID, d EntityDraft, createdBy int64, now time.Time) (*Entity, error) {
	if d.Kind == "" {
		return nil, fault.Invalid("type", "is required")
	}
	kind, err := ParseKind(d.Kind)
	if err != nil {
		return nil, err
	}
	now = stamp(now)
	e := &Entity{s: EntitySnapshot{
		ID: uuid.New(), InvestigationID: investigationID, Kind: kind,
		CreatedBy: createdBy, CreatedAt: now, UpdatedAt: now,
	}}
	patch := EntityPatch{
		Title: &d.Title, Description: &d.Description, Role: &d.Role, Location: &d.Location,
		Address: &d.Address, EventDate: OptionalTime{true, d.EventDate},
		EventEndDate: OptionalTime{true, d.EventEndDate}, IsTimeslot: &d.IsTimeslot,
		EvidenceType: &d.EvidenceType,
	}
	if err := e.Update(patch, now); err != nil {
		return nil, err
	}
	return e, nil
}

// RehydrateEntity rebuilds a stored entity. Adapters only.
func RehydrateEntity(s EntitySnapshot) *Entity { return &Entity{s: s} }

// Snapshot returns a copy of the state.
func (e *Entity) Snapshot() EntitySnapshot { return e.s }

func (e *Entity) ID() uuid.UUID              { return e.s.ID }
func (e *Entity) InvestigationID() uuid.UUID { return e.s.InvestigationID }
func (e *Entity) Title() string              { return e.s.Title }
func (e *Entity) Kind() Kind                 { return e.s.Kind }
func (e *Entity) Photo() string              { return e.s.Photo }

// Update applies a patch atomically: on error nothing changes.
func (e *Entity) Update(p EntityPatch, now time.Time) error {
	next := e.s
	texts := []struct {
		field string
		src   *string
		dst   *string
		limit int
	}{
		{"description", p.Description, &next.Description, 0},
		{"role", p.Role, &next.Role, 100},
		{"location", p.Location, &next.Location, 200},
		{"address", p.Address, &next.Address, 255},
		{"evidence_type", p.EvidenceType, &next.EvidenceType, 20},
	}
	if p.Title != nil {
		if err := validText("title", *p.Title); err != nil {
			return err
		}
		t, err := requiredTitle("title", *p.Title, 200)
		if err != nil {
			return err
		}
		next.Title = t
	}
	for _, t := range texts {
		if t.src == nil {
			continue
		}
		if err := validText(t.field, *t.src); err != nil {
			return err
		}
		if t.limit > 0 {
			if err := maxLen(t.field, *t.src, t.limit); err != nil {
				return err
			}
		}
		*t.dst = *t.src
	}
	if p.EventDate.Set {
		next.EventDate = utcPtr(p.EventDate.Value)
	}
	if p.EventEndDate.Set {
		next.EventEndDate = utcPtr(p.EventEndDate.Value)
	}
	if p.IsTimeslot != nil {
		next.IsTimeslot = *p.IsTimeslot
	}
	if next.EventDate != nil && next.EventEndDate != nil && next.EventEndDate.Before(*next.EventDate) {
		return fault.Invalid("event_end_date", "must not be before event_date")
	}
	next.UpdatedAt = stamp(now)
	e.s = next
	return nil
}

// ChangePhoto sets the photo file ("" removes it) and returns the old one,
// which the caller deletes after the change is committed.
func (e *Entity) ChangePhoto(name string, now time.Time) (old string) {
	old, e.s.Photo = e.s.Photo, name
	e.s.UpdatedAt = stamp(now)
	return old
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := stamp(*t)
	return &u
}
