package gormstore

import (
	"context"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// TagRepository implements ports.TagRepository.
type TagRepository struct{ d *DB }

var _ ports.TagRepository = (*TagRepository)(nil)

const msgTagExists = "a tag with this name already exists"

func (r *TagRepository) Create(ctx context.Context, t *board.Tag) error {
	row := tagToRow(t.Snapshot())
	if err := r.d.db(ctx).Create(&row).Error; err != nil {
		return conflictOr("create tag", msgTagExists, err)
	}
	return nil
}

func (r *TagRepository) ByID(ctx context.Context, investigationID, id uuid.UUID) (*board.Tag, error) {
	var row tagRow
	if err := r.d.db(ctx).Where("investigation_id = ? AND id = ?", investigationID, id).Take(&row).Error; err != nil {
		return nil, notFoundOr("tag", err)
	}
	return board.RehydrateTag(tagSnapshot(row)), nil
}

// All returns the tags ordered by name, byte order.
func (r *TagRepository) All(ctx context.Context, investigationID uuid.UUID) ([]*board.Tag, error) {
	var rows []tagRow
	err := r.d.db(ctx).Where("investigation_id = ?", investigationID).
		Order(r.d.dialect.byteOrder("name") + ", id").Find(&rows).Error
	if err != nil {
		return nil, fail("load tags", err)
	}
	out := make([]*board.Tag, len(rows))
	for i, row := range rows {
		out[i] = board.RehydrateTag(tagSnapshot(row))
	}
	return out, nil
}

// Save writes name and colour; fault.ErrConflict if the name is taken.
func (r *TagRepository) Save(ctx context.Context, t *board.Tag) error {
	s := t.Snapshot()
	res := r.d.db(ctx).Model(&tagRow{}).Where("investigation_id = ? AND id = ?", s.InvestigationID, s.ID).
		Updates(map[string]any{"name": s.Name, "color": s.Color})
	if res.Error != nil {
		return conflictOr("save tag", msgTagExists, res.Error)
	}
	return affected(res, "save tag", "tag")
}

// Delete removes the tag and its assignments.
func (r *TagRepository) Delete(ctx context.Context, investigationID, id uuid.UUID) error {
	return r.d.InTx(ctx, func(ctx context.Context) error {
		db := r.d.db(ctx)
		if _, err := r.ByID(ctx, investigationID, id); err != nil {
			return err
		}
		if err := db.Where("tag_id = ?", id).Delete(&entityTagRow{}).Error; err != nil {
			return fail("delete tag assignments", err)
		}
		res := db.Where("investigation_id = ? AND id = ?", investigationID, id).Delete(&tagRow{})
		return affected(res, "delete tag", "tag")
	})
}

type tagViewRow struct {
	Row         tagRow `gorm:"embedded"`
	EntityCount int    `gorm:"column:entity_count"`
}

// List is one query: the counts are correlated subqueries.
func (r *TagRepository) List(ctx context.Context, investigationID uuid.UUID) ([]ports.TagView, error) {
	var rows []tagViewRow
	err := r.d.db(ctx).Raw(`SELECT t.*,
			(SELECT count(*) FROM investigation_entity_tags et WHERE et.tag_id = t.id) AS entity_count
		FROM investigation_tag t WHERE t.investigation_id = ?
		ORDER BY `+r.d.dialect.byteOrder("t.name")+`, t.id`, investigationID).Scan(&rows).Error
	if err != nil {
		return nil, fail("list tags", err)
	}
	out := make([]ports.TagView, len(rows))
	for i, row := range rows {
		out[i] = ports.TagView{Tag: tagSnapshot(row.Row), EntityCount: row.EntityCount}
	}
	return out, nil
}
