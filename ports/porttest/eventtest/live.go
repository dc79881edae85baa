package eventtest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// RunTickets checks that a ticket is redeemed once only.
func RunTickets(t *testing.T, newStore Factory) {
	s, ctx := newStore(t), t.Context()
	want := ports.StreamTicket{InvestigationID: uuid.New(), UserID: 42, ExpiresAt: base.Add(30 * time.Second)}
	if err := s.Tickets.Save(ctx, "h1", want); err != nil {
		t.Fatalf("Save = %v", err)
	}
	if err := s.Tickets.Save(ctx, "h1", want); !errors.Is(err, fault.ErrConflict) {
		t.Errorf("Save(same hash) = %v; want ErrConflict", err)
	}
	got, err := s.Tickets.Take(ctx, "h1")
	if err != nil || got.InvestigationID != want.InvestigationID || got.UserID != 42 || !got.ExpiresAt.Equal(want.ExpiresAt) {
		t.Errorf("Take = %+v, %v; want %+v", got, err, want)
	}
	if _, err := s.Tickets.Take(ctx, "h1"); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("second Take = %v; want ErrNotFound (single use)", err)
	}

	// Of concurrent redemptions of one ticket, exactly one succeeds.
	if err := s.Tickets.Save(ctx, "h2", want); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make(chan error, 4)
	for range 4 {
		wg.Go(func() { _, err := s.Tickets.Take(ctx, "h2"); results <- err })
	}
	wg.Wait()
	close(results)
	wins := 0
	for err := range results {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, fault.ErrNotFound):
			t.Errorf("concurrent Take = %v", err)
		}
	}
	if wins != 1 {
		t.Errorf("%d concurrent Takes succeeded; want 1", wins)
	}

	old := want
	old.ExpiresAt = base
	for _, h := range []string{"old", "fresh"} {
		tk := want
		if h == "old" {
			tk = old
		}
		if err := s.Tickets.Save(ctx, h, tk); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.Tickets.Purge(ctx, base.Add(time.Second)); err != nil || n != 1 {
		t.Errorf("Purge = %d, %v; want 1", n, err)
	}
	if _, err := s.Tickets.Take(ctx, "fresh"); err != nil {
		t.Errorf("Take(fresh) after Purge = %v", err)
	}
}

// RunPresence checks joins and leaves across instances, refresh and expiry.
func RunPresence(t *testing.T, newStore Factory) {
	s, ctx := newStore(t), t.Context()
	p := s.Presence
	inv := uuid.New()
	now := base
	mark := func(user int64, instance string, ttl time.Duration) ports.PresenceMark {
		return ports.PresenceMark{InvestigationID: inv, UserID: user, InstanceID: instance, ExpiresAt: now.Add(ttl)}
	}
	check := func(call string, got, want bool, err error) {
		t.Helper()
		if err != nil || got != want {
			t.Errorf("%s = %v, %v; want %v", call, got, err, want)
		}
	}
	first, err := p.Connect(ctx, mark(1, "a", time.Minute), now)
	check("Connect(1 via a)", first, true, err)
	first, err = p.Connect(ctx, mark(1, "a", time.Minute), now)
	check("Connect(1 via a) again", first, true, err) // only other instances count
	first, err = p.Connect(ctx, mark(1, "b", time.Minute), now)
	check("Connect(1 via b)", first, false, err)
	last, err := p.Disconnect(ctx, inv, 1, "a", now)
	check("Disconnect(1 via a)", last, false, err)
	last, err = p.Disconnect(ctx, inv, 1, "b", now)
	check("Disconnect(1 via b)", last, true, err)

	// User 2 through a dead instance "c" (expires in 10 s), user 3 through
	// "a" that keeps refreshing, user 4 through both.
	for _, m := range []ports.PresenceMark{mark(2, "c", 10*time.Second), mark(3, "a", 10*time.Second),
		mark(4, "c", 10*time.Second), mark(4, "a", 10*time.Second)} {
		if _, err := p.Connect(ctx, m, now); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := p.Connected(ctx, inv, now); err != nil || fmt.Sprint(got) != "map[2:true 3:true 4:true]" {
		t.Errorf("Connected = %v, %v; want users 2, 3, 4", got, err)
	}
	if got, err := p.Connected(ctx, uuid.New(), now); err != nil || len(got) != 0 {
		t.Errorf("Connected(other investigation) = %v, %v; want none", got, err)
	}
	if err := p.Refresh(ctx, "a", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	later := now.Add(20 * time.Second)
	if got, err := p.Connected(ctx, inv, later); err != nil || fmt.Sprint(got) != "map[3:true 4:true]" {
		t.Errorf("Connected(later) = %v, %v; want users 3, 4", got, err)
	}
	gone, err := p.Expire(ctx, later)
	if err != nil || len(gone) != 1 || gone[0].UserID != 2 || gone[0].InvestigationID != inv {
		t.Errorf("Expire = %+v, %v; want user 2 only (4 is still connected through a)", gone, err)
	}
	if gone, err := p.Expire(ctx, later); err != nil || len(gone) != 0 {
		t.Errorf("Expire again = %+v, %v; want nothing", gone, err)
	}
}
