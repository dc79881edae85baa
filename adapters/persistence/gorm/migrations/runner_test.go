package migrations_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/adapters/persistence/gorm/migrations"
)

// emptyDB returns a handle on a new, empty database of the dialect.
func emptyDB(t *testing.T, d migrations.Dialect) *sql.DB {
	t.Helper()
	if d == migrations.Postgres {
		return openSQL(t, gormtest.CreateDatabase(t))
	}
	db, err := gormstore.Open(context.Background(), gormstore.Options{URL: "sqlite:" + filepath.Join(t.TempDir(), "m.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db.SQL()
}

func eachDialect(t *testing.T, fn func(t *testing.T, d migrations.Dialect)) {
	for _, d := range []migrations.Dialect{migrations.SQLite, migrations.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}

func TestUpThenStatus(t *testing.T) {
	eachDialect(t, func(t *testing.T, d migrations.Dialect) {
		ctx := context.Background()
		db := emptyDB(t, d)
		states, err := migrations.Status(ctx, db, d)
		if err != nil {
			t.Fatalf("Status(empty) = %v", err)
		}
		for _, s := range states {
			if s.AppliedAt != nil {
				t.Errorf("Status(empty): %s applied at %v; want pending", s.Name, s.AppliedAt)
			}
		}
		first, err := migrations.Up(ctx, db, d)
		if err != nil {
			t.Fatalf("Up = %v", err)
		}
		second, err := migrations.Up(ctx, db, d)
		if err != nil {
			t.Fatalf("second Up = %v", err)
		}
		if len(first.Steps) != len(states) || len(second.Steps) != len(states) {
			t.Fatalf("Up reported %d then %d steps; want %d", len(first.Steps), len(second.Steps), len(states))
		}
		for i := range first.Steps {
			if first.Steps[i].Outcome != migrations.Applied || second.Steps[i].Outcome != migrations.AlreadyApplied {
				t.Errorf("%s: %q then %q; want applied then already applied",
					first.Steps[i].Name, first.Steps[i].Outcome, second.Steps[i].Outcome)
			}
		}
		states, err = migrations.Status(ctx, db, d)
		if err != nil {
			t.Fatalf("Status = %v", err)
		}
		for _, s := range states {
			if s.AppliedAt == nil || s.AppliedAt.IsZero() {
				t.Errorf("Status: %s pending after Up", s.Name)
			}
		}
	})
}

// A database where Django's migrate stopped half-way must be refused, not
// completed by us nor skipped.
func TestPartialDjangoSchemaIsRefused(t *testing.T) {
	eachDialect(t, func(t *testing.T, d migrations.Dialect) {
		ctx := context.Background()
		db := emptyDB(t, d)
		if _, err := db.Exec(`CREATE TABLE investigation_user (id bigint PRIMARY KEY)`); err != nil {
			t.Fatal(err)
		}
		_, err := migrations.Up(ctx, db, d)
		if err == nil || !strings.Contains(err.Error(), "investigation_entity") {
			t.Fatalf("Up(partial Django schema) = %v; want an error naming the missing tables", err)
		}
		states, err := migrations.Status(ctx, db, d)
		if err != nil {
			t.Fatal(err)
		}
		if states[0].AppliedAt != nil {
			t.Errorf("Status: %s recorded although refused", states[0].Name)
		}
	})
}

// Replicas starting together: every migration applied exactly once.
func TestConcurrentUp(t *testing.T) {
	eachDialect(t, func(t *testing.T, d migrations.Dialect) {
		db := emptyDB(t, d)
		const runners = 4
		reports := make([]migrations.Report, runners)
		errs := make([]error, runners)
		var wg sync.WaitGroup
		for i := range runners {
			wg.Go(func() { reports[i], errs[i] = migrations.Up(context.Background(), db, d) })
		}
		wg.Wait()
		applied := map[string]int{}
		for i := range runners {
			if errs[i] != nil {
				t.Fatalf("concurrent Up #%d = %v", i, errs[i])
			}
			for _, s := range reports[i].Steps {
				if s.Outcome == migrations.Applied {
					applied[s.Name]++
				}
			}
		}
		all, _ := migrations.Load(d)
		for _, m := range all {
			if applied[m.Name] != 1 {
				t.Errorf("%s applied %d times; want once", m.Name, applied[m.Name])
			}
		}
	})
}

// Both dialects have the same migrations, and only Django's is flagged.
func TestLoadSetsAgree(t *testing.T) {
	pg, err := migrations.Load(migrations.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	lite, err := migrations.Load(migrations.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if len(pg) == 0 || len(pg) != len(lite) {
		t.Fatalf("Load: %d PostgreSQL and %d SQLite migrations; want the same, non-zero", len(pg), len(lite))
	}
	for i := range pg {
		if pg[i].Name != lite[i].Name || pg[i].Version != i+1 {
			t.Errorf("migration %d: %q / %q; want the same name, version %d", i, pg[i].Name, lite[i].Name, i+1)
		}
		if want := strings.Contains(pg[i].Name, "_django_"); pg[i].Django != want {
			t.Errorf("%s: Django = %v; want %v", pg[i].Name, pg[i].Django, want)
		}
	}
	if _, err := migrations.Load("mysql"); err == nil {
		t.Error(`Load("mysql") = nil error; want unknown dialect`)
	}
}
