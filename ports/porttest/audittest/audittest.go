// Package audittest is the contract test suite of ports.AuditTrail. The
// memory store and the GORM store (SQLite and PostgreSQL) run the same suite;
// tampering with stored records is adapter-specific and tested beside each
// adapter.
package audittest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Factory returns a fresh, empty, migrated store whose Audit is set.
type Factory func(t *testing.T) *ports.Store

// Run runs the whole AuditTrail contract.
func Run(t *testing.T, newStore Factory) {
	t.Run("FieldLevelDiff", func(t *testing.T) { testDiff(t, newFixture(t, newStore)) })
	t.Run("ChainPerInvestigation", func(t *testing.T) { testChains(t, newFixture(t, newStore)) })
	t.Run("RollbackLeavesNoRecord", func(t *testing.T) { testRollback(t, newFixture(t, newStore)) })
	t.Run("StoreRecordersIncludeAudit", func(t *testing.T) { testWired(t, newFixture(t, newStore)) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, newFixture(t, newStore)) })
	t.Run("ConcurrentWritersDoNotFork", func(t *testing.T) { testConcurrent(t, newFixture(t, newStore)) })
	t.Run("SurvivesInvestigationDeletion", func(t *testing.T) { testSurvivesDeletion(t, newFixture(t, newStore)) })
	t.Run("VerifyEmpty", func(t *testing.T) { testVerifyEmpty(t, newFixture(t, newStore)) })
}

// base has microseconds and a non-UTC zone: records must keep the instant.
var base = time.Date(2026, 1, 15, 10, 30, 0, 123456000, time.FixedZone("CET", 3600))

func at(i int) time.Time { return base.Add(time.Duration(i) * time.Minute) }

type fixture struct {
	t   *testing.T
	ctx context.Context
	s   *ports.Store
}

func newFixture(t *testing.T, newStore Factory) *fixture {
	t.Helper()
	s := newStore(t)
	if s.Audit == nil {
		t.Fatal("store.Audit is nil")
	}
	return &fixture{t: t, ctx: t.Context(), s: s}
}

// investigation creates a user and an investigation it owns.
func (f *fixture) investigation(name string) (*identity.User, *casework.Investigation) {
	f.t.Helper()
	u, err := identity.NewUser(name, name+"@example.com", "", "", "pbkdf2_sha256$1000$salt$hash", at(0))
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.s.Users.Create(f.ctx, u); err != nil {
		f.t.Fatalf("Users.Create = %v", err)
	}
	inv, err := casework.New("Affaire "+name, "", u.ID(), at(0))
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.s.Investigations.Create(f.ctx, inv); err != nil {
		f.t.Fatalf("Investigations.Create = %v", err)
	}
	if err := f.s.Members.Add(f.ctx, inv.NewOwner(at(0))); err != nil {
		f.t.Fatalf("Members.Add = %v", err)
	}
	return u, inv
}

// record stores c through the audit trail inside a transaction, with
// request metadata in the context, as a use case called over HTTP does.
func (f *fixture) record(c ports.Change) {
	f.t.Helper()
	ctx := ports.WithRequestMeta(f.ctx, ports.RequestMeta{RemoteAddr: "203.0.113.7", RequestID: "req-1", UserAgent: "audittest/1.0"})
	if err := f.s.Tx.InTx(ctx, func(ctx context.Context) error { return f.s.Audit.Record(ctx, c) }); err != nil {
		f.t.Fatalf("Record(%s) = %v", c.Type, err)
	}
}

func (f *fixture) history(id uuid.UUID, q ports.AuditQuery) []ports.AuditRecord {
	f.t.Helper()
	if q.Limit == 0 {
		q.Limit = 500
	}
	recs, err := f.s.Audit.History(f.ctx, id, q)
	if err != nil {
		f.t.Fatalf("History(%+v) = %v", q, err)
	}
	return recs
}

func (f *fixture) verifyOK() ports.AuditReport {
	f.t.Helper()
	rep, err := f.s.Audit.Verify(f.ctx)
	if err != nil {
		f.t.Fatalf("Verify = %v", err)
	}
	if !rep.OK() {
		f.t.Errorf("Verify found problems on an untouched trail:\n%s", rep)
	}
	return rep
}

func entityView(inv uuid.UUID, id uuid.UUID, title string, tags ...string) ports.EntityView {
	v := ports.EntityView{Entity: board.EntitySnapshot{ID: id, InvestigationID: inv, Kind: board.KindPerson,
		Title: title, CreatedBy: 1, CreatedAt: at(1), UpdatedAt: at(1)}, CreatedByUsername: "alice"}
	for _, name := range tags {
		v.Tags = append(v.Tags, ports.TagRef{ID: uuid.New(), Name: name})
	}
	return v
}

// diffOf decodes a record's diff.
func diffOf(t *testing.T, r ports.AuditRecord) map[string]map[string]any {
	t.Helper()
	var d map[string]map[string]any
	if err := json.Unmarshal([]byte(r.Diff), &d); err != nil {
		t.Fatalf("diff of seq %d is not JSON: %v (%s)", r.Seq, err, r.Diff)
	}
	return d
}

func testDiff(t *testing.T, f *fixture) {
	u, inv := f.investigation("alice")
	id, ent := inv.ID(), uuid.New()
	before := entityView(id, ent, "Jean Dupont")
	after := before
	after.Entity.Title, after.Entity.UpdatedAt = "Jean Dupont (père)", at(2)
	f.record(ports.Change{InvestigationID: id, Type: "entity.created", ObjectID: ent.String(), ActorID: u.ID(), At: at(1), After: before})
	f.record(ports.Change{InvestigationID: id, Type: "entity.updated", ObjectID: ent.String(), ActorID: u.ID(), At: at(2), Before: before, After: after})
	f.record(ports.Change{InvestigationID: id, Type: "entity.deleted", ObjectID: ent.String(), ActorID: u.ID(), At: at(3), Before: after})

	recs := f.history(id, ports.AuditQuery{})
	if len(recs) != 3 || recs[0].Seq != 3 || recs[2].Seq != 1 {
		t.Fatalf("History = %d records %v; want seq 3, 2, 1", len(recs), seqs(recs))
	}
	created, updated, deleted := recs[2], recs[1], recs[0]
	if got := diffOf(t, updated); len(got) != 2 || got["entity.title"]["before"] != "Jean Dupont" ||
		got["entity.title"]["after"] != "Jean Dupont (père)" || got["entity.updated_at"] == nil {
		t.Errorf("update diff = %s; want exactly entity.title and entity.updated_at", updated.Diff)
	}
	c := diffOf(t, created)
	if c["entity.title"]["after"] != "Jean Dupont" || c["entity.title"]["before"] != nil || c["created_by_username"]["after"] != "alice" {
		t.Errorf("creation diff = %s; want every field as after", created.Diff)
	}
	d := diffOf(t, deleted)
	if d["entity.title"]["before"] != "Jean Dupont (père)" || d["entity.title"]["after"] != nil || len(d) != len(c) {
		t.Errorf("deletion diff = %s; want every field as before", deleted.Diff)
	}
	want := ports.AuditRecord{InvestigationID: id, Seq: 2, At: at(2).UTC(), ActorID: u.ID(), Type: "entity.updated",
		ObjectID: ent.String(), IP: "203.0.113.7", RequestID: "req-1", UserAgent: "audittest/1.0", PrevHash: created.Hash}
	got := updated
	got.Diff, got.Hash, got.Entities = "", "", ""
	if !got.At.Equal(want.At) || got.At.Location() != time.UTC {
		t.Errorf("At = %v; want %v in UTC", got.At, want.At)
	}
	got.At = want.At
	if got != want {
		t.Errorf("record =\n%+v\nwant\n%+v", got, want)
	}
	if created.PrevHash != "" || len(created.Hash) != 64 || deleted.PrevHash != updated.Hash {
		t.Errorf("links: prev of seq 1 %q, hash %q, prev of seq 3 %q; want \"\", 64 hex, hash of seq 2", created.PrevHash, created.Hash, deleted.PrevHash)
	}
	f.verifyOK()
}

func seqs(recs []ports.AuditRecord) []int64 {
	out := make([]int64, len(recs))
	for i, r := range recs {
		out[i] = r.Seq
	}
	return out
}

func testChains(t *testing.T, f *fixture) {
	u, a := f.investigation("alice")
	_, b := f.investigation("bob")
	for i := range 3 {
		f.record(ports.Change{InvestigationID: a.ID(), Type: "tag.created", ObjectID: uuid.NewString(), ActorID: u.ID(), At: at(i)})
		f.record(ports.Change{InvestigationID: b.ID(), Type: "tag.created", ObjectID: uuid.NewString(), ActorID: u.ID(), At: at(i)})
	}
	for _, id := range []uuid.UUID{a.ID(), b.ID()} {
		if got := seqs(f.history(id, ports.AuditQuery{})); fmt.Sprint(got) != "[3 2 1]" {
			t.Errorf("seqs of %s = %v; want [3 2 1] (one chain per investigation)", id, got)
		}
	}
	rep := f.verifyOK()
	if rep.Investigations != 2 || rep.Records != 6 || len(rep.Heads) != 2 || rep.Heads[0].Seq != 3 {
		t.Errorf("report = %+v; want 2 investigations, 6 records, two heads at seq 3", rep)
	}
}

var errAbort = errors.New("abort")

func testRollback(t *testing.T, f *fixture) {
	u, inv := f.investigation("alice")
	f.record(ports.Change{InvestigationID: inv.ID(), Type: "tag.created", ObjectID: "a", ActorID: u.ID(), At: at(1)})
	err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
		if err := f.s.Audit.Record(ctx, ports.Change{InvestigationID: inv.ID(), Type: "tag.created", ObjectID: "b", ActorID: u.ID(), At: at(2)}); err != nil {
			return err
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) {
		t.Fatalf("InTx = %v; want the abort", err)
	}
	f.record(ports.Change{InvestigationID: inv.ID(), Type: "tag.created", ObjectID: "c", ActorID: u.ID(), At: at(3)})
	recs := f.history(inv.ID(), ports.AuditQuery{})
	if len(recs) != 2 || recs[0].ObjectID != "c" || recs[0].Seq != 2 {
		t.Errorf("History = %v %v; want c at seq 2 after a rolled-back b", seqs(recs), recs)
	}
	f.verifyOK()
}

func testWired(t *testing.T, f *fixture) {
	u, inv := f.investigation("alice")
	c := ports.Change{InvestigationID: inv.ID(), Type: "tag.created", ObjectID: uuid.NewString(), ActorID: u.ID(), At: at(1)}
	if err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error { return f.s.Changes.Record(ctx, c) }); err != nil {
		t.Fatalf("Changes.Record = %v", err)
	}
	if recs := f.history(inv.ID(), ports.AuditQuery{}); len(recs) != 1 || recs[0].ObjectID != c.ObjectID {
		t.Errorf("History after store.Changes.Record = %v; want the change (the audit trail is one of the recorders)", recs)
	}
}
