package gormstore

import (
	"context"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
	"gorm.io/gorm/clause"
)

// AttachmentRepository implements ports.AttachmentRepository.
type AttachmentRepository struct{ d *DB }

var _ ports.AttachmentRepository = (*AttachmentRepository)(nil)

// attachmentSQL reads attachments with their digest, if any.
const attachmentSQL = `SELECT a.*, COALESCE(d.size, 0) AS size, COALESCE(d.sha256, '') AS sha256
FROM investigation_attachment a LEFT JOIN enquete_attachment_digest d ON d.attachment_id = a.id`

// eachBatch is how many attachments Each reads at a time: fn may use the
// store, which a still-open result set would block on a single connection.
const eachBatch = 500

// Create inserts the attachment and, when known, its digest.
func (r *AttachmentRepository) Create(ctx context.Context, a *board.Attachment) error {
	row, digest := attachmentToRows(a.Snapshot())
	return r.d.InTx(ctx, func(ctx context.Context) error {
		db := r.d.db(ctx)
		if err := db.Create(&row).Error; err != nil {
			return conflictOr("create attachment", "this attachment already exists", err)
		}
		if digest.SHA256 == "" && digest.Size == 0 {
			return nil
		}
		if err := db.Create(&digest).Error; err != nil {
			return fail("create attachment digest", err)
		}
		return nil
	})
}

func (r *AttachmentRepository) ByID(ctx context.Context, entityID, id uuid.UUID) (*board.Attachment, error) {
	var rows []attachmentFullRow
	err := r.d.db(ctx).Raw(attachmentSQL+` WHERE a.entity_id = ? AND a.id = ?`, entityID, id).Scan(&rows).Error
	if err != nil {
		return nil, fail("load attachment", err)
	}
	if len(rows) == 0 {
		return nil, fault.NotFound("attachment not found")
	}
	return board.RehydrateAttachment(attachmentSnapshot(rows[0])), nil
}

// SaveDigest inserts or replaces the digest row.
func (r *AttachmentRepository) SaveDigest(ctx context.Context, a *board.Attachment) error {
	_, digest := attachmentToRows(a.Snapshot())
	return r.d.InTx(ctx, func(ctx context.Context) error {
		db := r.d.db(ctx)
		var n int64
		if err := db.Model(&attachmentRow{}).Where("id = ?", digest.AttachmentID).Count(&n).Error; err != nil {
			return fail("check attachment", err)
		}
		if n == 0 {
			return fault.NotFound("attachment not found")
		}
		err := db.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "attachment_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"size", "sha256"}),
		}).Create(&digest).Error
		if err != nil {
			return fail("save attachment digest", err)
		}
		return nil
	})
}

func (r *AttachmentRepository) Delete(ctx context.Context, entityID, id uuid.UUID) error {
	return r.d.InTx(ctx, func(ctx context.Context) error {
		db := r.d.db(ctx)
		if err := db.Where(`attachment_id IN (SELECT id FROM investigation_attachment WHERE entity_id = ? AND id = ?)`,
			entityID, id).Delete(&digestRow{}).Error; err != nil {
			return fail("delete attachment digest", err)
		}
		res := db.Where("entity_id = ? AND id = ?", entityID, id).Delete(&attachmentRow{})
		return affected(res, "delete attachment", "attachment")
	})
}

type attachmentViewRow struct {
	Row                attachmentFullRow `gorm:"embedded"`
	UploadedByUsername string            `gorm:"column:uploaded_by_username"`
}

// List is one query (digest and uploader joined).
func (r *AttachmentRepository) List(ctx context.Context, entityID uuid.UUID) ([]ports.AttachmentView, error) {
	var rows []attachmentViewRow
	err := r.d.db(ctx).Raw(`SELECT a.*, COALESCE(d.size, 0) AS size, COALESCE(d.sha256, '') AS sha256,
			COALESCE(u.username, '') AS uploaded_by_username
		FROM investigation_attachment a
		LEFT JOIN enquete_attachment_digest d ON d.attachment_id = a.id
		LEFT JOIN investigation_user u ON u.id = a.uploaded_by_id
		WHERE a.entity_id = ? ORDER BY a.uploaded_at DESC, a.id DESC`, entityID).Scan(&rows).Error
	if err != nil {
		return nil, fail("list attachments", err)
	}
	out := make([]ports.AttachmentView, len(rows))
	for i, row := range rows {
		out[i] = ports.AttachmentView{Attachment: attachmentSnapshot(row.Row), UploadedByUsername: row.UploadedByUsername}
	}
	return out, nil
}

// Each walks every attachment in id order, a batch at a time, so that fn may
// itself use the store (SaveDigest) between batches.
func (r *AttachmentRepository) Each(ctx context.Context, fn func(board.AttachmentSnapshot) error) error {
	var after *uuid.UUID
	for {
		q, args := attachmentSQL, []any{}
		if after != nil {
			q += ` WHERE a.id > ?`
			args = append(args, *after)
		}
		var rows []attachmentFullRow
		if err := r.d.db(ctx).Raw(q+` ORDER BY a.id LIMIT ?`, append(args, eachBatch)...).Scan(&rows).Error; err != nil {
			return fail("walk attachments", err)
		}
		for _, row := range rows {
			if err := fn(attachmentSnapshot(row)); err != nil {
				return err
			}
		}
		if len(rows) < eachBatch {
			return nil
		}
		last := rows[len(rows)-1].Row.ID
		after = &last
	}
}

// ReferencedFiles collects every file name a row points at.
func (r *AttachmentRepository) ReferencedFiles(ctx context.Context) (map[string]struct{}, error) {
	var names []string
	err := r.d.db(ctx).Raw(`SELECT file FROM investigation_attachment
		UNION SELECT photo FROM investigation_entity WHERE photo <> ''
		UNION SELECT avatar FROM investigation_user WHERE avatar <> ''`).Scan(&names).Error
	if err != nil {
		return nil, fail("list referenced files", err)
	}
	out := make(map[string]struct{}, len(names))
	for _, n := range names {
		if n != "" {
			out[n] = struct{}{}
		}
	}
	return out, nil
}
