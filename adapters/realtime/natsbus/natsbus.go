// Package natsbus is the event bus over NATS, for deployments that already
// run it (PostgreSQL's LISTEN/NOTIFY, package pgbus, needs nothing more).
// Each notice is published on <subject>.<investigation id> with the seq as
// its payload; every instance subscribes to <subject>.* and fans notices
// out to its streams. Like pgbus it carries no data: streams read the event
// log, and after a reconnection every subscriber is told to read it again.
package natsbus

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/enquete/enquete/adapters/realtime"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
)

// DefaultSubject prefixes the subjects of the notices.
const DefaultSubject = "enquete.events"

// Options configures New. Only URL is required.
type Options struct {
	URL     string // nats://host:4222 (several, comma-separated)
	Subject string // DefaultSubject when empty
	Logger  *slog.Logger
}

// Bus implements ports.EventBus over NATS core publish/subscribe.
type Bus struct {
	nc      *nats.Conn
	sub     *nats.Subscription
	local   *realtime.Local
	subject string
}

var _ ports.EventBus = (*Bus)(nil)

// New connects and subscribes; it returns once the server has the
// subscription, so that a notice published afterwards is heard. The client
// reconnects for ever.
func New(ctx context.Context, opts Options) (*Bus, error) {
	if opts.Subject == "" {
		opts.Subject = DefaultSubject
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	local := realtime.NewLocal()
	nc, err := nats.Connect(opts.URL, nats.Name("enquete"), nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil { // nil: closed on purpose
				opts.Logger.Warn("natsbus: disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(*nats.Conn) {
			opts.Logger.Info("natsbus: reconnected")
			local.Broadcast() // notices sent meanwhile were lost
		}))
	if err != nil {
		return nil, fmt.Errorf("natsbus: connect: %w", err)
	}
	b := &Bus{nc: nc, local: local, subject: opts.Subject}
	b.sub, err = nc.Subscribe(opts.Subject+".*", func(m *nats.Msg) {
		n, ok := parse(strings.TrimPrefix(m.Subject, opts.Subject+"."), string(m.Data))
		if !ok {
			opts.Logger.Warn("natsbus: ignoring a malformed notice", "subject", m.Subject)
			return
		}
		_ = local.Publish(context.Background(), n)
	})
	if err == nil {
		err = flush(ctx, nc)
	}
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("natsbus: subscribe: %w", err)
	}
	return b, nil
}

func flush(ctx context.Context, nc *nats.Conn) error {
	if _, ok := ctx.Deadline(); ok {
		return nc.FlushWithContext(ctx)
	}
	return nc.FlushTimeout(10 * time.Second)
}

// Publish sends the notice to every instance (this one included).
func (b *Bus) Publish(_ context.Context, n ports.EventNotice) error {
	err := b.nc.Publish(b.subject+"."+n.InvestigationID.String(), []byte(strconv.FormatInt(n.Seq, 10)))
	if err != nil {
		return fmt.Errorf("natsbus: publish: %w", err)
	}
	return nil
}

// Subscribe registers a subscription to one investigation's notices.
func (b *Bus) Subscribe(id uuid.UUID) ports.Subscription { return b.local.Subscribe(id) }

// Close unsubscribes and closes the connection.
func (b *Bus) Close() {
	_ = b.sub.Unsubscribe()
	b.nc.Close()
}

// Connected reports whether the client is connected now.
func (b *Bus) Connected() bool { return b.nc.IsConnected() }

func parse(id, seq string) (ports.EventNotice, bool) {
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
