package gormstore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
)

// driverWords betray a database message leaking into a client-facing fault.
var driverWords = []string{"duplicate", "constraint", "unique", "sqlstate", "23505", "sqlite", "pq:", "key value"}

func wantSafeFault(t *testing.T, call string, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s = %v; want %v", call, err, kind)
		return
	}
	f, ok := fault.As(err)
	if !ok {
		t.Fatalf("%s = %v; not a fault", call, err)
	}
	for _, w := range driverWords {
		if strings.Contains(strings.ToLower(f.Message), w) {
			t.Errorf("%s fault message %q contains driver text %q", call, f.Message, w)
		}
	}
}

// Unique violations become conflicts whose message is ours, not the driver's.
func TestUniqueViolationsAreSafeConflicts(t *testing.T) {
	dialects(t, func(t *testing.T, db *gormstore.DB) {
		ctx := context.Background()
		s := db.Store()
		alice := mustUser(t, db, "alice")
		inv := mustInvestigation(t, db, alice)
		a := mustEntity(t, db, inv, alice, board.EntityDraft{Title: "A"}, t0)
		b := mustEntity(t, db, inv, alice, board.EntityDraft{Title: "B"}, t0)
		tag, _ := board.NewTag(inv.ID(), "Suspect", "", t0)
		link, _ := board.NewLink(inv.ID(), a, b, "connaît", "", nil, alice.ID(), t0)
		for _, err := range []error{s.Tags.Create(ctx, tag), s.Links.Create(ctx, link)} {
			if err != nil {
				t.Fatal(err)
			}
		}
		sameName, _ := identity.NewUser("alice", "other@example.com", "", "", "x", t0)
		sameTag, _ := board.NewTag(inv.ID(), "Suspect", "", t0)
		dupLink, _ := board.NewLink(inv.ID(), a, b, "encore", "", nil, alice.ID(), t0)
		sameCode := casework.RehydrateInvestigation(func() casework.InvestigationSnapshot {
			other, _ := casework.New("Autre", "", alice.ID(), t0)
			snap := other.Snapshot()
			snap.Code = inv.Code()
			return snap
		}())
		cases := []struct {
			call string
			err  error
		}{
			{"Users.Create(same username)", s.Users.Create(ctx, sameName)},
			{"Tags.Create(same name)", s.Tags.Create(ctx, sameTag)},
			{"Links.Create(same ends)", s.Links.Create(ctx, dupLink)},
			{"Investigations.Create(same code)", s.Investigations.Create(ctx, sameCode)},
			{"Members.Add(again)", s.Members.Add(ctx, inv.NewOwner(t0))},
		}
		for _, c := range cases {
			wantSafeFault(t, c.call, c.err, fault.ErrConflict)
		}
	})
}

// A server that does not answer is "unavailable" (503), not an internal error.
func TestUnreachablePostgresIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := gormstore.Open(ctx, gormstore.Options{URL: "postgres://enquete:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"})
	wantSafeFault(t, "Open(closed port)", err, fault.ErrUnavailable)
	if err != nil && strings.Contains(err.Error(), "secret") {
		t.Errorf("Open error %q repeats the password", err)
	}
}

// An SQLite writer that cannot get the lock within its busy timeout reports
// "unavailable", never a raw "database is locked".
func TestSQLiteLockTimeoutIsUnavailable(t *testing.T) {
	ctx := context.Background()
	url := "sqlite:" + filepath.Join(t.TempDir(), "busy.db")
	holder := openURL(t, url, 0)
	impatient := openURL(t, url, 50*time.Millisecond)
	u := mustUser(t, holder, "alice")
	locked, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- holder.InTx(ctx, func(ctx context.Context) error {
			if err := holder.Store().Users.Save(ctx, u); err != nil {
				return err
			}
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	err := impatient.Store().Users.Save(ctx, u)
	close(release)
	if herr := <-done; herr != nil {
		t.Fatalf("holder InTx = %v", herr)
	}
	wantSafeFault(t, "Users.Save(while another process writes)", err, fault.ErrUnavailable)
}

func openURL(t *testing.T, url string, busy time.Duration) *gormstore.DB {
	t.Helper()
	db, err := gormstore.Open(context.Background(), gormstore.Options{URL: url, BusyTimeout: busy, SlowQuery: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// Deleting an investigation whose files outnumber PostgreSQL's parameter
// limit (65535, each name being checked three times) still works.
func TestDeleteManyFiles(t *testing.T) {
	dialects(t, func(t *testing.T, db *gormstore.DB) {
		ctx := context.Background()
		alice := mustUser(t, db, "alice")
		inv := mustInvestigation(t, db, alice)
		e := mustEntity(t, db, inv, alice, board.EntityDraft{Title: "Dossier"}, t0)
		const n = 22000
		// Rows inserted in bulk, as a years-old Django board could hold them.
		_, err := db.SQL().Exec(`INSERT INTO investigation_attachment (id, file, filename, file_type, uploaded_at, entity_id, uploaded_by_id)
			SELECT `+uuidExpr(db)+`, 'attachments/f' || CAST(x AS text) || '.pdf', 'f.pdf', 'application/pdf', $1, $2, $3
			FROM `+seriesExpr(db, n), t0, e.ID().String(), alice.ID())
		if err != nil {
			t.Fatal(err)
		}
		files, err := db.Store().Investigations.Delete(ctx, inv.ID())
		if err != nil || len(files) != n {
			t.Fatalf("Investigations.Delete = %d files, %v; want %d", len(files), err, n)
		}
	})
}

func uuidExpr(db *gormstore.DB) string {
	if db.Dialect() == "postgres" {
		return "gen_random_uuid()"
	}
	return `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' ||
		substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`
}

func seriesExpr(db *gormstore.DB, n int) string {
	if db.Dialect() == "postgres" {
		return fmt.Sprintf("generate_series(1, %d) AS s(x)", n)
	}
	return fmt.Sprintf("(WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < %d) SELECT x FROM s)", n)
}
