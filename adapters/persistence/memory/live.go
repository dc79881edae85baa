package memory

import (
	"context"
	"sync"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// tickets implements ports.StreamTicketStore. Tickets and presence marks
// are not part of a transaction's snapshot: both are written on their own,
// never as part of a change that could roll back.
type tickets struct {
	mu sync.Mutex
	m  map[string]ports.StreamTicket
}

var _ ports.StreamTicketStore = (*tickets)(nil)

func newTickets() *tickets { return &tickets{m: map[string]ports.StreamTicket{}} }

func (s *tickets) Save(ctx context.Context, hash string, t ports.StreamTicket) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.m[hash]; dup {
		return fault.Conflict("ticket exists")
	}
	s.m[hash] = t
	return nil
}

func (s *tickets) Take(ctx context.Context, hash string) (ports.StreamTicket, error) {
	if err := ctx.Err(); err != nil {
		return ports.StreamTicket{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[hash]
	if !ok {
		return t, fault.NotFound("ticket not found")
	}
	delete(s.m, hash)
	return t, nil
}

func (s *tickets) Purge(ctx context.Context, now time.Time) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for h, t := range s.m {
		if !t.ExpiresAt.After(now) {
			delete(s.m, h)
			n++
		}
	}
	return n, ctx.Err()
}

// presence implements ports.PresenceStore.
type presence struct {
	mu    sync.Mutex
	marks map[presenceKey]time.Time // → expires at
}

type presenceKey struct {
	inv      uuid.UUID
	user     int64
	instance string
}

var _ ports.PresenceStore = (*presence)(nil)

func newPresence() *presence { return &presence{marks: map[presenceKey]time.Time{}} }

func (p *presence) Connect(ctx context.Context, m ports.PresenceMark, now time.Time) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	first := !p.othersLocked(m.InvestigationID, m.UserID, m.InstanceID, now)
	p.marks[presenceKey{m.InvestigationID, m.UserID, m.InstanceID}] = m.ExpiresAt
	return first, ctx.Err()
}

func (p *presence) Disconnect(ctx context.Context, inv uuid.UUID, user int64, instance string, now time.Time) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.marks, presenceKey{inv, user, instance})
	return !p.othersLocked(inv, user, instance, now), ctx.Err()
}

// othersLocked reports an unexpired mark of the user on inv through another
// instance than instance.
func (p *presence) othersLocked(inv uuid.UUID, user int64, instance string, now time.Time) bool {
	for k, exp := range p.marks {
		if k.inv == inv && k.user == user && k.instance != instance && exp.After(now) {
			return true
		}
	}
	return false
}

func (p *presence) Refresh(ctx context.Context, instance string, expires time.Time) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.marks {
		if k.instance == instance {
			p.marks[k] = expires
		}
	}
	return ctx.Err()
}

func (p *presence) Connected(ctx context.Context, inv uuid.UUID, now time.Time) (map[int64]bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[int64]bool{}
	for k, exp := range p.marks {
		if k.inv == inv && exp.After(now) {
			out[k.user] = true
		}
	}
	return out, ctx.Err()
}

func (p *presence) Expire(ctx context.Context, now time.Time) ([]ports.PresenceMark, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var gone []ports.PresenceMark
	for k, exp := range p.marks {
		if !exp.After(now) {
			delete(p.marks, k)
			gone = append(gone, ports.PresenceMark{InvestigationID: k.inv, UserID: k.user, InstanceID: k.instance, ExpiresAt: exp})
		}
	}
	out, seen := gone[:0], map[presenceKey]bool{}
	for _, m := range gone {
		k := presenceKey{inv: m.InvestigationID, user: m.UserID}
		if !seen[k] && !p.othersLocked(m.InvestigationID, m.UserID, m.InstanceID, now) {
			seen[k] = true
			out = append(out, m)
		}
	}
	return out, ctx.Err()
}
