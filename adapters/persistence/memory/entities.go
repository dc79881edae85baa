package memory

import (
	"context"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

var _ ports.EntityRepository = (*entities)(nil)

type entities struct{ d *db }

func errEntityNotFound() error { return fault.NotFound("entity not found") }

// entity finds an entity of one investigation: an id of another
// investigation is as unknown as a made-up one.
func (st *state) entity(investigationID, id uuid.UUID) (board.EntitySnapshot, bool) {
	e, ok := st.entities[id]
	return e, ok && e.InvestigationID == investigationID
}

func (r *entities) Create(ctx context.Context, e *board.Entity) error {
	return r.d.update(ctx, func(st *state) error {
		s := e.Snapshot()
		if _, ok := st.entities[s.ID]; ok {
			return fault.Conflict("entity already exists")
		}
		if _, ok := st.investigations[s.InvestigationID]; !ok {
			return missing("investigation", s.InvestigationID)
		}
		if _, ok := st.users[s.CreatedBy]; !ok {
			return missing("user", s.CreatedBy)
		}
		st.entities[s.ID] = entityRow(s)
		return nil
	})
}

func (r *entities) ByID(ctx context.Context, investigationID, id uuid.UUID) (*board.Entity, error) {
	var e *board.Entity
	err := r.d.view(ctx, func(st *state) error {
		s, ok := st.entity(investigationID, id)
		if !ok {
			return errEntityNotFound()
		}
		e = board.RehydrateEntity(entityRow(s))
		return nil
	})
	return e, err
}

func (r *entities) ByIDs(ctx context.Context, investigationID uuid.UUID, ids []uuid.UUID) ([]*board.Entity, error) {
	var out []*board.Entity
	err := r.d.view(ctx, func(st *state) error {
		seen := make(map[uuid.UUID]bool, len(ids))
		for _, id := range ids {
			if s, ok := st.entity(investigationID, id); ok && !seen[id] {
				seen[id] = true
				out = append(out, board.RehydrateEntity(entityRow(s)))
			}
		}
		return nil
	})
	return out, err
}

// Save writes the columns an update may change; the kind, the creator and
// the creation time stay as inserted.
func (r *entities) Save(ctx context.Context, e *board.Entity) error {
	return r.d.update(ctx, func(st *state) error {
		s := e.Snapshot()
		row, ok := st.entity(s.InvestigationID, s.ID)
		if !ok {
			return errEntityNotFound()
		}
		s.Kind, s.CreatedBy, s.CreatedAt = row.Kind, row.CreatedBy, row.CreatedAt
		st.entities[s.ID] = entityRow(s)
		return nil
	})
}

// SetTags replaces the assignments; a repeated id is assigned once, as the
// (entity_id, tag_id) unique constraint allows no more.
func (r *entities) SetTags(ctx context.Context, entityID uuid.UUID, tagIDs []uuid.UUID) error {
	return r.d.update(ctx, func(st *state) error {
		if _, ok := st.entities[entityID]; !ok {
			return errEntityNotFound()
		}
		set := make(map[uuid.UUID]struct{}, len(tagIDs))
		for _, id := range tagIDs {
			if _, ok := st.tags[id]; !ok {
				return missing("tag", id)
			}
			set[id] = struct{}{}
		}
		st.entityTags[entityID] = set
		return nil
	})
}

func (r *entities) Delete(ctx context.Context, investigationID, id uuid.UUID) ([]string, error) {
	var files []string
	err := r.d.update(ctx, func(st *state) error {
		if _, ok := st.entity(investigationID, id); !ok {
			return errEntityNotFound()
		}
		files = st.unreferenced(st.deleteEntity(id))
		return nil
	})
	return files, err
}
