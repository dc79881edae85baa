package live_test

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/adapters/realtime"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	"github.com/enquete/enquete/application/live"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// world is one store with the use cases, and a live service per instance.
type world struct {
	t        *testing.T
	store    *ports.Store
	bus      *realtime.Local
	casework *appcasework.Service
	board    *appboard.Service
}

func newWorld(t *testing.T) *world {
	store := memory.NewStore()
	log := slog.New(slog.DiscardHandler)
	cw := appcasework.NewService(store, nil, ports.SystemClock{}, log)
	return &world{t: t, store: store, bus: realtime.NewLocal(), casework: cw,
		board: appboard.NewService(cw, store, nil, ports.SystemClock{}, log)}
}

func (w *world) instance(id string, keepAlive time.Duration) *live.Service {
	return live.NewService(live.Deps{Store: w.store, Access: w.casework, Board: w.board, Bus: w.bus},
		live.Options{InstanceID: id, KeepAlive: keepAlive})
}

func (w *world) user(name string) int64 {
	w.t.Helper()
	u, err := identity.NewUser(name, name+"@example.com", "", "", "!", time.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	if err := w.store.Users.Create(w.t.Context(), u); err != nil {
		w.t.Fatal(err)
	}
	return u.ID()
}

func (w *world) investigation(owner int64) uuid.UUID {
	w.t.Helper()
	c, err := w.casework.Create(w.t.Context(), owner, "Disparition", "")
	if err != nil {
		w.t.Fatal(err)
	}
	return c.ID
}

func (w *world) entity(inv uuid.UUID, by int64, title string) uuid.UUID {
	w.t.Helper()
	id, err := w.board.CreateEntity(w.t.Context(), appboard.Actor{InvestigationID: inv, UserID: by},
		board.EntityDraft{Kind: "person", Title: title}, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}

// next reads a feed's next event, skipping presence ones, with a deadline.
func next(t *testing.T, f *live.Feed) live.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		ev, err := f.Next(ctx, nil)
		if err != nil {
			t.Fatalf("Next = %v", err)
		}
		if ev.Type != ports.PresenceJoined && ev.Type != ports.PresenceLeft {
			return ev
		}
	}
}

// A change whose transaction rolls back is never delivered: the next
// committed change is the next event, with the next seq.
func TestRolledBackChangesAreNeverDelivered(t *testing.T) {
	w := newWorld(t)
	svc := w.instance("a", 0)
	owner := w.user("owner")
	inv := w.investigation(owner)
	f, err := svc.Open(t.Context(), inv, owner, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before := next2(t, f) // the owner's presence.joined
	boom := errors.New("boom")
	err = w.store.Tx.InTx(t.Context(), func(ctx context.Context) error {
		if err := w.store.Changes.Record(ctx, ports.Change{InvestigationID: inv, Type: "entity.created",
			ObjectID: uuid.NewString(), ActorID: owner, At: time.Now(), After: "ghost"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v", err)
	}
	id := w.entity(inv, owner, "Jean")
	ev := next(t, f)
	if ev.ObjectID != id.String() || ev.Seq != before.Seq+1 {
		t.Errorf("event = %s %s seq %d; want the committed entity at seq %d", ev.Type, ev.ObjectID, ev.Seq, before.Seq+1)
	}
}

func next2(t *testing.T, f *live.Feed) live.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	ev, err := f.Next(ctx, nil)
	if err != nil {
		t.Fatalf("Next = %v", err)
	}
	return ev
}

// A reader whose resume point has been pruned gets a reset, then goes on.
func TestResumeFromPrunedEventsResets(t *testing.T) {
	w := newWorld(t)
	svc := w.instance("a", 0)
	owner := w.user("owner")
	inv := w.investigation(owner)
	w.entity(inv, owner, "old")
	if _, err := w.store.Events.Prune(t.Context(), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	from := int64(1)
	f, err := svc.Open(t.Context(), inv, owner, &from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if ev := next2(t, f); !ev.Reset || ev.Type != live.TypeReset || ev.Seq != 2 {
		t.Errorf("first event = %+v; want a reset at seq 2", ev)
	}
	id := w.entity(inv, owner, "new")
	if ev := next(t, f); ev.ObjectID != id.String() {
		t.Errorf("after the reset: %+v; want the new entity", ev)
	}
}

// A member removed and then admitted again does not get, on resuming from
// before the removal, what happened while they were out.
func TestReplayDoesNotCrossTheReadersRemoval(t *testing.T) {
	w := newWorld(t)
	svc := w.instance("a", 0)
	owner, ana := w.user("owner"), w.user("ana")
	inv := w.investigation(owner)
	inv0, _ := w.casework.Get(t.Context(), inv, owner)
	if _, err := w.casework.Join(t.Context(), ana, inv0.Investigation.Code); err != nil {
		t.Fatal(err)
	}
	head, _ := w.store.Events.Head(t.Context(), inv)
	r, err := w.casework.Revoke(t.Context(), inv, owner, ana)
	if err != nil {
		t.Fatal(err)
	}
	w.entity(inv, owner, "secret while ana was out")
	if _, err := w.casework.Join(t.Context(), ana, r.Code); err != nil {
		t.Fatal(err)
	}
	f, err := svc.Open(t.Context(), inv, ana, &head)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if ev := next2(t, f); !ev.Reset {
		t.Fatalf("first event = %+v; want a reset in place of ana's own removal", ev)
	}
	marker := w.entity(inv, owner, "marker")
	for {
		ev := next(t, f)
		if ev.ObjectID == marker.String() {
			break
		}
		if ev.Type == "entity.created" {
			t.Errorf("replay leaked %+v", ev)
		}
	}
}

// The marks of an instance that stops refreshing them expire, and another
// instance announces that its members left.
func TestDeadInstancesPresenceExpires(t *testing.T) {
	w := newWorld(t)
	// a's marks live 3 × 10ms unless refreshed, and a never runs its
	// maintenance: it is as good as dead once ana's feed is open.
	a, b := w.instance("a", 10*time.Millisecond), w.instance("b", 10*time.Millisecond)
	owner, ana := w.user("owner"), w.user("ana")
	inv := w.investigation(owner)
	inv0, _ := w.casework.Get(t.Context(), inv, owner)
	if _, err := w.casework.Join(t.Context(), ana, inv0.Investigation.Code); err != nil {
		t.Fatal(err)
	}
	watch, err := b.Open(t.Context(), inv, owner, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	if _, err := a.Open(t.Context(), inv, ana, nil); err != nil { // never closed: instance a "dies"
		t.Fatal(err)
	}
	members, _ := w.casework.Members(t.Context(), inv, owner)
	if !members[1].Online {
		t.Fatal("ana offline with an open feed")
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go b.Run(ctx)
	for {
		ev := next2(t, watch)
		if ev.Type == ports.PresenceLeft {
			if ev.ObjectID != strconv.FormatInt(ana, 10) {
				t.Errorf("presence.left = %+v; want ana's", ev)
			}
			break
		}
	}
}

// deafBus loses every notice.
type deafBus struct{ *realtime.Local }

func (deafBus) Publish(context.Context, ports.EventNotice) error { return errors.New("lost") }

// A change whose notice was lost still reaches the feeds, at the next
// periodic re-read of the log.
func TestLostNoticesAreMadeUp(t *testing.T) {
	w := newWorld(t)
	svc := live.NewService(live.Deps{Store: w.store, Access: w.casework, Board: w.board, Bus: deafBus{realtime.NewLocal()}},
		live.Options{InstanceID: "a", KeepAlive: 10 * time.Millisecond})
	owner := w.user("owner")
	inv := w.investigation(owner)
	f, err := svc.Open(t.Context(), inv, owner, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go svc.Run(ctx)
	id := w.entity(inv, owner, "Jean")
	if ev := next(t, f); ev.ObjectID != id.String() {
		t.Errorf("event = %+v; want the entity", ev)
	}
}
