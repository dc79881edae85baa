package live

import (
	"context"
	"sync"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// hubWindow is how many recent events a hub keeps in memory.
const hubWindow = 1024

// hub serves the feeds of one investigation on this instance. It holds the
// one bus subscription and a window of the latest events, so that a change
// costs one read of the log per instance, not one per open feed: the feed
// that wakes first reads the new events, the others find them in memory.
type hub struct {
	s   *Service
	inv uuid.UUID
	sub ports.Subscription
	ref int // feeds using it; guarded by Service.mu

	mu     sync.Mutex
	events []entry       // contiguous, ending at tail
	tail   int64         // the window holds the events up to here; -1 unknown
	known  int64         // the highest seq a notice announced
	stale  bool          // a notice asked to read the log (seq unknown)
	wake   chan struct{} // closed (and replaced) on every notice
	done   chan struct{}
}

// acquire returns the investigation's hub, starting it on first use.
func (s *Service) acquire(inv uuid.UUID) *hub {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hubs[inv]
	if h == nil {
		h = &hub{s: s, inv: inv, sub: s.d.Bus.Subscribe(inv), tail: -1, wake: make(chan struct{}), done: make(chan struct{})}
		s.hubs[inv] = h
		go h.listen()
	}
	h.ref++
	return h
}

// release drops a feed's hold; the last one stops the hub.
func (s *Service) release(h *hub) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h.ref--; h.ref == 0 {
		delete(s.hubs, h.inv)
		h.sub.Close()
		close(h.done)
	}
}

// listen turns bus notices into wake-ups of every feed.
func (h *hub) listen() {
	for {
		select {
		case <-h.done:
			return
		case n := <-h.sub.C():
			h.mu.Lock()
			if n.Seq == 0 {
				h.stale = true
			}
			h.known = max(h.known, n.Seq)
			close(h.wake)
			h.wake = make(chan struct{})
			h.mu.Unlock()
		}
	}
}

// recheck makes every hub read the log once more and wakes its feeds: a
// notice can be lost (a publish that failed after its commit, an instance
// that died between the two), and this bounds the delay that causes to one
// keep-alive interval, at the cost of one read per investigation watched.
func (s *Service) recheck() {
	s.mu.Lock()
	hubs := make([]*hub, 0, len(s.hubs))
	for _, h := range s.hubs {
		hubs = append(hubs, h)
	}
	s.mu.Unlock()
	for _, h := range hubs {
		h.mu.Lock()
		h.stale = true
		close(h.wake)
		h.wake = make(chan struct{})
		h.mu.Unlock()
	}
}

// start sets the window's end when the hub is new (head is the log's end,
// read after subscribing).
func (h *hub) start(head int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tail < 0 {
		h.tail = head
	}
}

// pending returns whether there may be events after seq, and the channel
// closed by the next notice.
func (h *hub) pending(seq int64) (bool, <-chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stale || h.known > seq || h.tail > seq, h.wake
}

// since returns up to limit events after seq from the window, reading the
// log first when a notice announced more. ok is false when seq is older
// than the window: the caller reads the log itself.
func (h *hub) since(ctx context.Context, seq int64, limit int) (evs []entry, ok bool, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stale || h.known > h.tail {
		if err := h.readLocked(ctx, limit); err != nil {
			return nil, false, err
		}
	}
	first := h.tail - int64(len(h.events)) // the window is (first, tail]
	if seq < first || seq > h.tail {
		return nil, false, nil
	}
	out := h.events[seq-first:]
	return out[:min(len(out), limit)], true, nil
}

// readLocked appends the events after the window's end. A read that fills
// limit may have left more: the hub stays stale until one does not.
func (h *hub) readLocked(ctx context.Context, limit int) error {
	evs, err := h.s.d.Store.Events.Since(ctx, h.inv, h.tail, limit)
	if err != nil {
		return err
	}
	h.stale = len(evs) == limit
	if len(evs) == 0 {
		h.known = h.tail // a notice ahead of a commit we cannot see yet would spin
		return nil
	}
	if evs[0].Seq != h.tail+1 { // pruned under us: start the window afresh
		h.events = nil
	}
	// Copy: the window is shared, and feeds keep slices of it.
	h.events = append(h.events[:len(h.events):len(h.events)], entries(evs)...)
	h.tail = evs[len(evs)-1].Seq
	if over := len(h.events) - hubWindow; over > 0 {
		h.events = h.events[over:]
	}
	return nil
}

// entry is an event with the memo its feeds share.
type entry struct {
	ev   ports.Event
	memo *memo
}

func entries(evs []ports.Event) []entry {
	out := make([]entry, len(evs))
	for i, ev := range evs {
		out[i] = entry{ev: ev, memo: &memo{}}
	}
	return out
}

// memo holds the rendering of one event, made once for all the feeds of
// this instance that deliver it rather than once per open stream.
type memo struct {
	once sync.Once
	b    []byte
}
