// Package realtime holds the event-bus adapters that carry "the log of this
// investigation has grown" notices to the streams: Local, in the process
// (the embedded default, and the fan-out stage of the others), and, in
// subpackages, PostgreSQL LISTEN/NOTIFY for several instances behind one
// address.
package realtime

import (
	"context"
	"sync"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Local is an in-process bus. Publishing never blocks: each subscription
// holds at most one pending notice, the newest, which is all a subscriber
// needs since it reads the log up to its end on every notice.
type Local struct {
	mu   sync.RWMutex
	subs map[uuid.UUID]map[*localSub]struct{}
}

var _ ports.EventBus = (*Local)(nil)

// NewLocal returns an empty bus.
func NewLocal() *Local { return &Local{subs: map[uuid.UUID]map[*localSub]struct{}{}} }

// Publish hands n to the investigation's subscribers.
func (b *Local) Publish(_ context.Context, n ports.EventNotice) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for s := range b.subs[n.InvestigationID] {
		s.offer(n)
	}
	return nil
}

// Broadcast hands a zero-Seq notice ("read the log, something may have been
// missed") to every subscriber of every investigation.
func (b *Local) Broadcast() {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for id, subs := range b.subs {
		for s := range subs {
			s.offer(ports.EventNotice{InvestigationID: id})
		}
	}
}

// Subscribe registers a subscription to one investigation.
func (b *Local) Subscribe(id uuid.UUID) ports.Subscription {
	s := &localSub{bus: b, id: id, c: make(chan ports.EventNotice, 1)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs[id] == nil {
		b.subs[id] = map[*localSub]struct{}{}
	}
	b.subs[id][s] = struct{}{}
	return s
}

// Subscribers counts the subscriptions (for metrics and tests).
func (b *Local) Subscribers() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := 0
	for _, subs := range b.subs {
		n += len(subs)
	}
	return n
}

type localSub struct {
	bus  *Local
	id   uuid.UUID
	c    chan ports.EventNotice
	mu   sync.Mutex // serialises offers, so that "replace the pending one" is atomic
	once sync.Once
}

func (s *localSub) C() <-chan ports.EventNotice { return s.c }

// offer delivers n, replacing a pending notice rather than blocking. The
// pending one is kept if it asks for more (a higher Seq, or zero, "read all").
func (s *localSub) offer(n ports.EventNotice) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.c <- n:
		return
	default:
	}
	select {
	case old := <-s.c:
		if old.Seq == 0 || old.Seq > n.Seq && n.Seq != 0 {
			n = old
		}
	default:
	}
	select {
	case s.c <- n:
	default: // cannot happen: offers are serialised and the reader only drains
	}
}

// Close unsubscribes; the channel is not closed, so a reader selecting on it
// simply never hears again.
func (s *localSub) Close() {
	s.once.Do(func() {
		s.bus.mu.Lock()
		defer s.bus.mu.Unlock()
		delete(s.bus.subs[s.id], s)
		if len(s.bus.subs[s.id]) == 0 {
			delete(s.bus.subs, s.id)
		}
	})
}
