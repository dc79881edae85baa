package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/enquete/enquete/adapters/persistence/auditlog"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// auditTrail keeps the audit records in state.audit, one slice in append
// order. Because the slice is only ever appended to, the shallow copy a
// transaction keeps aside (state.clone) is a snapshot of it, and a rollback
// that restores the copy drops the records of the rolled-back changes.
// Finding a chain's head scans back from the end: fine for tests and demos,
// the only uses of this store.
type auditTrail struct{ d *db }

var _ ports.AuditTrail = auditTrail{}

// Record appends the change's record to its investigation's chain. The
// write lock (held by the transaction, or taken here) serialises writers.
func (a auditTrail) Record(ctx context.Context, c ports.Change) error {
	rec, err := auditlog.FromChange(ctx, c)
	if err != nil {
		return err
	}
	return a.d.update(ctx, func(st *state) error {
		auditlog.Seal(&rec, headOf(st.audit, rec.InvestigationID))
		st.audit = append(st.audit, rec)
		return nil
	})
}

func headOf(records []ports.AuditRecord, id uuid.UUID) ports.AuditHead {
	for i := len(records) - 1; i >= 0; i-- {
		if r := records[i]; r.InvestigationID == id {
			return ports.AuditHead{InvestigationID: id, Seq: r.Seq, Hash: r.Hash}
		}
	}
	return ports.AuditHead{InvestigationID: id}
}

// History filters one investigation's records, newest first.
func (a auditTrail) History(ctx context.Context, id uuid.UUID, q ports.AuditQuery) ([]ports.AuditRecord, error) {
	var out []ports.AuditRecord
	err := a.d.view(ctx, func(st *state) error {
		for i := len(st.audit) - 1; i >= 0 && len(out) < q.Limit; i-- {
			if r := st.audit[i]; r.InvestigationID == id && matches(r, q) {
				out = append(out, r)
			}
		}
		return nil
	})
	return out, err
}

func matches(r ports.AuditRecord, q ports.AuditQuery) bool {
	switch {
	case q.Entity != "" && r.ObjectID != q.Entity && !slices.Contains(strings.Fields(r.Entities), q.Entity),
		q.ActorID != 0 && r.ActorID != q.ActorID,
		!q.From.IsZero() && r.At.Before(q.From),
		!q.To.IsZero() && r.At.After(q.To),
		q.BeforeSeq > 0 && r.Seq >= q.BeforeSeq:
		return false
	}
	return true
}

// Verify checks every chain. Memory keeps no separate head rows: the heads
// are the last records, so only alterations and gaps can show here.
func (a auditTrail) Verify(ctx context.Context) (ports.AuditReport, error) {
	var records []ports.AuditRecord
	if err := a.d.view(ctx, func(st *state) error {
		records = slices.Clone(st.audit)
		return nil
	}); err != nil {
		return ports.AuditReport{}, err
	}
	var heads []ports.AuditHead
	seen := map[uuid.UUID]bool{}
	for i := len(records) - 1; i >= 0; i-- {
		if id := records[i].InvestigationID; !seen[id] {
			seen[id] = true
			heads = append(heads, ports.AuditHead{InvestigationID: id, Seq: records[i].Seq, Hash: records[i].Hash})
		}
	}
	// Group by investigation, keeping append (seq) order within each.
	slices.SortStableFunc(records, func(x, y ports.AuditRecord) int {
		return strings.Compare(x.InvestigationID.String(), y.InvestigationID.String())
	})
	c := auditlog.NewChecker(heads)
	for _, r := range records {
		c.Add(r)
	}
	return c.Report(), nil
}
