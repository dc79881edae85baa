package board

import (
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/google/uuid"
)

// MsgReverseLinkExists is Django's message when B→A is created while A→B exists.
const MsgReverseLinkExists = "Un lien inverse existe déjà"

// Link connects two entities of one investigation. Its meaning is undirected:
// A→B and B→A cannot both exist.
type Link struct {
	s LinkSnapshot
}

// LinkSnapshot is the stored state of a link.
type LinkSnapshot struct {
	ID              uuid.UUID
	InvestigationID uuid.UUID
	FromEntityID    uuid.UUID
	ToEntityID      uuid.UUID
	Title           string
	Description     string
	CreatedBy       int64
	CreatedAt       time.Time
}

// NewLink checks that both ends are distinct entities of the investigation.
// Existing links between the two ends must be passed in, so that duplicates
// (409) and reverse links (400) are refused here rather than by the database.
func NewLink(investigationID uuid.UUID, from, to *Entity, title, description string, existing []*Link, createdBy int64, now time.Time) (*Link, error) {
	if from.InvestigationID() != investigationID {
		return nil, fault.Invalid("from_entity_id", "is not an entity of this investigation")
	}
	if to.InvestigationID() != investigationID {
		return nil, fault.Invalid("to_entity_id", "is not an entity of this investigation")
	}
	if from.ID() == to.ID() {
		return nil, fault.Invalid("to_entity_id", "a link must join two different entities")
	}
	l := &Link{s: LinkSnapshot{
		ID: uuid.New(), InvestigationID: investigationID, FromEntityID: from.ID(), ToEntityID: to.ID(),
		CreatedBy: createdBy, CreatedAt: stamp(now),
	}}
	if err := l.Edit(&title, &description); err != nil {
		return nil, err
	}
	for _, x := range existing {
		switch {
		case x.s.FromEntityID == from.ID() && x.s.ToEntityID == to.ID():
			return nil, fault.Conflict("Ce lien existe déjà")
		case x.s.FromEntityID == to.ID() && x.s.ToEntityID == from.ID():
			return nil, fault.Invalid("to_entity_id", MsgReverseLinkExists)
		}
	}
	return l, nil
}

// RehydrateLink rebuilds a stored link. Adapters only.
func RehydrateLink(s LinkSnapshot) *Link { return &Link{s: s} }

// Snapshot returns a copy of the state.
func (l *Link) Snapshot() LinkSnapshot { return l.s }

func (l *Link) ID() uuid.UUID { return l.s.ID }

// Edit changes title and/or description; nil leaves a field unchanged.
func (l *Link) Edit(title, description *string) error {
	next := l.s
	if title != nil {
		if err := validText("title", *title); err != nil {
			return err
		}
		t, err := requiredTitle("title", *title, 100)
		if err != nil {
			return err
		}
		next.Title = t
	}
	if description != nil {
		if err := validText("description", *description); err != nil {
			return err
		}
		next.Description = *description
	}
	l.s = next
	return nil
}
