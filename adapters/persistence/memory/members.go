package memory

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

var _ ports.MemberRepository = (*members)(nil)

type members struct{ d *db }

func errMemberNotFound() error { return fault.NotFound(casework.MsgMemberNotFound) }

// member finds a membership by its natural key, unique in the table.
func (st *state) member(investigationID uuid.UUID, userID int64) (casework.MemberSnapshot, bool) {
	for _, m := range st.members {
		if m.InvestigationID == investigationID && m.UserID == userID {
			return m, true
		}
	}
	return casework.MemberSnapshot{}, false
}

func (r *members) Add(ctx context.Context, m *casework.Member) error {
	return r.d.update(ctx, func(st *state) error {
		s := m.Snapshot()
		if _, ok := st.investigations[s.InvestigationID]; !ok {
			return missing("investigation", s.InvestigationID)
		}
		if _, ok := st.users[s.UserID]; !ok {
			return missing("user", s.UserID)
		}
		if _, dup := st.member(s.InvestigationID, s.UserID); dup {
			return fault.Conflict("already a member")
		}
		st.lastMemberID++
		s.ID = st.lastMemberID
		st.members[s.ID] = memberRow(s)
		m.AssignID(s.ID)
		return nil
	})
}

func (r *members) Get(ctx context.Context, investigationID uuid.UUID, userID int64) (*casework.Member, error) {
	var m *casework.Member
	err := r.d.view(ctx, func(st *state) error {
		s, ok := st.member(investigationID, userID)
		if !ok {
			return errMemberNotFound()
		}
		m = casework.RehydrateMember(memberRow(s))
		return nil
	})
	return m, err
}

// Save finds the row by its id and writes role and last_seen only.
func (r *members) Save(ctx context.Context, m *casework.Member) error {
	return r.d.update(ctx, func(st *state) error {
		s := m.Snapshot()
		row, ok := st.members[s.ID]
		if !ok {
			return errMemberNotFound()
		}
		row.Role, row.LastSeen = s.Role, s.LastSeen
		st.members[s.ID] = memberRow(row)
		return nil
	})
}

func (r *members) Touch(ctx context.Context, investigationID uuid.UUID, userID int64, at time.Time) error {
	return r.d.update(ctx, func(st *state) error {
		row, ok := st.member(investigationID, userID)
		if !ok {
			return errMemberNotFound()
		}
		row.LastSeen = &at
		st.members[row.ID] = memberRow(row)
		return nil
	})
}

func (r *members) Remove(ctx context.Context, investigationID uuid.UUID, userID int64) error {
	return r.d.update(ctx, func(st *state) error {
		row, ok := st.member(investigationID, userID)
		if !ok {
			return errMemberNotFound()
		}
		delete(st.members, row.ID)
		return nil
	})
}

func (r *members) List(ctx context.Context, investigationID uuid.UUID) ([]ports.MemberView, error) {
	var out []ports.MemberView
	err := r.d.view(ctx, func(st *state) error {
		for _, m := range st.members {
			if m.InvestigationID == investigationID {
				u := st.users[m.UserID]
				out = append(out, ports.MemberView{Member: memberRow(m), Username: u.Username, Email: u.Email, Avatar: u.Avatar})
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b ports.MemberView) int {
		if c := a.Member.JoinedAt.Compare(b.Member.JoinedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.Member.ID, b.Member.ID)
	})
	return out, err
}
