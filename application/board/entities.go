package board

import (
	"context"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// ListEntities returns the board's entities, newest first.
func (s *Service) ListEntities(ctx context.Context, a Actor, f ports.EntityFilter) ([]ports.EntityView, error) {
	if _, err := s.require(ctx, a, ports.PermRead); err != nil {
		return nil, err
	}
	return s.entities.List(ctx, a.InvestigationID, f)
}

// GetEntity returns one entity.
func (s *Service) GetEntity(ctx context.Context, a Actor, id uuid.UUID) (ports.EntityView, error) {
	if _, err := s.require(ctx, a, ports.PermRead); err != nil {
		return ports.EntityView{}, err
	}
	return s.entities.View(ctx, a.InvestigationID, id)
}

// CreateEntity adds an entity; tags (names) are matched to the
// investigation's tags case-insensitively and created when new.
func (s *Service) CreateEntity(ctx context.Context, a Actor, d board.EntityDraft, tags []string) (uuid.UUID, error) {
	var e *board.Entity
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		// Permission first: a caller who may not write learns nothing from
		// validation messages.
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		names, err := board.NormalizeTagNames(tags)
		if err != nil {
			return err
		}
		if e, err = board.NewEntity(a.InvestigationID, d, a.UserID, s.clock.Now()); err != nil {
			return err
		}
		if err := s.entities.Create(ctx, e); err != nil {
			return err
		}
		if err := s.assignTags(ctx, a.InvestigationID, e.ID(), names); err != nil {
			return err
		}
		after, err := s.entities.View(ctx, a.InvestigationID, e.ID())
		if err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectEntity, ports.Created, e.ID(), nil, after)
	})
	if err != nil {
		return uuid.Nil, err
	}
	return e.ID(), nil
}

// UpdateEntity applies a partial update; tags, when not nil, replace the set.
func (s *Service) UpdateEntity(ctx context.Context, a Actor, id uuid.UUID, p board.EntityPatch, tags *[]string) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		var names []string
		if tags != nil {
			var err error
			if names, err = board.NormalizeTagNames(*tags); err != nil {
				return err
			}
		}
		before, err := s.entities.View(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		e, err := s.entities.ByID(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		if err := e.Update(p, s.clock.Now()); err != nil {
			return err
		}
		if err := s.entities.Save(ctx, e); err != nil {
			return err
		}
		if tags != nil {
			if err := s.assignTags(ctx, a.InvestigationID, id, names); err != nil {
				return err
			}
		}
		after, err := s.entities.View(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectEntity, ports.Updated, id, before, after)
	})
}

// DeleteEntity removes an entity with its links, comments, attachments and
// tag assignments, then its files once that has committed.
func (s *Service) DeleteEntity(ctx context.Context, a Actor, id uuid.UUID) error {
	var files []string
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		before, err := s.entities.View(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		// Everything deleted with the entity is on record, as when it is
		// deleted alone: the chain of custody of its evidence files, and
		// its links and comments, so that link deltas (?since=) and the
		// history name them rather than leaving clients to guess.
		atts, err := s.attachments.List(ctx, id)
		if err != nil {
			return err
		}
		comments, err := s.comments.List(ctx, id)
		if err != nil {
			return err
		}
		links, err := s.links.List(ctx, a.InvestigationID, ports.LinkFilter{EntityID: id})
		if err != nil {
			return err
		}
		if files, err = s.entities.Delete(ctx, a.InvestigationID, id); err != nil {
			return err
		}
		for _, att := range atts {
			if err := s.record(ctx, a, ports.ObjectAttachment, ports.Deleted, att.Attachment.ID, att, nil); err != nil {
				return err
			}
		}
		for _, c := range comments {
			if err := s.record(ctx, a, ports.ObjectComment, ports.Deleted, c.Comment.ID, c, nil); err != nil {
				return err
			}
		}
		for _, l := range links {
			if err := s.record(ctx, a, ports.ObjectLink, ports.Deleted, l.Link.ID, l, nil); err != nil {
				return err
			}
		}
		return s.record(ctx, a, ports.ObjectEntity, ports.Deleted, id, before, nil)
	})
	if err != nil {
		return err
	}
	s.removeFiles(ctx, files...)
	return nil
}

// assignTags resolves names to the investigation's tags, creating the
// missing ones, and makes them the entity's whole tag set.
func (s *Service) assignTags(ctx context.Context, investigationID, entityID uuid.UUID, names []string) error {
	existing, err := s.tags.All(ctx, investigationID)
	if err != nil {
		return err
	}
	ids := make([]uuid.UUID, 0, len(names))
	for _, name := range names {
		t := board.FindTag(existing, name)
		if t == nil {
			if t, err = board.NewTag(investigationID, name, "", s.clock.Now()); err != nil {
				return err
			}
			if err := s.tags.Create(ctx, t); err != nil {
				return err
			}
			existing = append(existing, t)
		}
		ids = append(ids, t.ID())
	}
	return s.entities.SetTags(ctx, entityID, ids)
}
