package pgbus_test

import (
	"context"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/adapters/realtime/pgbus"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

func newBus(t *testing.T, url string) *pgbus.Bus {
	t.Helper()
	b, err := pgbus.New(t.Context(), pgbus.Options{URL: url, MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("pgbus.New = %v", err)
	}
	t.Cleanup(b.Close)
	return b
}

// next waits (with a deadline) for a notice of the wanted seq, skipping
// zero-seq "read the log" broadcasts.
func next(t *testing.T, s ports.Subscription) ports.EventNotice {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case n := <-s.C():
			if n.Seq != 0 {
				return n
			}
		case <-deadline:
			t.Fatal("no notice within 10s")
		}
	}
}

func TestNoticesCrossInstances(t *testing.T) {
	url := gormtest.CreateDatabase(t)
	a, b := newBus(t, url), newBus(t, url)
	inv, other := uuid.New(), uuid.New()
	onA, onB, elsewhere := a.Subscribe(inv), b.Subscribe(inv), b.Subscribe(other)
	defer onA.Close()
	defer onB.Close()
	defer elsewhere.Close()
	if err := a.Publish(t.Context(), ports.EventNotice{InvestigationID: inv, Seq: 41}); err != nil {
		t.Fatalf("Publish = %v", err)
	}
	for name, s := range map[string]ports.Subscription{"publisher's instance": onA, "other instance": onB} {
		if n := next(t, s); n.InvestigationID != inv || n.Seq != 41 {
			t.Errorf("%s got %+v; want seq 41 of %s", name, n, inv)
		}
	}
	select {
	case n := <-elsewhere.C():
		t.Errorf("subscriber of another investigation got %+v", n)
	default:
	}
}

// When the listening connection is killed, the bus reconnects, tells its
// subscribers to read their logs (notices may have been lost), and hears
// later notices again.
func TestReconnectsAfterTheConnectionDies(t *testing.T) {
	url := gormtest.CreateDatabase(t)
	a, b := newBus(t, url), newBus(t, url)
	inv := uuid.New()
	s := b.Subscribe(inv)
	defer s.Close()

	ctx := t.Context()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var killed int
	err = conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`).Scan(&killed)
	if err != nil || killed != 2 {
		t.Fatalf("terminated %d listeners (%v); want 2", killed, err)
	}
	deadline := time.After(10 * time.Second)
	for b.Connects() < 2 || a.Connects() < 2 {
		select {
		case <-deadline:
			t.Fatalf("Connects() = %d, %d; want both reconnected", a.Connects(), b.Connects())
		case <-time.After(10 * time.Millisecond):
		}
	}
	select {
	case n := <-s.C():
		if n.Seq != 0 {
			t.Errorf("first notice after reconnection = %+v; want a zero-seq broadcast", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no broadcast after reconnection")
	}
	if err := a.Publish(ctx, ports.EventNotice{InvestigationID: inv, Seq: 7}); err != nil {
		t.Fatalf("Publish after reconnection = %v", err)
	}
	if n := next(t, s); n.Seq != 7 {
		t.Errorf("notice = %+v; want seq 7", n)
	}
}
