package gormstore

import (
	"context"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// CommentRepository implements ports.CommentRepository.
type CommentRepository struct{ d *DB }

var _ ports.CommentRepository = (*CommentRepository)(nil)

func (r *CommentRepository) Create(ctx context.Context, c *board.Comment) error {
	row := commentToRow(c.Snapshot())
	if err := r.d.db(ctx).Create(&row).Error; err != nil {
		return conflictOr("create comment", "this comment already exists", err)
	}
	return nil
}

func (r *CommentRepository) ByID(ctx context.Context, entityID, id uuid.UUID) (*board.Comment, error) {
	var row commentRow
	if err := r.d.db(ctx).Where("entity_id = ? AND id = ?", entityID, id).Take(&row).Error; err != nil {
		return nil, notFoundOr("comment", err)
	}
	return board.RehydrateComment(commentSnapshot(row)), nil
}

// Save writes the content and updated_at.
func (r *CommentRepository) Save(ctx context.Context, c *board.Comment) error {
	s := c.Snapshot()
	res := r.d.db(ctx).Model(&commentRow{}).Where("entity_id = ? AND id = ?", s.EntityID, s.ID).
		Updates(map[string]any{"content": s.Content, "updated_at": dbTime(s.UpdatedAt)})
	return affected(res, "save comment", "comment")
}

func (r *CommentRepository) Delete(ctx context.Context, entityID, id uuid.UUID) error {
	res := r.d.db(ctx).Where("entity_id = ? AND id = ?", entityID, id).Delete(&commentRow{})
	return affected(res, "delete comment", "comment")
}

type commentViewRow struct {
	Row            commentRow `gorm:"embedded"`
	AuthorUsername string     `gorm:"column:author_username"`
}

// List is one query (the author joined).
func (r *CommentRepository) List(ctx context.Context, entityID uuid.UUID) ([]ports.CommentView, error) {
	var rows []commentViewRow
	err := r.d.db(ctx).Raw(`SELECT c.*, COALESCE(u.username, '') AS author_username
		FROM investigation_comment c LEFT JOIN investigation_user u ON u.id = c.author_id
		WHERE c.entity_id = ? ORDER BY c.created_at DESC, c.id DESC`, entityID).Scan(&rows).Error
	if err != nil {
		return nil, fail("list comments", err)
	}
	out := make([]ports.CommentView, len(rows))
	for i, row := range rows {
		out[i] = ports.CommentView{Comment: commentSnapshot(row.Row), AuthorUsername: row.AuthorUsername}
	}
	return out, nil
}
