package memory

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/enquete/enquete/adapters/persistence/eventlog"
	"github.com/enquete/enquete/adapters/persistence/txhook"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// eventLog implements ports.EventLog. It keeps its own lock rather than
// living in state: events are appended by a before-commit hook, the last
// step of a transaction that cannot fail, so a rolled-back transaction never
// appends anything and nothing needs undoing.
type eventLog struct {
	d      *db
	mu     sync.RWMutex
	logs   map[uuid.UUID][]ports.Event // each in seq order; pruning removes a prefix
	heads  map[uuid.UUID]int64
	notify eventlog.Notifier
}

var _ ports.EventLog = (*eventLog)(nil)

func newEventLog(d *db) *eventLog {
	return &eventLog{d: d, logs: map[uuid.UUID][]ports.Event{}, heads: map[uuid.UUID]int64{}}
}

// Record appends c when the transaction commits, or at once outside one.
func (l *eventLog) Record(ctx context.Context, c ports.Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !eventlog.Logged(c) {
		return nil
	}
	ev, err := eventlog.Encode(c)
	if err != nil {
		return err
	}
	h := txhook.From(ctx, l.d)
	if h == nil {
		l.notify.Notify(l.append(ev))
		return nil
	}
	h.BeforeCommit(func(context.Context) error {
		n := l.append(ev)
		h.AfterCommit(func() { l.notify.Notify(n) })
		return nil
	})
	return nil
}

func (l *eventLog) append(ev ports.Event) ports.EventNotice {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.heads[ev.InvestigationID]++
	ev.Seq = l.heads[ev.InvestigationID]
	l.logs[ev.InvestigationID] = append(l.logs[ev.InvestigationID], ev)
	return ports.EventNotice{InvestigationID: ev.InvestigationID, Seq: ev.Seq}
}

func (l *eventLog) Since(ctx context.Context, id uuid.UUID, after int64, limit int) ([]ports.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	log := l.logs[id]
	i, _ := slices.BinarySearchFunc(log, after+1, func(e ports.Event, seq int64) int { return int(e.Seq - seq) })
	out := slices.Clone(log[i:min(len(log), i+max(limit, 0))])
	for k := range out {
		out[k].Payload = slices.Clone(out[k].Payload)
	}
	return out, nil
}

func (l *eventLog) Head(ctx context.Context, id uuid.UUID) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.heads[id], nil
}

// Prune drops, per investigation, every event up to the last one older than
// olderThan: a prefix, even when clock readings and seq disagree slightly.
func (l *eventLog) Prune(ctx context.Context, olderThan time.Time) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var n int64
	for id, log := range l.logs {
		cut := 0
		for i, ev := range log {
			if ev.At.Before(olderThan) {
				cut = i + 1
			}
		}
		n += int64(cut)
		l.logs[id] = slices.Clone(log[cut:])
	}
	return n, nil
}

func (l *eventLog) OnCommit(fn func(ports.EventNotice)) { l.notify.Add(fn) }
