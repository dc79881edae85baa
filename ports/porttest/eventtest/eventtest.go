// Package eventtest is the contract suite of the live-collaboration ports
// (ports.EventLog, ports.StreamTicketStore, ports.PresenceStore), run by
// every storage adapter against its own store.
package eventtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Factory returns a fresh, empty, migrated store for one test.
type Factory func(t *testing.T) *ports.Store

// Run runs the whole suite.
func Run(t *testing.T, newStore Factory) {
	t.Run("EventLog", func(t *testing.T) { RunEventLog(t, newStore) })
	t.Run("Tickets", func(t *testing.T) { RunTickets(t, newStore) })
	t.Run("Presence", func(t *testing.T) { RunPresence(t, newStore) })
}

var base = time.Date(2025, 11, 26, 8, 0, 0, 123456000, time.UTC)

// payload is what the tests record as Before and After.
type payload struct {
	ID    uuid.UUID
	Title string
	At    time.Time
}

func change(inv uuid.UUID, typ string, minute int, before, after any) ports.Change {
	return ports.Change{InvestigationID: inv, Type: typ, ObjectID: "obj-" + typ, ActorID: 7,
		At: base.Add(time.Duration(minute) * time.Minute), Before: before, After: after}
}

// notices records the OnCommit callbacks.
type notices struct {
	mu  sync.Mutex
	got []ports.EventNotice
}

func (n *notices) add(x ports.EventNotice) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.got = append(n.got, x)
}

func (n *notices) list() []ports.EventNotice {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]ports.EventNotice(nil), n.got...)
}

func since(t *testing.T, s *ports.Store, inv uuid.UUID, after int64) []ports.Event {
	t.Helper()
	evs, err := s.Events.Since(t.Context(), inv, after, 1000)
	if err != nil {
		t.Fatalf("Since(%d) = %v", after, err)
	}
	return evs
}

func seqs(evs []ports.Event) []int64 {
	out := make([]int64, len(evs))
	for i, e := range evs {
		out[i] = e.Seq
	}
	return out
}

// RunEventLog checks appends, payloads, rollback, notices, pruning and
// concurrent allocation of seq.
func RunEventLog(t *testing.T, newStore Factory) {
	t.Run("AppendInTransaction", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		var n notices
		s.Events.OnCommit(n.add)
		inv, other := uuid.New(), uuid.New()
		p := payload{ID: uuid.New(), Title: "Jean", At: base}
		err := s.Tx.InTx(ctx, func(ctx context.Context) error {
			for _, c := range []ports.Change{
				change(inv, "entity.created", 1, nil, p),
				change(inv, "entity.deleted", 2, p, nil),
				change(inv, "attachment.downloaded", 3, nil, p), // not logged
				change(other, "entity.created", 4, nil, p),
			} {
				if err := s.Changes.Record(ctx, c); err != nil {
					return err
				}
			}
			if got := n.list(); len(got) != 0 {
				t.Errorf("notices before commit = %v; want none", got)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("InTx = %v", err)
		}
		evs := since(t, s, inv, 0)
		if fmt.Sprint(seqs(evs)) != "[1 2]" {
			t.Fatalf("Since(0) seqs = %v; want [1 2]", seqs(evs))
		}
		e := evs[0]
		if e.InvestigationID != inv || e.Type != "entity.created" || e.ObjectID != "obj-entity.created" ||
			e.ActorID != 7 || !e.At.Equal(base.Add(time.Minute)) {
			t.Errorf("event 1 = %+v", e)
		}
		for i, ev := range evs { // a deletion carries the Before value
			var got payload
			if err := json.Unmarshal(ev.Payload, &got); err != nil || got.ID != p.ID || got.Title != "Jean" || !got.At.Equal(base) {
				t.Errorf("event %d payload = %s (%v); want %+v", i+1, ev.Payload, err, p)
			}
		}
		if head, err := s.Events.Head(ctx, inv); err != nil || head != 2 {
			t.Errorf("Head = %d, %v; want 2", head, err)
		}
		if head, err := s.Events.Head(ctx, uuid.New()); err != nil || head != 0 {
			t.Errorf("Head(unknown) = %d, %v; want 0", head, err)
		}
		if got := seqs(since(t, s, other, 0)); fmt.Sprint(got) != "[1]" {
			t.Errorf("other investigation seqs = %v; want [1] (seq is per investigation)", got)
		}
		want := map[ports.EventNotice]bool{{InvestigationID: inv, Seq: 2}: true, {InvestigationID: other, Seq: 1}: true}
		for _, x := range n.list() {
			delete(want, x)
		}
		if len(want) != 0 {
			t.Errorf("notices = %v; missing %v", n.list(), want)
		}
	})

	t.Run("RollbackLeavesNothing", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		var n notices
		s.Events.OnCommit(n.add)
		inv := uuid.New()
		boom := errors.New("boom")
		err := s.Tx.InTx(ctx, func(ctx context.Context) error {
			if err := s.Changes.Record(ctx, change(inv, "entity.created", 1, nil, "x")); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v; want boom", err)
		}
		if evs := since(t, s, inv, 0); len(evs) != 0 {
			t.Errorf("Since after rollback = %v; want nothing", evs)
		}
		if got := n.list(); len(got) != 0 {
			t.Errorf("notices after rollback = %v; want none", got)
		}
		// The next committed change takes seq 1: a rollback leaves no gap.
		if err := s.Changes.Record(ctx, change(inv, "entity.created", 2, nil, "y")); err != nil {
			t.Fatalf("Record outside a transaction = %v", err)
		}
		if got := seqs(since(t, s, inv, 0)); fmt.Sprint(got) != "[1]" {
			t.Errorf("seqs = %v; want [1]", got)
		}
		if got := n.list(); len(got) != 1 || got[0].Seq != 1 {
			t.Errorf("notices = %v; want one for seq 1", got)
		}
	})

	t.Run("SinceAndLimit", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		inv := uuid.New()
		for i := range 5 {
			if err := s.Changes.Record(ctx, change(inv, "tag.updated", i, nil, i)); err != nil {
				t.Fatal(err)
			}
		}
		evs, err := s.Events.Since(ctx, inv, 2, 2)
		if err != nil || fmt.Sprint(seqs(evs)) != "[3 4]" {
			t.Errorf("Since(2, limit 2) = %v, %v; want seqs [3 4]", seqs(evs), err)
		}
		if evs := since(t, s, inv, 5); len(evs) != 0 {
			t.Errorf("Since(head) = %v; want nothing", seqs(evs))
		}
	})

	t.Run("PruneRemovesAPrefix", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		inv := uuid.New()
		// Minutes 10, 5, 20, 30: the event at minute 5 has a later seq than
		// one at minute 10 (clocks are read before seq is allocated).
		for i, m := range []int{10, 5, 20, 30} {
			if err := s.Changes.Record(ctx, change(inv, "link.updated", m, nil, i)); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.Events.Prune(ctx, base.Add(15*time.Minute))
		if err != nil || n != 2 {
			t.Errorf("Prune = %d, %v; want 2", n, err)
		}
		if got := seqs(since(t, s, inv, 0)); fmt.Sprint(got) != "[3 4]" {
			t.Errorf("after prune seqs = %v; want [3 4]", got)
		}
		if head, err := s.Events.Head(ctx, inv); err != nil || head != 4 {
			t.Errorf("Head after prune = %d, %v; want 4", head, err)
		}
	})

	t.Run("ConcurrentWritersGetDistinctGaplessSeqs", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		inv := uuid.New()
		const writers, each = 6, 5
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					errs <- s.Tx.InTx(ctx, func(ctx context.Context) error {
						return s.Changes.Record(ctx, change(inv, "entity.updated", w*each+i, nil, w))
					})
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent Record = %v", err)
			}
		}
		got := seqs(since(t, s, inv, 0))
		for i, seq := range got {
			if seq != int64(i+1) {
				t.Fatalf("seqs = %v; want 1..%d", got, writers*each)
			}
		}
		if len(got) != writers*each {
			t.Fatalf("%d events; want %d", len(got), writers*each)
		}
	})
}
