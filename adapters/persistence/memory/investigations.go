package memory

import (
	"context"
	"slices"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

var _ ports.InvestigationRepository = (*investigations)(nil)

type investigations struct{ d *db }

func errInvestigationNotFound() error { return fault.NotFound("investigation not found") }

func (r *investigations) Create(ctx context.Context, inv *casework.Investigation) error {
	return r.d.update(ctx, func(st *state) error {
		s := inv.Snapshot()
		if _, ok := st.investigations[s.ID]; ok {
			return fault.Conflict("investigation already exists")
		}
		if err := st.checkInvestigation(s); err != nil {
			return err
		}
		st.investigations[s.ID] = investigationRow(s)
		return nil
	})
}

// checkInvestigation applies the constraints Create and Save share: the
// creator exists and the code is unique.
func (st *state) checkInvestigation(s casework.InvestigationSnapshot) error {
	if _, ok := st.users[s.CreatedBy]; !ok {
		return missing("user", s.CreatedBy)
	}
	for id, o := range st.investigations {
		if id != s.ID && o.Code == s.Code {
			return fault.Conflict("join code already taken")
		}
	}
	return nil
}

func (r *investigations) ByID(ctx context.Context, id uuid.UUID) (*casework.Investigation, error) {
	return r.find(ctx, func(s casework.InvestigationSnapshot) bool { return s.ID == id })
}

func (r *investigations) ByCode(ctx context.Context, code string) (*casework.Investigation, error) {
	return r.find(ctx, func(s casework.InvestigationSnapshot) bool { return s.Code == code })
}

func (r *investigations) find(ctx context.Context, match func(casework.InvestigationSnapshot) bool) (*casework.Investigation, error) {
	var inv *casework.Investigation
	err := r.d.view(ctx, func(st *state) error {
		for _, s := range st.investigations {
			if match(s) {
				inv = casework.RehydrateInvestigation(investigationRow(s))
				return nil
			}
		}
		return errInvestigationNotFound()
	})
	return inv, err
}

// Save writes every column but created_at, which no use case changes.
func (r *investigations) Save(ctx context.Context, inv *casework.Investigation) error {
	return r.d.update(ctx, func(st *state) error {
		s := inv.Snapshot()
		row, ok := st.investigations[s.ID]
		if !ok {
			return errInvestigationNotFound()
		}
		if err := st.checkInvestigation(s); err != nil {
			return err
		}
		s.CreatedAt = row.CreatedAt
		st.investigations[s.ID] = investigationRow(s)
		return nil
	})
}

// Delete cascades as Django does in Python (the database does not).
func (r *investigations) Delete(ctx context.Context, id uuid.UUID) ([]string, error) {
	var files []string
	err := r.d.update(ctx, func(st *state) error {
		if _, ok := st.investigations[id]; !ok {
			return errInvestigationNotFound()
		}
		for eid, e := range st.entities {
			if e.InvestigationID == id {
				files = append(files, st.deleteEntity(eid)...)
			}
		}
		for lid, l := range st.links { // none should be left; rows Django wrote may disagree
			if l.InvestigationID == id {
				delete(st.links, lid)
			}
		}
		for tid, t := range st.tags {
			if t.InvestigationID == id {
				st.deleteTag(tid)
			}
		}
		for mid, m := range st.members {
			if m.InvestigationID == id {
				delete(st.members, mid)
			}
		}
		delete(st.investigations, id)
		files = st.unreferenced(files)
		return nil
	})
	return files, err
}

func (r *investigations) ListForUser(ctx context.Context, userID int64) ([]ports.InvestigationView, error) {
	var out []ports.InvestigationView
	err := r.d.view(ctx, func(st *state) error {
		for _, m := range st.members {
			if m.UserID == userID {
				if inv, ok := st.investigations[m.InvestigationID]; ok {
					out = append(out, st.investigationView(inv, m.Role))
				}
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b ports.InvestigationView) int {
		return newestFirst(a.Investigation.UpdatedAt, b.Investigation.UpdatedAt, a.Investigation.ID, b.Investigation.ID)
	})
	return out, err
}

func (r *investigations) ViewFor(ctx context.Context, id uuid.UUID, userID int64) (ports.InvestigationView, error) {
	var v ports.InvestigationView
	err := r.d.view(ctx, func(st *state) error {
		inv, ok := st.investigations[id]
		m, isMember := st.member(id, userID)
		if !ok || !isMember {
			return errInvestigationNotFound()
		}
		v = st.investigationView(inv, m.Role)
		return nil
	})
	return v, err
}

func (st *state) investigationView(inv casework.InvestigationSnapshot, role casework.Role) ports.InvestigationView {
	n := 0
	for _, m := range st.members {
		if m.InvestigationID == inv.ID {
			n++
		}
	}
	return ports.InvestigationView{
		Investigation:     investigationRow(inv),
		CreatedByUsername: st.users[inv.CreatedBy].Username,
		MemberCount:       n,
		Role:              role,
	}
}
