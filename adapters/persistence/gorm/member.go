package gormstore

import (
	"context"
	"time"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// MemberRepository implements ports.MemberRepository.
type MemberRepository struct{ d *DB }

var _ ports.MemberRepository = (*MemberRepository)(nil)

const memberKey = "investigation_id = ? AND user_id = ?"

// Add inserts m; the identity column numbers it.
func (r *MemberRepository) Add(ctx context.Context, m *casework.Member) error {
	row := memberToRow(m.Snapshot())
	row.ID = 0
	if err := r.d.db(ctx).Create(&row).Error; err != nil {
		return conflictOr("add member", "already a member of this investigation", err)
	}
	m.AssignID(row.ID)
	return nil
}

func (r *MemberRepository) Get(ctx context.Context, investigationID uuid.UUID, userID int64) (*casework.Member, error) {
	var row memberRow
	if err := r.d.db(ctx).Where(memberKey, investigationID, userID).Take(&row).Error; err != nil {
		return nil, notFoundOr("member", err)
	}
	return casework.RehydrateMember(memberSnapshot(row)), nil
}

// Save writes role and last_seen.
func (r *MemberRepository) Save(ctx context.Context, m *casework.Member) error {
	s := m.Snapshot()
	res := r.d.db(ctx).Model(&memberRow{}).Where(memberKey, s.InvestigationID, s.UserID).Updates(map[string]any{
		"role":      s.Role.String(),
		"last_seen": dbTimePtr(s.LastSeen),
	})
	return affected(res, "save member", "member")
}

// Touch is one UPDATE, without reading the row first.
func (r *MemberRepository) Touch(ctx context.Context, investigationID uuid.UUID, userID int64, at time.Time) error {
	res := r.d.db(ctx).Model(&memberRow{}).Where(memberKey, investigationID, userID).Update("last_seen", dbTime(at))
	return affected(res, "touch member", "member")
}

func (r *MemberRepository) Remove(ctx context.Context, investigationID uuid.UUID, userID int64) error {
	res := r.d.db(ctx).Where(memberKey, investigationID, userID).Delete(&memberRow{})
	return affected(res, "remove member", "member")
}

type memberViewRow struct {
	Row      memberRow `gorm:"embedded"`
	Username string    `gorm:"column:username"`
	Email    string    `gorm:"column:email"`
	Avatar   *string   `gorm:"column:avatar"`
}

// List joins the users: one query.
func (r *MemberRepository) List(ctx context.Context, investigationID uuid.UUID) ([]ports.MemberView, error) {
	var rows []memberViewRow
	err := r.d.db(ctx).Raw(`SELECT m.*, u.username, u.email, u.avatar
		FROM investigation_investigationmember m JOIN investigation_user u ON u.id = m.user_id
		WHERE m.investigation_id = ? ORDER BY m.joined_at, m.id`, investigationID).Scan(&rows).Error
	if err != nil {
		return nil, fail("list members", err)
	}
	out := make([]ports.MemberView, len(rows))
	for i, row := range rows {
		out[i] = ports.MemberView{
			Member: memberSnapshot(row.Row), Username: row.Username,
			Email: row.Email, Avatar: fileValue(row.Avatar),
		}
	}
	return out, nil
}
