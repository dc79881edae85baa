// Package live holds the live-collaboration use cases: an investigation's
// event feed (replay from the event log, then live, resumable without loss
// or duplicates), the single-use tickets that open one from a browser,
// presence from open feeds, and the delta sync of the entity and link lists.
//
// Every feed reads the event log (ports.EventLog); the bus (ports.EventBus)
// only wakes feeds up. That is what makes several instances behind one
// address simple: whichever instance committed a change, every feed learns
// of it from its own instance's bus and reads it, in order, from the log.
package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"time"

	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Options tunes the service; zero values take the defaults.
type Options struct {
	// InstanceID names this process in the presence table; random when "".
	InstanceID string
	// KeepAlive is how often an idle feed reports (the stream sends a
	// comment), re-checks membership, and how often this instance refreshes
	// its presence marks (default 15s). Marks expire after 3 KeepAlives.
	KeepAlive time.Duration
	// Retention is how long the event log keeps events (default 7 days);
	// a feed resuming from an older event gets a reset.
	Retention time.Duration
	// TicketTTL is the lifetime of a stream ticket (default 30s).
	TicketTTL time.Duration
	// PruneEvery is how often old events and tickets are deleted (default 1h).
	PruneEvery time.Duration
	// Batch is how many events a feed reads from the log at once (default 256).
	Batch int
}

func (o Options) withDefaults() Options {
	if o.InstanceID == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		o.InstanceID = hex.EncodeToString(b[:])
	}
	if o.KeepAlive <= 0 {
		o.KeepAlive = 15 * time.Second
	}
	if o.Retention <= 0 {
		o.Retention = 7 * 24 * time.Hour
	}
	if o.TicketTTL <= 0 {
		o.TicketTTL = 30 * time.Second
	}
	if o.PruneEvery <= 0 {
		o.PruneEvery = time.Hour
	}
	if o.Batch <= 0 {
		o.Batch = 256
	}
	return o
}

// Deps are what the service uses.
type Deps struct {
	Store  *ports.Store       // Tx, Events, Tickets, Presence, Members, Users
	Access ports.AccessPolicy // the casework service
	Board  *appboard.Service  // the lists the delta sync filters
	Bus    ports.EventBus
	Clock  ports.Clock
	Log    *slog.Logger
}

// Service runs the live use cases of one instance.
type Service struct {
	d       Deps
	opts    Options
	closing chan struct{}
	once    sync.Once
	names   *usernames
	mu      sync.Mutex
	local   map[presenceKey]*presenceCount // this instance's open feeds
	hubs    map[uuid.UUID]*hub
}

// ErrClosing ends the feeds when the instance shuts down.
var ErrClosing = errors.New("live: instance shutting down")

// NewService assembles the service and connects the event log's commits to
// the bus, so that every committed change wakes the feeds of every instance.
func NewService(d Deps, o Options) *Service {
	if d.Clock == nil {
		d.Clock = ports.SystemClock{}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{d: d, opts: o.withDefaults(), closing: make(chan struct{}),
		names: newUsernames(d.Store.Users), local: map[presenceKey]*presenceCount{}, hubs: map[uuid.UUID]*hub{}}
	d.Store.Events.OnCommit(func(n ports.EventNotice) {
		// After commit, on the committing request's goroutine: a failed
		// publish only delays the feeds until the next recheck (Run).
		if err := d.Bus.Publish(context.Background(), n); err != nil {
			d.Log.Warn("live: could not publish an event notice", "investigation", n.InvestigationID, "seq", n.Seq, "err", err)
		}
	})
	return s
}

// KeepAlive is the interval of the stream's keep-alive comments.
func (s *Service) KeepAlive() time.Duration { return s.opts.KeepAlive }

// InstanceID names this instance.
func (s *Service) InstanceID() string { return s.opts.InstanceID }

// CloseStreams ends every open feed (ErrClosing), so that a graceful
// shutdown is not held up by streams that never go idle. Register it with
// http.Server.RegisterOnShutdown.
func (s *Service) CloseStreams() { s.once.Do(func() { close(s.closing) }) }

// Head is the investigation's latest event seq, for the X-Event-Seq header
// of full lists. The caller has checked access (the list did).
func (s *Service) Head(ctx context.Context, investigationID uuid.UUID) (int64, error) {
	return s.d.Store.Events.Head(ctx, investigationID)
}

// Run does the periodic work until ctx ends: re-read the log for the
// watched investigations (in case a notice was lost), refresh this
// instance's presence marks, expire those of dead instances (announcing who
// left), and prune old events and tickets.
func (s *Service) Run(ctx context.Context) {
	tick := time.NewTicker(s.opts.KeepAlive)
	defer tick.Stop()
	var pruned time.Time
	for {
		now := s.d.Clock.Now()
		s.recheck()
		s.maintainPresence(ctx, now)
		if now.Sub(pruned) >= s.opts.PruneEvery {
			s.prune(ctx, now)
			pruned = now
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *Service) prune(ctx context.Context, now time.Time) {
	if n, err := s.d.Store.Events.Prune(ctx, now.Add(-s.opts.Retention)); err != nil {
		s.d.Log.WarnContext(ctx, "live: event pruning failed", "err", err)
	} else if n > 0 {
		s.d.Log.InfoContext(ctx, "live: pruned old events", "events", n)
	}
	if _, err := s.d.Store.Tickets.Purge(ctx, now); err != nil {
		s.d.Log.WarnContext(ctx, "live: ticket purge failed", "err", err)
	}
}

// usernames caches user names for the actor of events: feeds of one
// investigation all name the same few actors.
type usernames struct {
	users ports.UserRepository
	mu    sync.Mutex
	m     map[int64]string
}

const maxCachedNames = 10000

func newUsernames(users ports.UserRepository) *usernames {
	return &usernames{users: users, m: map[int64]string{}}
}

// name returns the user's name, "" when unknown (a deleted user).
func (u *usernames) name(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	u.mu.Lock()
	n, ok := u.m[id]
	u.mu.Unlock()
	if ok {
		return n
	}
	usr, err := u.users.ByID(ctx, id)
	if err != nil {
		return ""
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.m) >= maxCachedNames {
		clear(u.m) // usernames rarely change; a cold cache is only slower
	}
	u.m[id] = usr.Username()
	return usr.Username()
}
