package gormstore

import (
	"context"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// EntityRepository implements ports.EntityRepository.
type EntityRepository struct{ d *DB }

var _ ports.EntityRepository = (*EntityRepository)(nil)

func (r *EntityRepository) Create(ctx context.Context, e *board.Entity) error {
	row := entityToRow(e.Snapshot())
	if err := r.d.db(ctx).Create(&row).Error; err != nil {
		return conflictOr("create entity", "this entity already exists", err)
	}
	return nil
}

func (r *EntityRepository) ByID(ctx context.Context, investigationID, id uuid.UUID) (*board.Entity, error) {
	var row entityRow
	err := r.d.db(ctx).Where("investigation_id = ? AND id = ?", investigationID, id).Take(&row).Error
	if err != nil {
		return nil, notFoundOr("entity", err)
	}
	return board.RehydrateEntity(entitySnapshot(row)), nil
}

// ByIDs returns the found entities in the order of ids, once each.
func (r *EntityRepository) ByIDs(ctx context.Context, investigationID uuid.UUID, ids []uuid.UUID) ([]*board.Entity, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []entityRow
	err := r.d.db(ctx).Where("investigation_id = ? AND id IN ?", investigationID, ids).Find(&rows).Error
	if err != nil {
		return nil, fail("load entities", err)
	}
	byID := make(map[uuid.UUID]entityRow, len(rows))
	for _, row := range rows {
		byID[row.ID] = row
	}
	out := make([]*board.Entity, 0, len(rows))
	for _, id := range ids {
		if row, ok := byID[id]; ok {
			out = append(out, board.RehydrateEntity(entitySnapshot(row)))
			delete(byID, id)
		}
	}
	return out, nil
}

// Save writes every column but the identity ones (id, investigation,
// creator, creation time).
func (r *EntityRepository) Save(ctx context.Context, e *board.Entity) error {
	row := entityToRow(e.Snapshot())
	res := r.d.db(ctx).Model(&entityRow{}).Where("id = ? AND investigation_id = ?", row.ID, row.InvestigationID).
		Updates(map[string]any{
			"entity_type":    row.EntityType,
			"title":          row.Title,
			"description":    row.Description,
			"updated_at":     row.UpdatedAt,
			"role":           row.Role,
			"location":       row.Location,
			"event_date":     row.EventDate,
			"evidence_type":  row.EvidenceType,
			"address":        row.Address,
			"event_end_date": row.EventEndDate,
			"is_timeslot":    row.IsTimeslot,
			"photo":          row.Photo,
		})
	return affected(res, "save entity", "entity")
}

// SetTags makes the entity's assignments exactly tagIDs, touching only the
// difference (as Django's ManyRelatedManager.set does), so that kept
// assignments keep their ids.
func (r *EntityRepository) SetTags(ctx context.Context, entityID uuid.UUID, tagIDs []uuid.UUID) error {
	return r.d.InTx(ctx, func(ctx context.Context) error {
		var current []uuid.UUID
		db := r.d.db(ctx)
		if err := db.Model(&entityTagRow{}).Where("entity_id = ?", entityID).Pluck("tag_id", &current).Error; err != nil {
			return fail("load tag assignments", err)
		}
		want := make(map[uuid.UUID]bool, len(tagIDs))
		for _, id := range tagIDs {
			want[id] = true
		}
		var drop []uuid.UUID
		for _, id := range current {
			if !want[id] {
				drop = append(drop, id)
			}
			delete(want, id)
		}
		if len(drop) > 0 {
			if err := db.Where("entity_id = ? AND tag_id IN ?", entityID, drop).Delete(&entityTagRow{}).Error; err != nil {
				return fail("remove tag assignments", err)
			}
		}
		var add []entityTagRow
		for _, id := range tagIDs { // in the caller's order, once each
			if want[id] {
				add = append(add, entityTagRow{EntityID: entityID, TagID: id})
				delete(want, id)
			}
		}
		if len(add) > 0 {
			if err := db.Create(&add).Error; err != nil {
				return conflictOr("add tag assignments", "tag already assigned", err)
			}
		}
		return nil
	})
}
