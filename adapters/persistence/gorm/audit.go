package gormstore

import (
	"context"
	"time"

	"github.com/enquete/enquete/adapters/persistence/auditlog"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// auditRow is a row of enquete_audit (migration 0004).
type auditRow struct {
	InvestigationID uuid.UUID `gorm:"column:investigation_id;primaryKey"`
	Seq             int64     `gorm:"column:seq;primaryKey"`
	At              time.Time `gorm:"column:at"`
	ActorID         int64     `gorm:"column:actor_id"`
	Type            string    `gorm:"column:type"`
	ObjectID        string    `gorm:"column:object_id"`
	Entities        string    `gorm:"column:entities"`
	Diff            string    `gorm:"column:diff"`
	IP              string    `gorm:"column:ip"`
	RequestID       string    `gorm:"column:request_id"`
	UserAgent       string    `gorm:"column:user_agent"`
	PrevHash        string    `gorm:"column:prev_hash"`
	Hash            string    `gorm:"column:hash"`
}

func (auditRow) TableName() string { return "enquete_audit" }

func toAuditRow(r ports.AuditRecord) auditRow {
	return auditRow{InvestigationID: r.InvestigationID, Seq: r.Seq, At: dbTime(r.At), ActorID: r.ActorID,
		Type: r.Type, ObjectID: r.ObjectID, Entities: r.Entities, Diff: r.Diff, IP: r.IP,
		RequestID: r.RequestID, UserAgent: r.UserAgent, PrevHash: r.PrevHash, Hash: r.Hash}
}

func (row auditRow) record() ports.AuditRecord {
	return ports.AuditRecord{InvestigationID: row.InvestigationID, Seq: row.Seq, At: dbTime(row.At), ActorID: row.ActorID,
		Type: row.Type, ObjectID: row.ObjectID, Entities: row.Entities, Diff: row.Diff, IP: row.IP,
		RequestID: row.RequestID, UserAgent: row.UserAgent, PrevHash: row.PrevHash, Hash: row.Hash}
}

// AuditTrail implements ports.AuditTrail on enquete_audit.
type AuditTrail struct{ d *DB }

var _ ports.AuditTrail = (*AuditTrail)(nil)

// lockHead creates the investigation's head row if needed and returns it
// locked until the transaction ends. The upsert takes the row lock in one
// statement; a concurrent writer of the same investigation waits here and
// then reads the head its predecessor committed (ON CONFLICT DO UPDATE
// always sees the latest row version, even in READ COMMITTED). In SQLite the
// transaction already holds the database's single write lock.
const lockHead = `INSERT INTO enquete_audit_head (investigation_id, seq, hash) VALUES (?, 0, '')
ON CONFLICT (investigation_id) DO UPDATE SET seq = enquete_audit_head.seq
RETURNING seq, hash`

// Record appends the change's record to its investigation's chain, inside
// the caller's transaction (or its own, for a change recorded outside one).
func (a *AuditTrail) Record(ctx context.Context, c ports.Change) error {
	rec, err := auditlog.FromChange(ctx, c)
	if err != nil {
		return err
	}
	return a.d.InTx(ctx, func(ctx context.Context) error {
		db := a.d.db(ctx)
		head := ports.AuditHead{InvestigationID: rec.InvestigationID}
		if err := db.Raw(lockHead, rec.InvestigationID).Row().Scan(&head.Seq, &head.Hash); err != nil {
			return fail("lock audit head", err)
		}
		auditlog.Seal(&rec, head)
		row := toAuditRow(rec)
		if err := db.Create(&row).Error; err != nil {
			return fail("insert audit record", err)
		}
		err := db.Exec(`UPDATE enquete_audit_head SET seq = ?, hash = ? WHERE investigation_id = ?`,
			rec.Seq, rec.Hash, rec.InvestigationID).Error
		if err != nil {
			return fail("advance audit head", err)
		}
		return nil
	})
}

// History filters one investigation's records, newest first, with the
// primary key (investigation_id, seq) as the access path.
func (a *AuditTrail) History(ctx context.Context, id uuid.UUID, q ports.AuditQuery) ([]ports.AuditRecord, error) {
	db := a.d.db(ctx).Where("investigation_id = ?", id)
	if e, err := uuid.Parse(q.Entity); err == nil && len(q.Entity) == 36 {
		// Only a well-formed id is looked for inside the entities list, so
		// that no fragment of one can match.
		db = db.Where("(object_id = ? OR "+a.d.dialect.contains("entities", "?")+")", e.String(), e.String())
	} else if q.Entity != "" {
		db = db.Where("object_id = ?", q.Entity)
	}
	if q.ActorID != 0 {
		db = db.Where("actor_id = ?", q.ActorID)
	}
	if !q.From.IsZero() {
		db = db.Where("at >= ?", dbTime(q.From))
	}
	if !q.To.IsZero() {
		db = db.Where("at <= ?", dbTime(q.To))
	}
	if q.BeforeSeq > 0 {
		db = db.Where("seq < ?", q.BeforeSeq)
	}
	var rows []auditRow
	if err := db.Order("seq DESC").Limit(q.Limit).Find(&rows).Error; err != nil {
		return nil, fail("audit history", err)
	}
	out := make([]ports.AuditRecord, len(rows))
	for i, row := range rows {
		out[i] = row.record()
	}
	return out, nil
}
