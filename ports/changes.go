package ports

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Change is one modification of an investigation's data, recorded by the
// use case inside its transaction. The event stream (live collaboration)
// and the audit trail are both built from changes, so neither can see a
// change that was rolled back, nor miss one that committed.
type Change struct {
	InvestigationID uuid.UUID
	// Type names what happened: "<object>.<created|updated|deleted>", e.g.
	// "entity.updated", "member.deleted", "attachment.downloaded".
	Type string
	// ObjectID identifies the changed object (a UUID, or a user id for members).
	ObjectID string
	ActorID  int64
	At       time.Time
	// Before and After are the object's state (a ports view or a domain
	// snapshot) before and after the change; Before is nil on creation,
	// After is nil on deletion.
	Before any
	After  any
}

// Object types carried by changes.
const (
	ObjectInvestigation = "investigation"
	ObjectMember        = "member"
	ObjectEntity        = "entity"
	ObjectLink          = "link"
	ObjectTag           = "tag"
	ObjectComment       = "comment"
	ObjectAttachment    = "attachment"
)

// Verbs of change types.
const (
	Created    = "created"
	Updated    = "updated"
	Deleted    = "deleted"
	Downloaded = "downloaded" // chain of custody of evidence files
)

// ChangeRecorder stores changes. Called with a transaction's context, the
// record is part of that transaction.
type ChangeRecorder interface {
	Record(ctx context.Context, c Change) error
}

// RequestMeta describes the request a use case serves, for the audit trail.
type RequestMeta struct {
	RemoteAddr string
	RequestID  string
	UserAgent  string
}

type requestMetaKey struct{}

// WithRequestMeta attaches request metadata to ctx (set by the HTTP adapter).
func WithRequestMeta(ctx context.Context, m RequestMeta) context.Context {
	return context.WithValue(ctx, requestMetaKey{}, m)
}

// RequestMetaFrom returns the request metadata of ctx, if any.
func RequestMetaFrom(ctx context.Context) RequestMeta {
	m, _ := ctx.Value(requestMetaKey{}).(RequestMeta)
	return m
}

// Recorders fans a change out to several recorders (the event log and the
// audit trail), all inside the same transaction: the first error aborts it.
type Recorders []ChangeRecorder

// Record implements ChangeRecorder.
func (rs Recorders) Record(ctx context.Context, c Change) error {
	for _, r := range rs {
		if err := r.Record(ctx, c); err != nil {
			return err
		}
	}
	return nil
}
