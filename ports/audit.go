package ports

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// AuditRecord is one entry of an investigation's audit trail: who changed
// what, when, from where, and the field-level difference. Records are never
// updated or deleted, and each one is chained to the previous record of its
// investigation by hash, so that an altered or missing record is detectable.
type AuditRecord struct {
	InvestigationID uuid.UUID
	// Seq numbers the investigation's records from 1 without gaps.
	Seq      int64
	At       time.Time // UTC, microseconds
	ActorID  int64
	Type     string // the change type, e.g. "entity.updated"
	ObjectID string
	// Entities lists (space-separated, sorted) the board entities the record
	// concerns besides ObjectID: a link's two ends, a comment's or an
	// attachment's entity. It serves the history's entity filter.
	Entities string
	// Diff is the canonical JSON object {"field.path": {"before": v,
	// "after": v}} of the fields that changed (every field on a creation or a
	// deletion), exactly as stored and hashed.
	Diff      string
	IP        string
	RequestID string
	UserAgent string
	// PrevHash is the previous record's Hash ("" for Seq 1); Hash is the
	// SHA-256 (lower-case hex) of the record's canonical encoding.
	PrevHash string
	Hash     string
}

// AuditQuery selects records of one investigation, newest first. Zero values
// mean no filter.
type AuditQuery struct {
	// Entity keeps the records whose object is this id or that concern
	// this entity (see AuditRecord.Entities).
	Entity  string
	ActorID int64
	From    time.Time // at >= From
	To      time.Time // at <= To
	// BeforeSeq keeps records with a smaller seq (the pagination cursor).
	BeforeSeq int64
	// Limit caps the number of records; it must be positive.
	Limit int
}

// AuditHead is the last link of an investigation's chain, as kept beside the
// records: comparing it with the records detects a deleted tail, and
// copying it elsewhere (an external anchor) detects a rewritten chain.
type AuditHead struct {
	InvestigationID uuid.UUID
	Seq             int64
	Hash            string
}

// AuditProblem is one inconsistency VerifyChain found.
type AuditProblem struct {
	InvestigationID uuid.UUID
	Seq             int64 // the record concerned, 0 for the chain as a whole
	Problem         string
}

// AuditReport is the outcome of checking every chain.
type AuditReport struct {
	Investigations int
	Records        int64
	Heads          []AuditHead
	Problems       []AuditProblem
}

// OK reports whether every chain is intact.
func (r AuditReport) OK() bool { return len(r.Problems) == 0 }

// String renders the report for an operator: a summary line, then one line
// per problem.
func (r AuditReport) String() string {
	var b strings.Builder
	status := "OK"
	if !r.OK() {
		status = fmt.Sprintf("%d problem(s)", len(r.Problems))
	}
	fmt.Fprintf(&b, "audit trail: %d investigation(s), %d record(s): %s\n", r.Investigations, r.Records, status)
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "investigation %s seq %d: %s\n", p.InvestigationID, p.Seq, p.Problem)
	}
	return b.String()
}

// AuditTrail stores the audit trail. As a ChangeRecorder (appended to the
// store's Recorders) it turns every change into a record inside the change's
// transaction, so a rolled-back change leaves no record and a committed one
// always has one. Writers of one investigation are serialised, so that the
// chain never forks.
type AuditTrail interface {
	ChangeRecorder
	// History returns one investigation's records matching q, newest first.
	// It works for deleted investigations too: their records remain.
	History(ctx context.Context, investigationID uuid.UUID, q AuditQuery) ([]AuditRecord, error)
	// Verify checks every chain: each record's hash against its content, the
	// seq continuity, the links between records, and the heads.
	Verify(ctx context.Context) (AuditReport, error)
}
