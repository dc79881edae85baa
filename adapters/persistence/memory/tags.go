package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

var _ ports.TagRepository = (*tags)(nil)

type tags struct{ d *db }

func errTagNotFound() error { return fault.NotFound("tag not found") }

func (st *state) tag(investigationID, id uuid.UUID) (board.TagSnapshot, bool) {
	t, ok := st.tags[id]
	return t, ok && t.InvestigationID == investigationID
}

// checkTagName applies the (investigation_id, name) unique constraint, which
// compares exactly: the case-insensitive rule is the use case's.
func (st *state) checkTagName(s board.TagSnapshot) error {
	for id, o := range st.tags {
		if id != s.ID && o.InvestigationID == s.InvestigationID && o.Name == s.Name {
			return fault.Conflict("tag already exists")
		}
	}
	return nil
}

func (r *tags) Create(ctx context.Context, t *board.Tag) error {
	return r.d.update(ctx, func(st *state) error {
		s := t.Snapshot()
		if _, ok := st.tags[s.ID]; ok {
			return fault.Conflict("tag already exists")
		}
		if err := st.checkTagName(s); err != nil {
			return err
		}
		if _, ok := st.investigations[s.InvestigationID]; !ok {
			return missing("investigation", s.InvestigationID)
		}
		st.tags[s.ID] = tagRow(s)
		return nil
	})
}

func (r *tags) ByID(ctx context.Context, investigationID, id uuid.UUID) (*board.Tag, error) {
	var t *board.Tag
	err := r.d.view(ctx, func(st *state) error {
		s, ok := st.tag(investigationID, id)
		if !ok {
			return errTagNotFound()
		}
		t = board.RehydrateTag(tagRow(s))
		return nil
	})
	return t, err
}

func (r *tags) All(ctx context.Context, investigationID uuid.UUID) ([]*board.Tag, error) {
	var out []*board.Tag
	err := r.d.view(ctx, func(st *state) error {
		for _, s := range st.tags {
			if s.InvestigationID == investigationID {
				out = append(out, board.RehydrateTag(tagRow(s)))
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *board.Tag) int { return strings.Compare(a.Name(), b.Name()) })
	return out, err
}

// Save writes name and colour.
func (r *tags) Save(ctx context.Context, t *board.Tag) error {
	return r.d.update(ctx, func(st *state) error {
		s := t.Snapshot()
		row, ok := st.tag(s.InvestigationID, s.ID)
		if !ok {
			return errTagNotFound()
		}
		if err := st.checkTagName(s); err != nil {
			return err
		}
		row.Name, row.Color = s.Name, s.Color
		st.tags[s.ID] = row
		return nil
	})
}

func (r *tags) Delete(ctx context.Context, investigationID, id uuid.UUID) error {
	return r.d.update(ctx, func(st *state) error {
		if _, ok := st.tag(investigationID, id); !ok {
			return errTagNotFound()
		}
		st.deleteTag(id)
		return nil
	})
}

// List orders by name in byte order (PostgreSQL's C collation).
func (r *tags) List(ctx context.Context, investigationID uuid.UUID) ([]ports.TagView, error) {
	var out []ports.TagView
	err := r.d.view(ctx, func(st *state) error {
		n := map[uuid.UUID]int{}
		for _, set := range st.entityTags {
			for id := range set {
				n[id]++
			}
		}
		for _, s := range st.tags {
			if s.InvestigationID == investigationID {
				out = append(out, ports.TagView{Tag: tagRow(s), EntityCount: n[s.ID]})
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b ports.TagView) int { return strings.Compare(a.Tag.Name, b.Tag.Name) })
	return out, err
}
