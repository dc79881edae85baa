package live

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Event is one event as a feed delivers it.
type Event struct {
	ports.Event
	ActorUsername string
	// Reset means the feed could not resume where asked (the events are
	// older than the retention, or from another database): the client must
	// reload its lists; the feed goes on after Seq.
	Reset bool
	memo  *memo
}

// Render returns fn's rendering of the event (the stream's frame), made
// once per event on this instance however many feeds deliver it: the
// rendering depends on the event only, never on the reader.
func (e Event) Render(fn func() []byte) []byte {
	if e.memo == nil {
		return fn()
	}
	e.memo.once.Do(func() { e.memo.b = fn() })
	return e.memo.b
}

// TypeReset is the type of reset events.
const TypeReset = "reset"

// Why a feed ends.
var (
	// ErrKeepAlive is not an end: Next returns it when the keep-alive tick
	// fired while the feed was idle.
	ErrKeepAlive = errors.New("live: keep-alive due")
	// ErrRevoked ends the feed of a member who was removed (after their
	// member.deleted event).
	ErrRevoked = errors.New("live: membership revoked")
	// ErrGone ends the feeds of a deleted investigation (after its
	// investigation.deleted event).
	ErrGone = errors.New("live: investigation deleted")
)

// Feed is one member's ordered view of an investigation's events.
type Feed struct {
	s        *Service
	inv      uuid.UUID
	user     int64
	userID   string
	hub      *hub
	last     int64 // seq of the last event delivered
	openHead int64 // events up to here are a replay
	buf      []entry
	pending  []Event // delivered before buf (a reset)
	end      error   // returned once pending and the current event are out
	closed   bool
}

// Open subscribes to the investigation's notices (through its hub), checks
// that userID may read it, then places the feed: after
// lastEventID when it is not nil, else at the current end of the log.
// Subscribing before reading the log closes the race between the replay
// and the live part: a change committed in between is both notified and
// found in the log, and delivered once, since the feed only ever reads
// after the last seq it delivered.
func (s *Service) Open(ctx context.Context, investigationID uuid.UUID, userID int64, lastEventID *int64) (*Feed, error) {
	f := &Feed{s: s, inv: investigationID, user: userID, userID: strconv.FormatInt(userID, 10)}
	f.hub = s.acquire(investigationID)
	head, err := s.d.Store.Events.Head(ctx, investigationID)
	if err == nil {
		// Access is checked after the head is read: a removal committed
		// before the check is refused here, one committed after it has a
		// later seq and ends the feed when delivered.
		_, err = s.d.Access.Require(ctx, investigationID, userID, ports.PermRead)
	}
	if err == nil {
		f.hub.start(head)
		f.openHead, f.last = head, head
		if lastEventID != nil && *lastEventID != head {
			err = f.resume(ctx, *lastEventID, head)
		}
	}
	if err == nil {
		err = s.connect(ctx, investigationID, userID)
	}
	if err != nil {
		s.release(f.hub)
		return nil, err
	}
	return f, nil
}

// resume replays from after, unless those events are gone.
func (f *Feed) resume(ctx context.Context, after, head int64) error {
	if after >= 0 && after < head {
		evs, err := f.s.d.Store.Events.Since(ctx, f.inv, after, 1)
		if err != nil {
			return err
		}
		if len(evs) == 1 && evs[0].Seq == after+1 {
			f.last = after
			return nil
		}
	}
	f.reset(head)
	return nil
}

// reset queues a reset event and skips to head.
func (f *Feed) reset(head int64) {
	f.pending = append(f.pending, Event{Event: ports.Event{InvestigationID: f.inv, Seq: head, Type: TypeReset,
		At: f.s.d.Clock.Now().UTC()}, Reset: true})
	f.last, f.buf = head, nil
}

// Next returns the next event, waiting for one until ctx ends, the
// instance shuts down, or tick fires (ErrKeepAlive; call Next again).
func (f *Feed) Next(ctx context.Context, tick <-chan time.Time) (Event, error) {
	for {
		if len(f.pending) > 0 {
			ev := f.pending[0]
			f.pending = f.pending[1:]
			return ev, nil
		}
		if f.end != nil {
			return Event{}, f.end
		}
		if len(f.buf) > 0 {
			e := f.buf[0]
			f.buf = f.buf[1:]
			return f.deliver(ctx, e)
		}
		if err := f.fill(ctx); err != nil {
			return Event{}, err
		}
		if len(f.buf) > 0 || len(f.pending) > 0 {
			continue
		}
		if err := f.wait(ctx, tick); err != nil {
			return Event{}, err
		}
	}
}

// fill reads the events after the last delivered seq: from the hub's
// window when they are recent, from the log when the feed is replaying.
func (f *Feed) fill(ctx context.Context) error {
	recent, ok, err := f.hub.since(ctx, f.last, f.s.opts.Batch)
	if err != nil || ok {
		f.buf = recent
		return err
	}
	// The head is read first: every event up to it has committed, so the
	// read that follows sees them all unless they were pruned.
	head, err := f.s.d.Store.Events.Head(ctx, f.inv)
	if err != nil {
		return err
	}
	evs, err := f.s.d.Store.Events.Since(ctx, f.inv, f.last, f.s.opts.Batch)
	if err != nil {
		return err
	}
	if len(evs) > 0 && evs[0].Seq == f.last+1 {
		f.buf = entries(evs)
		return nil
	}
	if head > f.last { // pruned under a reader more than Retention behind
		f.reset(head)
	}
	return nil
}

// wait blocks until a notice may mean new events.
func (f *Feed) wait(ctx context.Context, tick <-chan time.Time) error {
	for {
		more, wake := f.hub.pending(f.last)
		if more {
			return nil
		}
		select {
		case <-wake:
		case <-tick:
			return ErrKeepAlive
		case <-ctx.Done():
			return ctx.Err()
		case <-f.s.closing:
			return ErrClosing
		}
	}
}

// deliver advances the feed past ev and decides whether the feed ends
// after it: a member removed (their own member.deleted) or a deleted
// investigation. A member.deleted of the reader met during a replay means
// they were removed and have joined again since: what happened while they
// were out is not theirs to see, so the feed resets instead.
func (f *Feed) deliver(ctx context.Context, e entry) (Event, error) {
	ev := e.ev
	f.last = ev.Seq
	switch {
	case ev.Type == ports.ObjectMember+"."+ports.Deleted && ev.ObjectID == f.userID:
		if ev.Seq <= f.openHead {
			head, err := f.s.d.Store.Events.Head(ctx, f.inv)
			if err != nil {
				return Event{}, err
			}
			f.reset(head)
			reset := f.pending[0]
			f.pending = f.pending[1:]
			return reset, nil
		}
		f.end = ErrRevoked
	case ev.Type == ports.ObjectInvestigation+"."+ports.Deleted:
		f.end = ErrGone
	}
	return Event{Event: ev, ActorUsername: f.s.names.name(ctx, ev.ActorID), memo: e.memo}, nil
}

// Check re-checks the reader's membership (on keep-alive), in case a
// removal's event was missed.
func (f *Feed) Check(ctx context.Context) error {
	if _, err := f.s.d.Access.Require(ctx, f.inv, f.user, ports.PermRead); err != nil {
		return err
	}
	return nil
}

// Close unsubscribes and withdraws the reader's presence. It uses a
// context of its own, since the request's has usually ended.
func (f *Feed) Close() {
	if f.closed {
		return
	}
	f.closed = true
	f.s.release(f.hub)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	f.s.disconnect(ctx, f.inv, f.user)
}
