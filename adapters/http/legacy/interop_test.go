package legacy_test

// The interoperability suite: on a PostgreSQL database built from Django's
// own schema (gormtest.DjangoSchema, pg_dump of a database Django 4.2
// migrated), with the Go migrations run on top, Go and Django must be able
// to read each other's rows, passwords and sessions. It needs a server
// (ENQUETE_TEST_DATABASE_URL): without one the tests are skipped, under
// CI=true they fail. Run only these with: go test -run Interop ./adapters/http/legacy

import (
	"database/sql"
	"slices"
	"testing"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// djangoDatabase returns a store on a new database holding Django's schema,
// migrated by Go, after checking that the migrations changed nothing of
// Django's tables, columns, constraints, indexes or triggers.
func djangoDatabase(t *testing.T) *gormstore.DB {
	t.Helper()
	url := gormtest.CreateDatabase(t)
	gormtest.LoadDjangoSchema(t, url)
	before := djangoCatalog(t, url)
	if len(before) < 100 {
		t.Fatalf("Django's catalog has %d lines; the dump did not load", len(before))
	}
	db := gormtest.Open(t, url) // runs the Go migrations
	after := djangoCatalog(t, url)
	for _, l := range before {
		if !slices.Contains(after, l) {
			t.Errorf("the Go migrations changed Django's schema: lost %s", l)
		}
	}
	for _, l := range after {
		if !slices.Contains(before, l) {
			t.Errorf("the Go migrations changed Django's schema: added %s", l)
		}
	}
	return db
}

// djangoCatalog describes every column, constraint, index and trigger of the
// tables that are not Go's own (enquete_*), one sorted line each.
func djangoCatalog(t *testing.T, url string) []string {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`
		SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
			|| COALESCE(character_maximum_length::text, '-') || ' ' || COALESCE(column_default, '-')
			|| ' identity=' || is_identity
		FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE 'enquete\_%'
		UNION ALL
		SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
		FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'enquete\_%'
		UNION ALL
		SELECT tablename || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'enquete\_%'
		UNION ALL
		SELECT tgrelid::regclass::text || ' trigger ' || pg_get_triggerdef(oid) FROM pg_trigger
		WHERE NOT tgisinternal AND tgrelid::regclass::text NOT LIKE 'enquete\_%'
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestInteropGolden replays the transcript on Django's schema: the same
// bytes as on the memory store, hence as Django's.
func TestInteropGolden(t *testing.T) {
	t.Parallel()
	runGolden(t, newEnvOn(t, djangoDatabase(t).Store()))
}

// insertDjangoUser writes a user row as Django's create_user does (every
// NOT NULL column, empty strings for the blanks, no avatar) and returns its id.
func insertDjangoUser(t *testing.T, db *sql.DB, username, passwordHash string) int64 {
	t.Helper()
	var id int64
	err := db.QueryRow(`INSERT INTO investigation_user (password, is_superuser, username, first_name, last_name,
			email, is_staff, is_active, date_joined, avatar, created_at)
		VALUES ($1, false, $2, '', '', $3, false, true, now(), '', now()) RETURNING id`,
		passwordHash, username, username+"@example.com").Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
