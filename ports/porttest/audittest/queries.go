package audittest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

func testFilters(t *testing.T, f *fixture) {
	alice, inv := f.investigation("alice")
	id := inv.ID()
	bob := alice.ID() + 1000 // actors need not exist: records outlive users
	ent, other := uuid.New(), uuid.New()
	link := ports.LinkView{Link: board.LinkSnapshot{ID: uuid.New(), InvestigationID: id, FromEntityID: other, ToEntityID: ent, Title: "knows"}}
	renamed := link
	renamed.Link.Title = "met"
	f.record(ports.Change{InvestigationID: id, Type: "entity.created", ObjectID: ent.String(), ActorID: alice.ID(), At: at(1), After: entityView(id, ent, "A")}) // 1
	f.record(ports.Change{InvestigationID: id, Type: "entity.created", ObjectID: other.String(), ActorID: bob, At: at(2), After: entityView(id, other, "B")})    // 2
	f.record(ports.Change{InvestigationID: id, Type: "link.created", ObjectID: link.Link.ID.String(), ActorID: bob, At: at(3), After: link})                     // 3
	// Only the title changes, yet the link still concerns both ends.
	f.record(ports.Change{InvestigationID: id, Type: "link.updated", ObjectID: link.Link.ID.String(), ActorID: alice.ID(), At: at(4), Before: link, After: renamed}) // 4
	f.record(ports.Change{InvestigationID: id, Type: "member.created", ObjectID: "42", ActorID: alice.ID(), At: at(5)})                                              // 5

	for _, c := range []struct {
		name string
		q    ports.AuditQuery
		want string
	}{
		{"all", ports.AuditQuery{}, "[5 4 3 2 1]"},
		{"entity as object or link end", ports.AuditQuery{Entity: ent.String()}, "[4 3 1]"},
		{"other end", ports.AuditQuery{Entity: other.String()}, "[4 3 2]"},
		{"non-uuid object id", ports.AuditQuery{Entity: "42"}, "[5]"},
		{"unknown entity", ports.AuditQuery{Entity: uuid.NewString()}, "[]"},
		{"actor", ports.AuditQuery{ActorID: bob}, "[3 2]"},
		{"from", ports.AuditQuery{From: at(4)}, "[5 4]"},
		{"to", ports.AuditQuery{To: at(2)}, "[2 1]"},
		{"from and to, another zone", ports.AuditQuery{From: at(2).UTC(), To: at(3).UTC()}, "[3 2]"},
		{"cursor", ports.AuditQuery{BeforeSeq: 4}, "[3 2 1]"},
		{"limit", ports.AuditQuery{Limit: 2}, "[5 4]"},
		{"cursor and limit", ports.AuditQuery{BeforeSeq: 4, Limit: 2}, "[3 2]"},
		{"actor and entity", ports.AuditQuery{ActorID: alice.ID(), Entity: ent.String()}, "[4 1]"},
	} {
		if got := fmt.Sprint(seqs(f.history(id, c.q))); got != c.want {
			t.Errorf("%s: History(%+v) seqs = %s; want %s", c.name, c.q, got, c.want)
		}
	}
	if got := f.history(uuid.New(), ports.AuditQuery{}); len(got) != 0 {
		t.Errorf("History(unknown investigation) = %v; want nothing", got)
	}
}

// testConcurrent has writers of one investigation race: the chain must come
// out linear (seq 1..n, each linked to the previous), never forked.
func testConcurrent(t *testing.T, f *fixture) {
	u, inv := f.investigation("alice")
	const writers, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				c := ports.Change{InvestigationID: inv.ID(), Type: "comment.created", ObjectID: fmt.Sprintf("%d-%d", w, i), ActorID: u.ID(), At: at(i)}
				errs <- f.s.Tx.InTx(f.ctx, func(ctx context.Context) error { return f.s.Audit.Record(ctx, c) })
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
	recs := f.history(inv.ID(), ports.AuditQuery{})
	if len(recs) != writers*each {
		t.Fatalf("History = %d records; want %d", len(recs), writers*each)
	}
	for i, r := range recs {
		if want := int64(writers*each - i); r.Seq != want {
			t.Fatalf("record %d has seq %d; want %d (no gap, no duplicate)", i, r.Seq, want)
		}
		if i+1 < len(recs) && r.PrevHash != recs[i+1].Hash {
			t.Fatalf("seq %d links to %q; want the hash of seq %d", r.Seq, r.PrevHash, recs[i+1].Seq)
		}
	}
	f.verifyOK()
}

// testSurvivesDeletion: the trail is the evidence of an investigation's
// deletion, so deleting it (and everything in it) keeps every record.
func testSurvivesDeletion(t *testing.T, f *fixture) {
	u, inv := f.investigation("alice")
	f.record(ports.Change{InvestigationID: inv.ID(), Type: "investigation.created", ObjectID: inv.ID().String(), ActorID: u.ID(), At: at(1), After: inv.Snapshot()})
	err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
		if _, err := f.s.Investigations.Delete(ctx, inv.ID()); err != nil {
			return err
		}
		return f.s.Audit.Record(ctx, ports.Change{InvestigationID: inv.ID(), Type: "investigation.deleted",
			ObjectID: inv.ID().String(), ActorID: u.ID(), At: at(2), Before: inv.Snapshot()})
	})
	if err != nil {
		t.Fatalf("delete and record = %v", err)
	}
	recs := f.history(inv.ID(), ports.AuditQuery{})
	if len(recs) != 2 || recs[0].Type != "investigation.deleted" {
		t.Fatalf("History after deletion = %v; want both records", recs)
	}
	if d := diffOf(t, recs[0]); d["title"]["before"] != inv.Snapshot().Title {
		t.Errorf("deletion diff = %s; want the investigation's fields as before", recs[0].Diff)
	}
	f.verifyOK()
}

func testVerifyEmpty(t *testing.T, f *fixture) {
	rep := f.verifyOK()
	if rep.Investigations != 0 || rep.Records != 0 {
		t.Errorf("Verify(empty) = %+v; want nothing", rep)
	}
	// Recording outside any transaction works too (an attachment download
	// is recorded so).
	u, inv := f.investigation("alice")
	if err := f.s.Audit.Record(f.ctx, ports.Change{InvestigationID: inv.ID(), Type: "attachment.downloaded", ObjectID: uuid.NewString(), ActorID: u.ID(), At: at(1)}); err != nil {
		t.Fatalf("Record outside a transaction = %v", err)
	}
	if rep := f.verifyOK(); rep.Records != 1 {
		t.Errorf("Verify = %+v; want 1 record", rep)
	}
}
