package gormstore

import (
	"context"
	"database/sql"

	"github.com/enquete/enquete/adapters/persistence/auditlog"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// verifyBatch is how many records one query of Verify reads.
const verifyBatch = 1000

// auditHeadRow is a row of enquete_audit_head.
type auditHeadRow struct {
	InvestigationID uuid.UUID `gorm:"column:investigation_id;primaryKey"`
	Seq             int64     `gorm:"column:seq"`
	Hash            string    `gorm:"column:hash"`
}

func (auditHeadRow) TableName() string { return "enquete_audit_head" }

// Verify streams every record, in (investigation_id, seq) order and in
// batches of verifyBatch read by keyset, through the chain checker, so that
// the table's size does not matter. Heads and records are read in one
// read-only snapshot (REPEATABLE READ in PostgreSQL, a deferred read
// transaction in SQLite's WAL mode), so that changes committed meanwhile
// cannot make a head and its chain disagree; writers are not blocked.
func (a *AuditTrail) Verify(ctx context.Context) (ports.AuditReport, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if a.d.dialect.kind == dialectPostgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx := a.d.gorm.WithContext(ctx).Begin(opts)
	if tx.Error != nil {
		return ports.AuditReport{}, fail("begin audit verification", tx.Error)
	}
	defer tx.Rollback()
	return a.verify(context.WithValue(ctx, txKey{a.d}, tx))
}

func (a *AuditTrail) verify(ctx context.Context) (ports.AuditReport, error) {
	var headRows []auditHeadRow
	if err := a.d.db(ctx).Order("investigation_id").Find(&headRows).Error; err != nil {
		return ports.AuditReport{}, fail("audit heads", err)
	}
	heads := make([]ports.AuditHead, len(headRows))
	for i, h := range headRows {
		heads[i] = ports.AuditHead{InvestigationID: h.InvestigationID, Seq: h.Seq, Hash: h.Hash}
	}
	c := auditlog.NewChecker(heads)
	var after *auditRow
	for {
		db := a.d.db(ctx)
		if after != nil {
			// Row-value comparison: both PostgreSQL and SQLite use the
			// primary key index for it.
			db = db.Where("(investigation_id, seq) > (?, ?)", after.InvestigationID, after.Seq)
		}
		var rows []auditRow
		if err := db.Order("investigation_id, seq").Limit(verifyBatch).Find(&rows).Error; err != nil {
			return ports.AuditReport{}, fail("audit records", err)
		}
		for _, row := range rows {
			c.Add(row.record())
		}
		if len(rows) < verifyBatch {
			return c.Report(), nil
		}
		after = &rows[len(rows)-1]
	}
}
