package auditlog

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Checker verifies chains record by record, so that an adapter can stream
// a table of any size through it. Records must come grouped by
// investigation and in seq order within one (ORDER BY investigation_id, seq).
type Checker struct {
	heads  map[uuid.UUID]ports.AuditHead
	seen   map[uuid.UUID]bool
	last   ports.AuditHead // the last record checked, as a head
	open   bool
	report ports.AuditReport
}

// NewChecker starts a verification against the stored heads.
func NewChecker(heads []ports.AuditHead) *Checker {
	c := &Checker{heads: make(map[uuid.UUID]ports.AuditHead, len(heads)), seen: map[uuid.UUID]bool{}}
	for _, h := range heads {
		c.heads[h.InvestigationID] = h
	}
	c.report.Heads = slices.Clone(heads)
	return c
}

// Add checks the next record.
func (c *Checker) Add(r ports.AuditRecord) {
	if !c.open || r.InvestigationID != c.last.InvestigationID {
		c.finish()
		c.open, c.seen[r.InvestigationID] = true, true
		c.last = ports.AuditHead{InvestigationID: r.InvestigationID}
	}
	c.report.Records++
	switch want := c.last.Seq + 1; {
	case r.Seq != want && c.last.Seq == 0:
		c.problem(r.InvestigationID, r.Seq, fmt.Sprintf("the chain starts at seq %d: records 1 to %d are missing", r.Seq, r.Seq-1))
	case r.Seq != want:
		c.problem(r.InvestigationID, r.Seq, fmt.Sprintf("seq %d follows seq %d: records are missing", r.Seq, c.last.Seq))
	case r.PrevHash != c.last.Hash:
		c.problem(r.InvestigationID, r.Seq, fmt.Sprintf("prev_hash is not the hash of seq %d: a record was replaced", c.last.Seq))
	}
	if Hash(r) != r.Hash {
		c.problem(r.InvestigationID, r.Seq, "the hash does not match the record's content: the record was altered")
	}
	c.last = ports.AuditHead{InvestigationID: r.InvestigationID, Seq: r.Seq, Hash: r.Hash}
}

// finish compares the investigation just checked with its head, which
// detects records deleted at the end of the chain.
func (c *Checker) finish() {
	if !c.open {
		return
	}
	c.open = false
	head, ok := c.heads[c.last.InvestigationID]
	switch {
	case !ok:
		c.problem(c.last.InvestigationID, 0, "records without a head: the head row was deleted")
	case head.Seq != c.last.Seq || head.Hash != c.last.Hash:
		c.problem(c.last.InvestigationID, 0, fmt.Sprintf(
			"the head is seq %d but the last record is seq %d (or its hash differs): records at the end were deleted or altered", head.Seq, c.last.Seq))
	}
}

// Report ends the verification: heads whose investigation had no record at
// all mean a chain was deleted whole.
func (c *Checker) Report() ports.AuditReport {
	c.finish()
	for id, h := range c.heads {
		if !c.seen[id] && h.Seq > 0 {
			c.problem(id, 0, fmt.Sprintf("the head is seq %d but no record is left: the chain was deleted", h.Seq))
		}
	}
	c.report.Investigations = len(c.seen)
	for id := range c.heads {
		if !c.seen[id] {
			c.report.Investigations++
		}
	}
	slices.SortFunc(c.report.Heads, func(a, b ports.AuditHead) int { return bytes.Compare(a.InvestigationID[:], b.InvestigationID[:]) })
	slices.SortStableFunc(c.report.Problems, func(a, b ports.AuditProblem) int {
		return bytes.Compare(a.InvestigationID[:], b.InvestigationID[:])
	})
	return c.report
}

func (c *Checker) problem(id uuid.UUID, seq int64, what string) {
	c.report.Problems = append(c.report.Problems, ports.AuditProblem{InvestigationID: id, Seq: seq, Problem: what})
}
