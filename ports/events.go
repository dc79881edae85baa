package ports

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// Event is one committed change as the event log keeps it: the source of the
// live stream, of its resumption (Last-Event-ID is a Seq) and of the delta
// sync of the entity and link lists.
type Event struct {
	InvestigationID uuid.UUID
	// Seq numbers the investigation's events 1, 2, 3... without gaps:
	// it is allocated in the transaction that commits the change, so a
	// rolled-back change leaves no hole and commit order is Seq order.
	Seq      int64
	Type     string // Change.Type, or a presence event
	ObjectID string
	ActorID  int64 // 0 when nobody acted (a presence expiry)
	At       time.Time
	// Payload is the JSON of the change's After value, or of its Before value
	// for a deletion; "null" when it had neither.
	Payload json.RawMessage
}

// Presence event types: a member opened their first stream on the
// investigation, or closed (or lost) their last one.
const (
	PresenceJoined = "presence.joined"
	PresenceLeft   = "presence.left"
)

// EventNotice says that an investigation's log has grown to Seq. It carries
// no data on purpose: subscribers read the log, which gives them the order,
// the content and whatever notices they missed.
type EventNotice struct {
	InvestigationID uuid.UUID
	Seq             int64
}

// EventLog is the per-investigation log of committed changes. As a
// ChangeRecorder it appends inside the caller's transaction, so that a
// rolled-back change never appears; the attachment downloads of the chain of
// custody are audit matters and are not logged.
type EventLog interface {
	ChangeRecorder
	// Since returns the events of investigationID with Seq > afterSeq in Seq
	// order, at most limit of them.
	Since(ctx context.Context, investigationID uuid.UUID, afterSeq int64, limit int) ([]Event, error)
	// Head is the investigation's latest Seq (0 when it has none).
	Head(ctx context.Context, investigationID uuid.UUID) (int64, error)
	// Prune deletes events older than olderThan, always a prefix of each
	// investigation's log (so a reader detects the gap), and reports how many.
	Prune(ctx context.Context, olderThan time.Time) (int64, error)
	// OnCommit registers fn, called after every commit that appended events
	// (immediately for an append made outside a transaction), with the
	// highest Seq appended per investigation. fn must not block.
	OnCommit(fn func(EventNotice))
}

// EventBus carries notices between the instances behind one address.
type EventBus interface {
	// Publish announces n to every subscriber of its investigation, on
	// every instance. Called after commit.
	Publish(ctx context.Context, n EventNotice) error
	// Subscribe returns the notices of one investigation until Close.
	Subscribe(investigationID uuid.UUID) Subscription
}

// Subscription delivers notices. Its channel coalesces: a slow reader may
// see only the latest of several notices, which is enough since it reads the
// log up to the end on each. A zero Seq means "something may have been lost,
// read the log" (after a bus reconnection).
type Subscription interface {
	C() <-chan EventNotice
	Close()
}
