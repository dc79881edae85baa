package gormstore

import (
	"context"
	"time"

	"github.com/enquete/enquete/adapters/persistence/eventlog"
	"github.com/enquete/enquete/adapters/persistence/txhook"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// eventRow is a row of enquete_event_log.
type eventRow struct {
	InvestigationID uuid.UUID `gorm:"column:investigation_id;primaryKey"`
	Seq             int64     `gorm:"column:seq;primaryKey"`
	Type            string    `gorm:"column:type"`
	ObjectID        string    `gorm:"column:object_id"`
	ActorID         *int64    `gorm:"column:actor_id"`
	At              time.Time `gorm:"column:at"`
	Payload         string    `gorm:"column:payload"`
}

func (eventRow) TableName() string { return "enquete_event_log" }

// EventLog implements ports.EventLog on enquete_event_log.
type EventLog struct {
	d      *DB
	notify eventlog.Notifier
}

var _ ports.EventLog = (*EventLog)(nil)

// Record appends c as the last work of the caller's transaction (or of one
// of its own outside a transaction). Allocating the seq there keeps the
// investigation's counter row locked from then until commit only, and makes
// it the last lock every transaction takes, so two transactions cannot
// deadlock on it; and since it stays locked until commit, seq order is commit
// order and a reader never sees seq n+1 before n.
func (l *EventLog) Record(ctx context.Context, c ports.Change) error {
	if !eventlog.Logged(c) {
		return nil
	}
	ev, err := eventlog.Encode(c)
	if err != nil {
		return err
	}
	h := txhook.From(ctx, l.d)
	if h == nil {
		return l.d.InTx(ctx, func(ctx context.Context) error { return l.Record(ctx, c) })
	}
	h.BeforeCommit(func(ctx context.Context) error {
		seq, err := l.append(ctx, ev)
		if err != nil {
			return err
		}
		n := ports.EventNotice{InvestigationID: ev.InvestigationID, Seq: seq}
		h.AfterCommit(func() { l.notify.Notify(n) })
		return nil
	})
	return nil
}

// nextSeqSQL increments (or creates) the investigation's counter and returns
// the new value; PostgreSQL and SQLite share the upsert syntax.
const nextSeqSQL = `INSERT INTO enquete_event_seq (investigation_id, last_seq) VALUES (?, 1)
	ON CONFLICT (investigation_id) DO UPDATE SET last_seq = enquete_event_seq.last_seq + 1
	RETURNING last_seq`

func (l *EventLog) append(ctx context.Context, ev ports.Event) (int64, error) {
	db := l.d.db(ctx)
	var seq int64
	if err := db.Raw(nextSeqSQL, ev.InvestigationID).Row().Scan(&seq); err != nil {
		return 0, fail("allocate event seq", err)
	}
	row := eventRow{InvestigationID: ev.InvestigationID, Seq: seq, Type: ev.Type, ObjectID: ev.ObjectID,
		At: dbTime(ev.At), Payload: string(ev.Payload)}
	if ev.ActorID != 0 {
		row.ActorID = &ev.ActorID
	}
	if err := db.Create(&row).Error; err != nil {
		return 0, fail("append event", err)
	}
	return seq, nil
}

func (l *EventLog) Since(ctx context.Context, id uuid.UUID, after int64, limit int) ([]ports.Event, error) {
	var rows []eventRow
	err := l.d.db(ctx).Where("investigation_id = ? AND seq > ?", id, after).
		Order("seq").Limit(max(limit, 0)).Find(&rows).Error
	if err != nil {
		return nil, fail("read events", err)
	}
	out := make([]ports.Event, len(rows))
	for i, r := range rows {
		out[i] = ports.Event{InvestigationID: r.InvestigationID, Seq: r.Seq, Type: r.Type, ObjectID: r.ObjectID,
			At: dbTime(r.At), Payload: []byte(r.Payload)}
		if r.ActorID != nil {
			out[i].ActorID = *r.ActorID
		}
	}
	return out, nil
}

func (l *EventLog) Head(ctx context.Context, id uuid.UUID) (int64, error) {
	var seqs []int64
	err := l.d.db(ctx).Table("enquete_event_seq").Where("investigation_id = ?", id).Pluck("last_seq", &seqs).Error
	if err != nil {
		return 0, fail("read event head", err)
	}
	if len(seqs) == 0 {
		return 0, nil
	}
	return seqs[0], nil
}

// pruneSQL deletes, per investigation, every event up to the last one older
// than the cut-off: a prefix, even where clock readings and seq disagree
// (the clock is read before the counter is locked).
const pruneSQL = `WITH cut AS (
		SELECT investigation_id, max(seq) AS seq FROM enquete_event_log WHERE at < ? GROUP BY investigation_id)
	DELETE FROM enquete_event_log
	WHERE investigation_id IN (SELECT investigation_id FROM cut)
	  AND seq <= (SELECT cut.seq FROM cut WHERE cut.investigation_id = enquete_event_log.investigation_id)`

// dropCountersSQL forgets the counters of deleted investigations once their
// events are gone (a live investigation keeps its counter for ever, so that
// seq never goes back).
const dropCountersSQL = `DELETE FROM enquete_event_seq
	WHERE NOT EXISTS (SELECT 1 FROM investigation_investigation i WHERE i.id = enquete_event_seq.investigation_id)
	  AND NOT EXISTS (SELECT 1 FROM enquete_event_log l WHERE l.investigation_id = enquete_event_seq.investigation_id)`

func (l *EventLog) Prune(ctx context.Context, olderThan time.Time) (int64, error) {
	res := l.d.db(ctx).Exec(pruneSQL, dbTime(olderThan))
	if res.Error != nil {
		return 0, fail("prune events", res.Error)
	}
	if err := l.d.db(ctx).Exec(dropCountersSQL).Error; err != nil {
		return 0, fail("drop event counters", err)
	}
	return res.RowsAffected, nil
}

func (l *EventLog) OnCommit(fn func(ports.EventNotice)) { l.notify.Add(fn) }
