package natsbus_test

import (
	"context"
	"net"
	"os"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/realtime/natsbus"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// natsURL is ENQUETE_TEST_NATS_URL or the local default; the tests skip
// when nothing answers there, and fail instead under CI=true.
func natsURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("ENQUETE_TEST_NATS_URL")
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	conn, err := net.DialTimeout("tcp", url[len("nats://"):], 2*time.Second)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("NATS at %s is required in CI: %v", url, err)
		}
		t.Skipf("SKIPPING: NATS at %s does not answer (set ENQUETE_TEST_NATS_URL): %v", url, err)
	}
	conn.Close()
	return url
}

func newBus(t *testing.T, url, subject string) *natsbus.Bus {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	b, err := natsbus.New(ctx, natsbus.Options{URL: url, Subject: subject})
	if err != nil {
		t.Fatalf("natsbus.New = %v", err)
	}
	t.Cleanup(b.Close)
	return b
}

func TestNoticesCrossInstances(t *testing.T) {
	url := natsURL(t)
	subject := "enquete.test." + uuid.NewString()[:8] // parallel test runs do not hear each other
	a, b := newBus(t, url, subject), newBus(t, url, subject)
	inv, other := uuid.New(), uuid.New()
	onA, onB, elsewhere := a.Subscribe(inv), b.Subscribe(inv), b.Subscribe(other)
	defer onA.Close()
	defer onB.Close()
	defer elsewhere.Close()
	if err := a.Publish(t.Context(), ports.EventNotice{InvestigationID: inv, Seq: 41}); err != nil {
		t.Fatalf("Publish = %v", err)
	}
	for name, s := range map[string]ports.Subscription{"publisher's instance": onA, "other instance": onB} {
		select {
		case n := <-s.C():
			if n.InvestigationID != inv || n.Seq != 41 {
				t.Errorf("%s got %+v; want seq 41 of %s", name, n, inv)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no notice within 10s", name)
		}
	}
	// The other investigation's subscriber hears nothing: a notice of its
	// own, published after, is the first thing it gets.
	if err := b.Publish(t.Context(), ports.EventNotice{InvestigationID: other, Seq: 3}); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-elsewhere.C():
		if n.InvestigationID != other || n.Seq != 3 {
			t.Errorf("subscriber of another investigation got %+v first", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no notice within 10s")
	}
}
