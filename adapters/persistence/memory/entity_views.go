package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// counts are the per-entity numbers an EntityView shows, computed in one
// pass over comments and attachments for a whole list.
type counts struct{ comments, attachments map[uuid.UUID]int }

func (st *state) counts() counts {
	c := counts{comments: map[uuid.UUID]int{}, attachments: map[uuid.UUID]int{}}
	for _, x := range st.comments {
		c.comments[x.EntityID]++
	}
	for _, x := range st.attachments {
		c.attachments[x.EntityID]++
	}
	return c
}

func (st *state) entityView(e board.EntitySnapshot, c counts) ports.EntityView {
	return ports.EntityView{
		Entity:            entityRow(e),
		CreatedByUsername: st.users[e.CreatedBy].Username,
		Tags:              st.tagRefs(e.ID),
		CommentsCount:     c.comments[e.ID],
		AttachmentsCount:  c.attachments[e.ID],
	}
}

// tagRefs lists an entity's tags by name in byte order, which is what
// PostgreSQL's C collation (Django's ordering) gives.
func (st *state) tagRefs(entityID uuid.UUID) []ports.TagRef {
	var refs []ports.TagRef
	for id := range st.entityTags[entityID] {
		t := st.tags[id]
		refs = append(refs, ports.TagRef{ID: t.ID, Name: t.Name, Color: t.Color})
	}
	slices.SortFunc(refs, func(a, b ports.TagRef) int { return strings.Compare(a.Name, b.Name) })
	return refs
}

func (r *entities) List(ctx context.Context, investigationID uuid.UUID, f ports.EntityFilter) ([]ports.EntityView, error) {
	var out []ports.EntityView
	err := r.d.view(ctx, func(st *state) error {
		var list []board.EntitySnapshot
		for _, e := range st.entities {
			if e.InvestigationID == investigationID && st.matches(e, f) {
				list = append(list, e)
			}
		}
		slices.SortFunc(list, func(a, b board.EntitySnapshot) int {
			return newestFirstDesc(a.CreatedAt, b.CreatedAt, a.ID, b.ID)
		})
		list = page(list, f.Page, func(e board.EntitySnapshot) (time.Time, uuid.UUID) { return e.CreatedAt, e.ID })
		if len(list) == 0 {
			return nil
		}
		c := st.counts()
		out = make([]ports.EntityView, len(list))
		for i, e := range list {
			out[i] = st.entityView(e, c)
		}
		return nil
	})
	return out, err
}

func (r *entities) View(ctx context.Context, investigationID, id uuid.UUID) (ports.EntityView, error) {
	var v ports.EntityView
	err := r.d.view(ctx, func(st *state) error {
		e, ok := st.entity(investigationID, id)
		if !ok {
			return errEntityNotFound()
		}
		v = st.entityView(e, st.counts())
		return nil
	})
	return v, err
}

// matches applies a filter. Case-insensitive comparisons fold Unicode case
// (board.Fold), as PostgreSQL's UPPER does in a UTF-8 database; the search
// text is plain text, so % and _ need no escaping here.
func (st *state) matches(e board.EntitySnapshot, f ports.EntityFilter) bool {
	if f.Kind != "" && e.Kind.String() != f.Kind {
		return false
	}
	if f.Search != "" {
		q := board.Fold(f.Search)
		if !strings.Contains(board.Fold(e.Title), q) && !strings.Contains(board.Fold(e.Description), q) {
			return false
		}
	}
	if f.Tag != "" {
		key := board.Fold(f.Tag)
		for id := range st.entityTags[e.ID] {
			if board.Fold(st.tags[id].Name) == key {
				return true
			}
		}
		return false
	}
	return true
}
