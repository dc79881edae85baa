package board

import (
	"context"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// LinkInput is a new link.
type LinkInput struct {
	From, To    uuid.UUID
	Title       string
	Description string
}

// ListLinks returns the board's links, newest first.
func (s *Service) ListLinks(ctx context.Context, a Actor, f ports.LinkFilter) ([]ports.LinkView, error) {
	if _, err := s.require(ctx, a, ports.PermRead); err != nil {
		return nil, err
	}
	return s.links.List(ctx, a.InvestigationID, f)
}

// CreateLink joins two entities of the investigation.
func (s *Service) CreateLink(ctx context.Context, a Actor, in LinkInput) (uuid.UUID, error) {
	var id uuid.UUID
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		from, err := s.endpoint(ctx, a, "from_entity_id", in.From)
		if err != nil {
			return err
		}
		to, err := s.endpoint(ctx, a, "to_entity_id", in.To)
		if err != nil {
			return err
		}
		existing, err := s.links.Between(ctx, a.InvestigationID, in.From, in.To)
		if err != nil {
			return err
		}
		l, err := board.NewLink(a.InvestigationID, from, to, in.Title, in.Description, existing, a.UserID, s.clock.Now())
		if err != nil {
			return err
		}
		id = l.ID()
		if err := s.links.Create(ctx, l); err != nil {
			return err
		}
		after, err := s.links.View(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectLink, ports.Created, id, nil, after)
	})
	return id, err
}

// endpoint loads a link end; an entity of another investigation is reported
// like an unknown one, so that nothing leaks across investigations.
func (s *Service) endpoint(ctx context.Context, a Actor, field string, id uuid.UUID) (*board.Entity, error) {
	e, err := s.entities.ByID(ctx, a.InvestigationID, id)
	if fault.KindOf(err) == fault.KindNotFound {
		return nil, fault.Invalid(field, "is not an entity of this investigation")
	}
	return e, err
}

// UpdateLink edits a link's title and/or description.
func (s *Service) UpdateLink(ctx context.Context, a Actor, id uuid.UUID, title, description *string) (ports.LinkView, error) {
	var after ports.LinkView
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		before, err := s.links.View(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		l, err := s.links.ByID(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		if err := l.Edit(title, description); err != nil {
			return err
		}
		if err := s.links.Save(ctx, l); err != nil {
			return err
		}
		if after, err = s.links.View(ctx, a.InvestigationID, id); err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectLink, ports.Updated, id, before, after)
	})
	return after, err
}

// DeleteLink removes a link.
func (s *Service) DeleteLink(ctx context.Context, a Actor, id uuid.UUID) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		before, err := s.links.View(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		if err := s.links.Delete(ctx, a.InvestigationID, id); err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectLink, ports.Deleted, id, before, nil)
	})
}
