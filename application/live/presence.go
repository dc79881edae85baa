package live

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// A member with an open feed is online. This instance counts its own feeds
// per member (several tabs are one presence) and records a mark in the
// presence store while the count is positive; the store tells whether
// another instance serves the same member, so that presence.joined and
// presence.left go out once across instances, through the event log.

type presenceKey struct {
	inv  uuid.UUID
	user int64
}

// presenceCount is one member's open feeds here; its lock serialises that
// member's connects and disconnects, so their store writes cannot cross.
type presenceCount struct {
	mu sync.Mutex
	n  int
}

func (s *Service) counter(k presenceKey) *presenceCount {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.local[k]
	if c == nil {
		c = &presenceCount{}
		s.local[k] = c
	}
	return c
}

func (s *Service) markTTL() time.Duration { return 3 * s.opts.KeepAlive }

// connect counts a new feed, marking the member present on its first one.
func (s *Service) connect(ctx context.Context, inv uuid.UUID, user int64) error {
	c := s.counter(presenceKey{inv, user})
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n > 0 {
		c.n++
		return nil
	}
	now := s.d.Clock.Now()
	err := s.d.Store.Tx.InTx(ctx, func(ctx context.Context) error {
		first, err := s.d.Store.Presence.Connect(ctx, s.mark(inv, user, now), now)
		if err != nil || !first {
			return err
		}
		return s.recordPresence(ctx, inv, user, ports.PresenceJoined, now)
	})
	if err != nil {
		return err
	}
	c.n = 1
	return nil
}

func (s *Service) mark(inv uuid.UUID, user int64, now time.Time) ports.PresenceMark {
	return ports.PresenceMark{InvestigationID: inv, UserID: user, InstanceID: s.opts.InstanceID, ExpiresAt: now.Add(s.markTTL())}
}

// disconnect uncounts a feed, withdrawing the mark with the last one.
func (s *Service) disconnect(ctx context.Context, inv uuid.UUID, user int64) {
	c := s.counter(presenceKey{inv, user})
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n--; c.n > 0 {
		return
	}
	c.n = 0
	now := s.d.Clock.Now()
	err := s.d.Store.Tx.InTx(ctx, func(ctx context.Context) error {
		last, err := s.d.Store.Presence.Disconnect(ctx, inv, user, s.opts.InstanceID, now)
		if err != nil || !last {
			return err
		}
		return s.recordPresence(ctx, inv, user, ports.PresenceLeft, now)
	})
	if err != nil {
		// The mark expires by itself and another instance announces the leave.
		s.d.Log.WarnContext(ctx, "live: could not withdraw presence", "investigation", inv, "user", user, "err", err)
	}
}

// recordPresence appends a presence event whose object is the member.
func (s *Service) recordPresence(ctx context.Context, inv uuid.UUID, user int64, typ string, now time.Time) error {
	view := ports.MemberView{Member: casework.MemberSnapshot{InvestigationID: inv, UserID: user},
		Username: s.names.name(ctx, user)}
	members, err := s.d.Store.Members.List(ctx, inv)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.Member.UserID == user {
			view = m
		}
	}
	return s.d.Store.Events.Record(ctx, ports.Change{InvestigationID: inv, Type: typ,
		ObjectID: strconv.FormatInt(user, 10), ActorID: user, At: now, After: view})
}

// maintainPresence refreshes this instance's marks and expires the marks
// of instances that stopped refreshing theirs (they died), announcing the
// members who thereby left. A mark of this instance that expired anyway (the
// database was unreachable for a while) is put back for its open feeds.
func (s *Service) maintainPresence(ctx context.Context, now time.Time) {
	p := s.d.Store.Presence
	if err := p.Refresh(ctx, s.opts.InstanceID, now.Add(s.markTTL())); err != nil {
		s.d.Log.WarnContext(ctx, "live: presence refresh failed", "err", err)
	}
	gone, err := p.Expire(ctx, now)
	if err != nil {
		s.d.Log.WarnContext(ctx, "live: presence expiry failed", "err", err)
	}
	for _, m := range gone {
		if m.InstanceID == s.opts.InstanceID && s.openHere(m.InvestigationID, m.UserID) {
			if _, err := p.Connect(ctx, s.mark(m.InvestigationID, m.UserID, now), now); err != nil {
				s.d.Log.WarnContext(ctx, "live: could not restore a presence mark", "err", err)
			}
			continue
		}
		if err := s.recordPresence(ctx, m.InvestigationID, m.UserID, ports.PresenceLeft, now); err != nil {
			s.d.Log.WarnContext(ctx, "live: could not announce an expired presence", "err", err)
		}
	}
}

func (s *Service) openHere(inv uuid.UUID, user int64) bool {
	c := s.counter(presenceKey{inv, user})
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n > 0
}
