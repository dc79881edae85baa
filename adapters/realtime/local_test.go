package realtime_test

import (
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/realtime"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// receive waits (with a deadline, not a timing assertion) for one notice.
func receive(t *testing.T, s ports.Subscription) ports.EventNotice {
	t.Helper()
	select {
	case n := <-s.C():
		return n
	case <-time.After(5 * time.Second):
		t.Fatal("no notice within 5s")
		return ports.EventNotice{}
	}
}

func pending(s ports.Subscription) bool {
	select {
	case <-s.C():
		return true
	default:
		return false
	}
}

func TestLocalDeliversToTheInvestigationsSubscribers(t *testing.T) {
	b := realtime.NewLocal()
	inv, other := uuid.New(), uuid.New()
	s1, s2, s3 := b.Subscribe(inv), b.Subscribe(inv), b.Subscribe(other)
	defer s3.Close()
	if err := b.Publish(t.Context(), ports.EventNotice{InvestigationID: inv, Seq: 1}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []ports.Subscription{s1, s2} {
		if n := receive(t, s); n.Seq != 1 || n.InvestigationID != inv {
			t.Errorf("notice = %+v; want seq 1 of %s", n, inv)
		}
	}
	if pending(s3) {
		t.Error("a subscriber of another investigation was notified")
	}
	s1.Close()
	s1.Close() // idempotent
	_ = b.Publish(t.Context(), ports.EventNotice{InvestigationID: inv, Seq: 2})
	if pending(s1) {
		t.Error("a closed subscription was notified")
	}
	if n := receive(t, s2); n.Seq != 2 {
		t.Errorf("notice = %+v; want seq 2", n)
	}
	s2.Close()
	if got := b.Subscribers(); got != 1 {
		t.Errorf("Subscribers() = %d; want 1", got)
	}
}

// A slow subscriber never blocks the publisher and keeps the newest notice.
func TestLocalCoalesces(t *testing.T) {
	b := realtime.NewLocal()
	inv := uuid.New()
	s := b.Subscribe(inv)
	defer s.Close()
	for seq := int64(1); seq <= 100; seq++ {
		_ = b.Publish(t.Context(), ports.EventNotice{InvestigationID: inv, Seq: seq})
	}
	if n := receive(t, s); n.Seq != 100 {
		t.Errorf("pending notice = %+v; want seq 100", n)
	}
	if pending(s) {
		t.Error("more than one notice pending")
	}
	// A "read everything" notice is not replaced by a specific one.
	b.Broadcast()
	_ = b.Publish(t.Context(), ports.EventNotice{InvestigationID: inv, Seq: 101})
	if n := receive(t, s); n.Seq != 0 {
		t.Errorf("pending notice = %+v; want the zero-seq broadcast", n)
	}
}
