package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/adapters/persistence/gorm/migrations"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// compared are the tables the Django migration creates; django_admin_log and
// django_migrations (admin app, Django's bookkeeping) are not among them.
const compared = `(c.relname LIKE 'investigation\_%' OR c.relname IN
	('django_session', 'django_content_type', 'auth_permission', 'auth_group', 'auth_group_permissions'))`

// catalogQueries describe a schema, one line per column, constraint, index
// and sequence; %s is the table filter.
var catalogQueries = map[string]string{
	"column": `SELECT c.relname || '.' || a.attname || ' #' || a.attnum || ' ' || format_type(a.atttypid, a.atttypmod)
			|| CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
			|| ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
			|| ' default=' || COALESCE(pg_get_expr(d.adbin, d.adrelid), '-')
			|| ' collation=' || COALESCE(co.collname, '-')
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
			AND a.attnum > 0 AND NOT a.attisdropped AND %s`,
	"constraint": `SELECT c.relname || ' ' || k.conname || ' ' || k.contype::text || ' ' || pg_get_constraintdef(k.oid)
			|| ' deferrable=' || k.condeferrable || ' deferred=' || k.condeferred
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND %s`,
	"index": `SELECT c.relname || ' ' || i.relname || ' ' || pg_get_indexdef(i.oid)
		FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND %s`,
	"sequence": `SELECT s.relname || ' owned by ' || c.relname || '.' || a.attname || ' ' || format_type(q.seqtypid, NULL)
			|| ' start=' || q.seqstart || ' inc=' || q.seqincrement || ' min=' || q.seqmin
			|| ' max=' || q.seqmax || ' cache=' || q.seqcache || ' cycle=' || q.seqcycle
		FROM pg_sequence q JOIN pg_class s ON s.oid = q.seqrelid
		JOIN pg_depend dep ON dep.objid = s.oid AND dep.classid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
		JOIN pg_class c ON c.oid = dep.refobjid
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = dep.refobjsubid
		WHERE %s`,
}

// catalog returns the sorted description of the tables matching filter.
func catalog(t *testing.T, db *sql.DB, filter string) []string {
	t.Helper()
	var out []string
	for kind, q := range catalogQueries {
		rows, err := db.Query(fmt.Sprintf(q, filter))
		if err != nil {
			t.Fatalf("catalog %s: %v", kind, err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			out = append(out, kind+": "+line)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(out)
	return out
}

// wantSameCatalog lists every line only one side has.
func wantSameCatalog(t *testing.T, what string, got, want []string) {
	t.Helper()
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("%s: missing %s", what, l)
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			t.Errorf("%s: unexpected %s", what, l)
		}
	}
}

func openSQL(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func outcomes(r migrations.Report) map[string]migrations.Outcome {
	out := map[string]migrations.Outcome{}
	for _, s := range r.Steps {
		out[s.Name] = s.Outcome
	}
	return out
}

func wantOutcomes(t *testing.T, call string, r migrations.Report, want map[string]migrations.Outcome) {
	t.Helper()
	got := outcomes(r)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s report =\n%s want %v", call, r, want)
	}
}

// TestPostgresMatchesDjango: on an empty database the migrations build
// exactly Django's tables; on Django's database they change nothing of it.
func TestPostgresMatchesDjango(t *testing.T) {
	gormtest.RequirePostgres(t)
	ctx := context.Background()
	urlA, urlB := gormtest.CreateDatabase(t), gormtest.CreateDatabase(t)
	gormtest.LoadDjangoSchema(t, urlA)
	django, ours := openSQL(t, urlA), openSQL(t, urlB)

	report, err := migrations.Up(ctx, ours, migrations.Postgres)
	if err != nil {
		t.Fatalf("Up(empty database) = %v", err)
	}
	wantOutcomes(t, "Up(empty database)", report, map[string]migrations.Outcome{
		"0001_django_investigation": migrations.Applied, "0002_enquete_attachment_digest": migrations.Applied,
		"0003_enquete_event_log": migrations.Applied,
		"0004_enquete_audit":     migrations.Applied, "0005_enquete_token_revocation": migrations.Applied,
	})
	want := catalog(t, django, compared)
	if len(want) < 150 {
		t.Fatalf("Django's catalog has %d lines; the dump did not load", len(want))
	}
	wantSameCatalog(t, "migrated vs Django", catalog(t, ours, compared), want)

	// On Django's database: every relation but ours must stay as it was.
	notOurs := `c.relname NOT LIKE 'enquete\_%'`
	before := catalog(t, django, notOurs)
	report, err = migrations.Up(ctx, django, migrations.Postgres)
	if err != nil {
		t.Fatalf("Up(Django's database) = %v", err)
	}
	wantOutcomes(t, "Up(Django's database)", report, map[string]migrations.Outcome{
		"0001_django_investigation": migrations.DjangoManaged, "0002_enquete_attachment_digest": migrations.Applied,
		"0003_enquete_event_log": migrations.Applied,
		"0004_enquete_audit":     migrations.Applied, "0005_enquete_token_revocation": migrations.Applied,
	})
	if !strings.Contains(report.String(), "0001_django_investigation: already present (Django-managed)") {
		t.Errorf("report.String() = %q; want it to say Django's tables were already present", report)
	}
	wantSameCatalog(t, "Django's database after Up", catalog(t, django, notOurs), before)

	// Both databases now hold the same enquete_ tables, and a second run is a no-op.
	enquete := `c.relname LIKE 'enquete\_%'`
	wantSameCatalog(t, "enquete_ tables", catalog(t, django, enquete), catalog(t, ours, enquete))
	for name, db := range map[string]*sql.DB{"empty": ours, "Django's": django} {
		again, err := migrations.Up(ctx, db, migrations.Postgres)
		if err != nil || again.Changed() {
			t.Errorf("second Up(%s database) = %v, changed %v; want a no-op", name, err, again.Changed())
		}
	}
}
