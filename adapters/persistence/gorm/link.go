package gormstore

import (
	"context"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// LinkRepository implements ports.LinkRepository.
type LinkRepository struct{ d *DB }

var _ ports.LinkRepository = (*LinkRepository)(nil)

// msgLinkExists is Django's message for a duplicate link.
const msgLinkExists = "Ce lien existe déjà"

func (r *LinkRepository) Create(ctx context.Context, l *board.Link) error {
	row := linkToRow(l.Snapshot())
	if err := r.d.db(ctx).Create(&row).Error; err != nil {
		return conflictOr("create link", msgLinkExists, err)
	}
	return nil
}

func (r *LinkRepository) ByID(ctx context.Context, investigationID, id uuid.UUID) (*board.Link, error) {
	var row linkRow
	if err := r.d.db(ctx).Where("investigation_id = ? AND id = ?", investigationID, id).Take(&row).Error; err != nil {
		return nil, notFoundOr("link", err)
	}
	return board.RehydrateLink(linkSnapshot(row)), nil
}

// Between returns the links joining a and b, in either direction.
func (r *LinkRepository) Between(ctx context.Context, investigationID, a, b uuid.UUID) ([]*board.Link, error) {
	var rows []linkRow
	err := r.d.db(ctx).Where(`investigation_id = ? AND
		((from_entity_id = ? AND to_entity_id = ?) OR (from_entity_id = ? AND to_entity_id = ?))`,
		investigationID, a, b, b, a).Order("created_at, id").Find(&rows).Error
	if err != nil {
		return nil, fail("load links", err)
	}
	out := make([]*board.Link, len(rows))
	for i, row := range rows {
		out[i] = board.RehydrateLink(linkSnapshot(row))
	}
	return out, nil
}

// Save writes title and description, the only fields a link can change.
func (r *LinkRepository) Save(ctx context.Context, l *board.Link) error {
	s := l.Snapshot()
	res := r.d.db(ctx).Model(&linkRow{}).Where("investigation_id = ? AND id = ?", s.InvestigationID, s.ID).
		Updates(map[string]any{"title": s.Title, "description": s.Description})
	return affected(res, "save link", "link")
}

func (r *LinkRepository) Delete(ctx context.Context, investigationID, id uuid.UUID) error {
	res := r.d.db(ctx).Where("investigation_id = ? AND id = ?", investigationID, id).Delete(&linkRow{})
	return affected(res, "delete link", "link")
}

type linkViewRow struct {
	Row               linkRow `gorm:"embedded"`
	FromTitle         string  `gorm:"column:from_title"`
	FromKind          string  `gorm:"column:from_kind"`
	ToTitle           string  `gorm:"column:to_title"`
	ToKind            string  `gorm:"column:to_kind"`
	CreatedByUsername string  `gorm:"column:created_by_username"`
}

// linkViewSQL lists only links whose two ends belong to the link's own
// investigation: Django let links cross investigations (its bug 1), and
// those rows must not leak the other investigation's titles.
const linkViewSQL = `SELECT l.*, f.title AS from_title, f.entity_type AS from_kind,
	t.title AS to_title, t.entity_type AS to_kind, COALESCE(u.username, '') AS created_by_username
FROM investigation_link l
JOIN investigation_entity f ON f.id = l.from_entity_id
JOIN investigation_entity t ON t.id = l.to_entity_id
LEFT JOIN investigation_user u ON u.id = l.created_by_id
WHERE l.investigation_id = ?
	AND f.investigation_id = l.investigation_id AND t.investigation_id = l.investigation_id`

// List is one query whatever the number of links; a page (f.Page) is
// cut in that query.
func (r *LinkRepository) List(ctx context.Context, investigationID uuid.UUID, f ports.LinkFilter) ([]ports.LinkView, error) {
	q, args := linkViewSQL, []any{investigationID}
	if f.FromEntityID != uuid.Nil {
		q += ` AND l.from_entity_id = ?`
		args = append(args, f.FromEntityID)
	}
	if f.EntityID != uuid.Nil {
		q += ` AND (l.from_entity_id = ? OR l.to_entity_id = ?)`
		args = append(args, f.EntityID, f.EntityID)
	}
	if f.After != nil {
		q += ` AND ` + after("l")
		args = append(args, afterArgs(f.After)...)
	}
	var rows []linkViewRow
	if err := r.d.db(ctx).Raw(q+` ORDER BY l.created_at DESC, l.id DESC`+limitSQL(f.Limit), args...).Scan(&rows).Error; err != nil {
		return nil, fail("list links", err)
	}
	out := make([]ports.LinkView, len(rows))
	for i, row := range rows {
		out[i] = linkView(row)
	}
	return out, nil
}

func (r *LinkRepository) View(ctx context.Context, investigationID, id uuid.UUID) (ports.LinkView, error) {
	var rows []linkViewRow
	if err := r.d.db(ctx).Raw(linkViewSQL+` AND l.id = ?`, investigationID, id).Scan(&rows).Error; err != nil {
		return ports.LinkView{}, fail("view link", err)
	}
	if len(rows) == 0 {
		return ports.LinkView{}, fault.NotFound("link not found")
	}
	return linkView(rows[0]), nil
}

func linkView(r linkViewRow) ports.LinkView {
	return ports.LinkView{
		Link:              linkSnapshot(r.Row),
		From:              ports.EntityRef{ID: r.Row.FromEntityID, Title: r.FromTitle, Kind: r.FromKind},
		To:                ports.EntityRef{ID: r.Row.ToEntityID, Title: r.ToTitle, Kind: r.ToKind},
		CreatedByUsername: r.CreatedByUsername,
	}
}
