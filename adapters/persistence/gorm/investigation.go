package gormstore

import (
	"context"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// InvestigationRepository implements ports.InvestigationRepository.
type InvestigationRepository struct{ d *DB }

var _ ports.InvestigationRepository = (*InvestigationRepository)(nil)

const msgCodeTaken = "this join code is already in use"

func (r *InvestigationRepository) Create(ctx context.Context, inv *casework.Investigation) error {
	row := investigationToRow(inv.Snapshot())
	if err := r.d.db(ctx).Create(&row).Error; err != nil {
		return conflictOr("create investigation", msgCodeTaken, err)
	}
	return nil
}

func (r *InvestigationRepository) ByID(ctx context.Context, id uuid.UUID) (*casework.Investigation, error) {
	return r.take(ctx, "id = ?", id)
}

func (r *InvestigationRepository) ByCode(ctx context.Context, code string) (*casework.Investigation, error) {
	return r.take(ctx, "code = ?", code)
}

func (r *InvestigationRepository) take(ctx context.Context, where string, arg any) (*casework.Investigation, error) {
	var row investigationRow
	if err := r.d.db(ctx).Where(where, arg).Take(&row).Error; err != nil {
		return nil, notFoundOr("investigation", err)
	}
	return casework.RehydrateInvestigation(investigationSnapshot(row)), nil
}

// Save writes every mutable column; updated_at is whatever the aggregate
// holds (a code rotation leaves it alone, as in Django).
func (r *InvestigationRepository) Save(ctx context.Context, inv *casework.Investigation) error {
	s := inv.Snapshot()
	res := r.d.db(ctx).Model(&investigationRow{}).Where("id = ?", s.ID).Updates(map[string]any{
		"title":         s.Title,
		"description":   s.Description,
		"code":          s.Code,
		"is_active":     s.IsActive,
		"created_by_id": s.CreatedBy,
		"updated_at":    dbTime(s.UpdatedAt),
	})
	if res.Error != nil {
		return conflictOr("save investigation", msgCodeTaken, res.Error)
	}
	return affected(res, "save investigation", "investigation")
}

// investigationViewRow is an investigation with the viewer's role, its member
// count and its creator's name, read in one query.
type investigationViewRow struct {
	Row               investigationRow `gorm:"embedded"`
	CreatedByUsername string           `gorm:"column:created_by_username"`
	MemberCount       int              `gorm:"column:member_count"`
	Role              string           `gorm:"column:viewer_role"`
}

const investigationViewSQL = `SELECT i.*, COALESCE(u.username, '') AS created_by_username, m.role AS viewer_role,
	(SELECT count(*) FROM investigation_investigationmember c WHERE c.investigation_id = i.id) AS member_count
FROM investigation_investigation i
JOIN investigation_investigationmember m ON m.investigation_id = i.id AND m.user_id = ?
LEFT JOIN investigation_user u ON u.id = i.created_by_id`

// ListForUser is one query whatever the number of investigations.
func (r *InvestigationRepository) ListForUser(ctx context.Context, userID int64) ([]ports.InvestigationView, error) {
	var rows []investigationViewRow
	err := r.d.db(ctx).Raw(investigationViewSQL+` ORDER BY i.updated_at DESC, i.id DESC`, userID).Scan(&rows).Error
	if err != nil {
		return nil, fail("list investigations", err)
	}
	out := make([]ports.InvestigationView, len(rows))
	for i, row := range rows {
		out[i] = investigationView(row)
	}
	return out, nil
}

func (r *InvestigationRepository) ViewFor(ctx context.Context, id uuid.UUID, userID int64) (ports.InvestigationView, error) {
	var rows []investigationViewRow
	err := r.d.db(ctx).Raw(investigationViewSQL+` WHERE i.id = ?`, userID, id).Scan(&rows).Error
	if err != nil {
		return ports.InvestigationView{}, fail("view investigation", err)
	}
	if len(rows) == 0 {
		return ports.InvestigationView{}, fault.NotFound("investigation not found")
	}
	return investigationView(rows[0]), nil
}

func investigationView(r investigationViewRow) ports.InvestigationView {
	return ports.InvestigationView{
		Investigation:     investigationSnapshot(r.Row),
		CreatedByUsername: r.CreatedByUsername,
		MemberCount:       r.MemberCount,
		Role:              roleFromStore(r.Role),
	}
}
