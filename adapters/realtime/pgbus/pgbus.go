// Package pgbus is the event bus of several instances sharing one
// PostgreSQL database: notices travel by NOTIFY on one channel, and every
// instance LISTENs on a connection of its own and fans them out to its
// streams. No other infrastructure is needed.
//
// A notice is only "investigation id:seq"; streams read the event log for
// the data, so a notice lost while the listening connection was down costs
// nothing but latency: on every reconnection the bus tells all its
// subscribers to read the log again. The listening connection must be a
// direct one (or a session-mode pooler): LISTEN does not survive
// transaction pooling.
package pgbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/enquete/enquete/adapters/realtime"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DefaultChannel is the NOTIFY channel.
const DefaultChannel = "enquete_events"

// Options configures New. Only URL is required.
type Options struct {
	URL     string // postgres://...
	Channel string // DefaultChannel when empty
	// MinBackoff and MaxBackoff bound the wait between reconnection
	// attempts, doubled after each failure (defaults 100ms and 10s).
	MinBackoff, MaxBackoff time.Duration
	Logger                 *slog.Logger
}

// Bus implements ports.EventBus over LISTEN/NOTIFY.
type Bus struct {
	opts      Options
	local     *realtime.Local
	pool      *pgxpool.Pool
	cancel    context.CancelFunc
	done      chan struct{}
	listening atomic.Bool
	connects  atomic.Int64
	closeOnce sync.Once
}

var _ ports.EventBus = (*Bus)(nil)

// New connects, LISTENs (so that a notice published after New returns is
// heard) and keeps listening in the background until Close, reconnecting
// with backoff.
func New(ctx context.Context, opts Options) (*Bus, error) {
	if opts.Channel == "" {
		opts.Channel = DefaultChannel
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 100 * time.Millisecond
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(10*time.Second, opts.MinBackoff)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	cfg, err := pgxpool.ParseConfig(opts.URL)
	if err != nil {
		return nil, errors.New("pgbus: cannot parse the database URL")
	}
	cfg.MaxConns = 4
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgbus: %w", err)
	}
	b := &Bus{opts: opts, local: realtime.NewLocal(), pool: pool, done: make(chan struct{})}
	conn, err := b.listen(ctx)
	if err != nil {
		pool.Close()
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go b.run(runCtx, conn)
	return b, nil
}

// Publish sends NOTIFY through the pool; every instance's listener (this
// one's included) delivers it to its subscribers.
func (b *Bus) Publish(ctx context.Context, n ports.EventNotice) error {
	payload := n.InvestigationID.String() + ":" + strconv.FormatInt(n.Seq, 10)
	if _, err := b.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, b.opts.Channel, payload); err != nil {
		return fmt.Errorf("pgbus: notify: %w", err)
	}
	return nil
}

// Subscribe registers a subscription to one investigation's notices.
func (b *Bus) Subscribe(id uuid.UUID) ports.Subscription { return b.local.Subscribe(id) }

// Listening reports whether the listening connection is up.
func (b *Bus) Listening() bool { return b.listening.Load() }

// Connects counts successful LISTENs (1 + reconnections).
func (b *Bus) Connects() int64 { return b.connects.Load() }

// Close stops listening and closes the connections.
func (b *Bus) Close() {
	b.closeOnce.Do(func() {
		b.cancel()
		<-b.done
		b.pool.Close()
	})
}

func (b *Bus) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, b.opts.URL)
	if err != nil {
		return nil, fmt.Errorf("pgbus: connect: %w", err)
	}
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{b.opts.Channel}.Sanitize()); err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("pgbus: listen: %w", err)
	}
	b.listening.Store(true)
	b.connects.Add(1)
	return conn, nil
}

// run receives notifications until ctx ends, reconnecting when the
// connection breaks. After each reconnection every subscriber is told to
// read its log, since notices sent meanwhile were lost.
func (b *Bus) run(ctx context.Context, conn *pgx.Conn) {
	defer close(b.done)
	backoff := b.opts.MinBackoff
	for {
		if conn != nil {
			b.receive(ctx, conn)
			b.listening.Store(false)
			conn.Close(context.Background())
			conn = nil
		}
		if ctx.Err() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		var err error
		if conn, err = b.listen(ctx); err != nil {
			b.opts.Logger.Warn("pgbus: reconnect failed", "err", err, "retry_in", backoff)
			backoff = min(2*backoff, b.opts.MaxBackoff)
			continue
		}
		backoff = b.opts.MinBackoff
		b.opts.Logger.Info("pgbus: listening again")
		b.local.Broadcast()
	}
}

func (b *Bus) receive(ctx context.Context, conn *pgx.Conn) {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() == nil {
				b.opts.Logger.Warn("pgbus: listening connection lost", "err", err)
			}
			return
		}
		notice, ok := parse(n.Payload)
		if !ok {
			b.opts.Logger.Warn("pgbus: ignoring a malformed notice", "payload", n.Payload)
			continue
		}
		_ = b.local.Publish(ctx, notice)
	}
}

func parse(payload string) (ports.EventNotice, bool) {
	id, seq, ok := strings.Cut(payload, ":")
	if !ok {
		return ports.EventNotice{}, false
	}
	inv, err := uuid.Parse(id)
	if err != nil {
		return ports.EventNotice{}, false
	}
	n, err := strconv.ParseInt(seq, 10, 64)
	if err != nil || n < 0 {
		return ports.EventNotice{}, false
	}
	return ports.EventNotice{InvestigationID: inv, Seq: n}, true
}
