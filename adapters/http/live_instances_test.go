package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/adapters/realtime/pgbus"
	applive "github.com/enquete/enquete/application/live"
)

// pgInstance is one server instance on a shared PostgreSQL database: its
// own connection pool and its own LISTEN/NOTIFY bus.
func pgInstance(t *testing.T, url, id string) *liveServer {
	t.Helper()
	db := gormtest.Open(t, url) // migrates; a no-op for the second instance
	bus, err := pgbus.New(t.Context(), pgbus.Options{URL: url})
	if err != nil {
		t.Fatalf("pgbus.New = %v", err)
	}
	t.Cleanup(bus.Close)
	return newLiveServerOn(t, db.Store(), bus, applive.Options{InstanceID: id})
}

// received is what one client saw: every frame's seq, and the titles of
// the entities created, in arrival order.
type received struct {
	seqs   []int64
	titles []string
}

// collect reads s until n entity.created events arrived (or the stream ends).
func (r *received) collect(s *stream, n int, lastID *string) {
	for len(r.titles) < n {
		ev, f := s.next()
		r.seqs = append(r.seqs, f.Seq)
		*lastID = ev.ID
		if f.Type == "entity.created" {
			r.titles = append(r.titles, f.Object["title"].(string))
		}
	}
}

// consecutive checks that seqs go up by one: nothing lost, nothing twice.
func consecutive(t *testing.T, who string, seqs []int64) {
	t.Helper()
	for i := 1; i < len(seqs); i++ {
		if seqs[i] != seqs[i-1]+1 {
			t.Errorf("%s: seq %d follows %d; want consecutive seqs (all: %v)", who, seqs[i], seqs[i-1], seqs)
			return
		}
	}
}

// Two instances on one PostgreSQL database, clients on both, writers on
// both at once: every client gets every change once, in seq order; a
// client that reconnects to the other instance with its Last-Event-ID
// misses nothing; lists answer 304 on either instance; presence and
// revocation cross instances.
func TestTwoInstancesShareOneStream(t *testing.T) {
	url := gormtest.CreateDatabase(t)
	a, b := pgInstance(t, url, "A"), pgInstance(t, url, "B")
	owner, ana, bob := a.register("owner"), b.register("ana"), b.register("bob")
	inv, code := a.createInvestigation(owner, "Disparition")
	b.addMember(inv, code, owner, ana, "member")
	b.addMember(inv, code, owner, bob, "viewer")

	onA := openStream(t, a.eventsURL(inv), bearer(ana.token))
	onB := openStream(t, b.eventsURL(inv), bearer(bob.token))
	mover := openStream(t, b.eventsURL(inv), bearer(owner.token)) // will move from B to A

	const perWriter = 10
	var wg sync.WaitGroup
	errs := make(chan string, 2*perWriter)
	for w, inst := range map[string]*liveServer{"a": a, "b": b} {
		wg.Go(func() {
			for i := range perWriter {
				r := inst.do("POST", "/api/investigations/"+inv+"/entities", owner.token,
					map[string]any{"type": "person", "title": fmt.Sprintf("%s%02d", w, i)})
				if r.status != http.StatusCreated {
					errs <- r.String()
				}
			}
		})
	}

	var gotA, gotB, gotMover received
	var lastA, lastB, lastMover string
	// The mover reads a few events on B, disconnects, and resumes on A
	// while the writers go on.
	gotMover.collect(mover, 5, &lastMover)
	mover.close()
	resumed := openStream(t, a.eventsURL(inv), map[string]string{"Authorization": "Bearer " + owner.token, "Last-Event-ID": lastMover})
	gotMover.collect(resumed, 2*perWriter, &lastMover)
	// The other streams buffer what arrives meanwhile; read them now.
	gotA.collect(onA, 2*perWriter, &lastA)
	gotB.collect(onB, 2*perWriter, &lastB)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("write failed: %s", e)
	}

	all := map[string][]string{"client on A": gotA.titles, "client on B": gotB.titles, "client moved from B to A": gotMover.titles}
	for who, titles := range all {
		want := make([]string, 0, 2*perWriter)
		for _, w := range []string{"a", "b"} {
			for i := range perWriter {
				want = append(want, fmt.Sprintf("%s%02d", w, i))
			}
		}
		if !slices.Equal(slices.Sorted(slices.Values(titles)), want) {
			t.Errorf("%s got %d entities %v; want each of %v once", who, len(titles), titles, want)
		}
	}
	consecutive(t, "client on A", gotA.seqs)
	consecutive(t, "client on B", gotB.seqs)
	consecutive(t, "client moved from B to A", gotMover.seqs)
	// In order: every client saw the creations in the same (seq) order.
	if !slices.Equal(gotA.titles, gotB.titles) || !slices.Equal(gotA.titles, gotMover.titles) {
		t.Errorf("clients disagree on the order:\nA     %v\nB     %v\nmover %v", gotA.titles, gotB.titles, gotMover.titles)
	}

	// Cheap polling works across instances: the same body has the same tag.
	list := "/api/investigations/" + inv + "/entities"
	tag := a.must(http.StatusOK, "GET", list, bob.token, nil).header.Get("ETag")
	r := b.send(request{method: "GET", path: list, token: bob.token, header: map[string]string{"If-None-Match": tag}})
	if r.status != http.StatusNotModified {
		t.Errorf("instance B with instance A's ETag = %d; want 304", r.status)
	}

	// Presence crosses instances: ana streams on A, B's list shows her.
	if !b.online("presence", inv, bob, ana.id) {
		t.Error("ana, streaming on A, is offline in B's presence list")
	}

	// Revoked through A, bob's stream on B closes after his member.deleted.
	a.must(http.StatusOK, "DELETE", "/api/investigations/"+inv+"/members/"+strconv.FormatInt(bob.id, 10), owner.token, nil)
	for {
		_, f := onB.next()
		if f.Type == "member.deleted" {
			if f.ObjectID != strconv.FormatInt(bob.id, 10) {
				t.Errorf("member.deleted for %s; want bob", f.ObjectID)
			}
			break
		}
	}
	for _, ev := range onB.waitEnd() {
		if ev.Event != "" {
			t.Errorf("revoked bob still got %+v", ev)
		}
	}
}
