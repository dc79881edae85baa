package memory

import (
	"context"
	"slices"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

var _ ports.LinkRepository = (*links)(nil)

type links struct{ d *db }

func errLinkNotFound() error { return fault.NotFound("link not found") }

func (st *state) link(investigationID, id uuid.UUID) (board.LinkSnapshot, bool) {
	l, ok := st.links[id]
	return l, ok && l.InvestigationID == investigationID
}

// Create enforces the unique (investigation, from, to) constraint. The
// reverse direction is the domain's rule (board.NewLink), not the table's.
func (r *links) Create(ctx context.Context, l *board.Link) error {
	return r.d.update(ctx, func(st *state) error {
		s := l.Snapshot()
		if _, ok := st.links[s.ID]; ok {
			return fault.Conflict("link already exists")
		}
		for _, o := range st.links {
			if o.InvestigationID == s.InvestigationID && o.FromEntityID == s.FromEntityID && o.ToEntityID == s.ToEntityID {
				return fault.Conflict("Ce lien existe déjà")
			}
		}
		if _, ok := st.investigations[s.InvestigationID]; !ok {
			return missing("investigation", s.InvestigationID)
		}
		for _, id := range []uuid.UUID{s.FromEntityID, s.ToEntityID} {
			if _, ok := st.entities[id]; !ok {
				return missing("entity", id)
			}
		}
		if _, ok := st.users[s.CreatedBy]; !ok {
			return missing("user", s.CreatedBy)
		}
		st.links[s.ID] = linkRow(s)
		return nil
	})
}

func (r *links) ByID(ctx context.Context, investigationID, id uuid.UUID) (*board.Link, error) {
	var l *board.Link
	err := r.d.view(ctx, func(st *state) error {
		s, ok := st.link(investigationID, id)
		if !ok {
			return errLinkNotFound()
		}
		l = board.RehydrateLink(linkRow(s))
		return nil
	})
	return l, err
}

func (r *links) Between(ctx context.Context, investigationID, a, b uuid.UUID) ([]*board.Link, error) {
	var out []*board.Link
	err := r.d.view(ctx, func(st *state) error {
		for _, l := range st.links {
			if l.InvestigationID == investigationID &&
				(l.FromEntityID == a && l.ToEntityID == b || l.FromEntityID == b && l.ToEntityID == a) {
				out = append(out, board.RehydrateLink(linkRow(l)))
			}
		}
		return nil
	})
	return out, err
}

// Save writes title and description, the only fields a link edit changes.
func (r *links) Save(ctx context.Context, l *board.Link) error {
	return r.d.update(ctx, func(st *state) error {
		s := l.Snapshot()
		row, ok := st.link(s.InvestigationID, s.ID)
		if !ok {
			return errLinkNotFound()
		}
		row.Title, row.Description = s.Title, s.Description
		st.links[s.ID] = row
		return nil
	})
}

func (r *links) Delete(ctx context.Context, investigationID, id uuid.UUID) error {
	return r.d.update(ctx, func(st *state) error {
		if _, ok := st.link(investigationID, id); !ok {
			return errLinkNotFound()
		}
		delete(st.links, id)
		return nil
	})
}

func (r *links) List(ctx context.Context, investigationID uuid.UUID, f ports.LinkFilter) ([]ports.LinkView, error) {
	var out []ports.LinkView
	err := r.d.view(ctx, func(st *state) error {
		var list []board.LinkSnapshot
		for _, l := range st.links {
			if l.InvestigationID == investigationID && st.endsInside(l) && (f.FromEntityID == uuid.Nil || l.FromEntityID == f.FromEntityID) &&
				(f.EntityID == uuid.Nil || l.FromEntityID == f.EntityID || l.ToEntityID == f.EntityID) {
				list = append(list, l)
			}
		}
		slices.SortFunc(list, func(a, b board.LinkSnapshot) int {
			return newestFirstDesc(a.CreatedAt, b.CreatedAt, a.ID, b.ID)
		})
		list = page(list, f.Page, func(l board.LinkSnapshot) (time.Time, uuid.UUID) { return l.CreatedAt, l.ID })
		for _, l := range list {
			out = append(out, st.linkView(l))
		}
		return nil
	})
	return out, err
}

func (r *links) View(ctx context.Context, investigationID, id uuid.UUID) (ports.LinkView, error) {
	var v ports.LinkView
	err := r.d.view(ctx, func(st *state) error {
		l, ok := st.link(investigationID, id)
		if !ok || !st.endsInside(l) {
			return errLinkNotFound()
		}
		v = st.linkView(l)
		return nil
	})
	return v, err
}

func (st *state) linkView(l board.LinkSnapshot) ports.LinkView {
	ref := func(id uuid.UUID) ports.EntityRef {
		e := st.entities[id]
		return ports.EntityRef{ID: id, Title: e.Title, Kind: e.Kind.String()}
	}
	return ports.LinkView{
		Link:              linkRow(l),
		From:              ref(l.FromEntityID),
		To:                ref(l.ToEntityID),
		CreatedByUsername: st.users[l.CreatedBy].Username,
	}
}

// endsInside reports whether both ends of l belong to l's investigation:
// Django let links cross investigations (its bug 1), and such rows must not
// leak the other investigation's titles.
func (st *state) endsInside(l board.LinkSnapshot) bool {
	return st.entities[l.FromEntityID].InvestigationID == l.InvestigationID &&
		st.entities[l.ToEntityID].InvestigationID == l.InvestigationID
}
