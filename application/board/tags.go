package board

import (
	"context"
	"slices"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// msgTagExists is the conflict message for a name taken case-insensitively.
const msgTagExists = "Un tag portant ce nom existe déjà"

// ListTags returns the investigation's tags by name with their entity counts.
func (s *Service) ListTags(ctx context.Context, a Actor) ([]ports.TagView, error) {
	if _, err := s.require(ctx, a, ports.PermRead); err != nil {
		return nil, err
	}
	return s.tags.List(ctx, a.InvestigationID)
}

// CreateTag adds a tag; the name must be new, case-insensitively.
func (s *Service) CreateTag(ctx context.Context, a Actor, name, color string) (ports.TagView, error) {
	var after ports.TagView
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		t, err := board.NewTag(a.InvestigationID, name, color, s.clock.Now())
		if err != nil {
			return err
		}
		after = ports.TagView{Tag: t.Snapshot()}
		all, err := s.tags.All(ctx, a.InvestigationID)
		if err != nil {
			return err
		}
		if board.FindTag(all, t.Name()) != nil {
			return fault.Conflict(msgTagExists)
		}
		if err := s.tags.Create(ctx, t); err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectTag, ports.Created, t.ID(), nil, after)
	})
	if err != nil {
		return ports.TagView{}, err
	}
	return after, nil
}

// UpdateTag renames and/or recolours a tag.
func (s *Service) UpdateTag(ctx context.Context, a Actor, id uuid.UUID, name, color *string) (ports.TagView, error) {
	var after ports.TagView
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		before, err := s.tagView(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		t, err := s.tags.ByID(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		if err := t.Edit(name, color); err != nil {
			return err
		}
		all, err := s.tags.All(ctx, a.InvestigationID)
		if err != nil {
			return err
		}
		if other := board.FindTag(all, t.Name()); other != nil && other.ID() != id {
			return fault.Conflict(msgTagExists)
		}
		if err := s.tags.Save(ctx, t); err != nil {
			return err
		}
		after = ports.TagView{Tag: t.Snapshot(), EntityCount: before.EntityCount}
		return s.record(ctx, a, ports.ObjectTag, ports.Updated, id, before, after)
	})
	return after, err
}

// DeleteTag removes a tag and its assignments.
func (s *Service) DeleteTag(ctx context.Context, a Actor, id uuid.UUID) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		before, err := s.tagView(ctx, a.InvestigationID, id)
		if err != nil {
			return err
		}
		// The entities that carried the tag change too: each is recorded,
		// so that entity deltas (?since=) and the history name them.
		tagged, err := s.entities.List(ctx, a.InvestigationID, ports.EntityFilter{Tag: before.Tag.Name})
		if err != nil {
			return err
		}
		if err := s.tags.Delete(ctx, a.InvestigationID, id); err != nil {
			return err
		}
		if err := s.record(ctx, a, ports.ObjectTag, ports.Deleted, id, before, nil); err != nil {
			return err
		}
		for _, v := range tagged {
			after := v
			after.Tags = slices.DeleteFunc(slices.Clone(v.Tags), func(t ports.TagRef) bool { return t.ID == id })
			if len(after.Tags) == len(v.Tags) {
				continue // another tag of the same name, case aside
			}
			if err := s.record(ctx, a, ports.ObjectEntity, ports.Updated, v.Entity.ID, v, after); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Service) tagView(ctx context.Context, investigationID, id uuid.UUID) (ports.TagView, error) {
	views, err := s.tags.List(ctx, investigationID)
	if err != nil {
		return ports.TagView{}, err
	}
	for _, v := range views {
		if v.Tag.ID == id {
			return v, nil
		}
	}
	return ports.TagView{}, fault.NotFound("tag not found")
}
