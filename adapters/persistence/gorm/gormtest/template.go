package gormtest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/adapters/persistence/gorm/migrations"
	"github.com/jackc/pgx/v5"
)

// Migrating costs about half a second of DDL, copying a database a fifth of
// that: NewPostgres therefore migrates once into a template database named
// after the migration files' fingerprint and copies it for every test. The
// template is kept for later runs (a changed migration gets a new name); drop
// the enquete_tmpl_* databases to reclaim the space.

// templateLockKey serialises template builds across test processes.
const templateLockKey int64 = 0x656e7174706c // "enqtpl"

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

func migratedTemplate(t testing.TB) string {
	t.Helper()
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate() })
	if templateErr != nil {
		t.Fatalf("gormtest: template database: %v", templateErr)
	}
	return templateName
}

// ensureTemplate builds the template under an advisory lock, under a
// temporary name renamed at the end, so that no process ever copies a
// half-migrated template.
func ensureTemplate() (string, error) {
	fp, err := migrations.Fingerprint(migrations.Postgres)
	if err != nil {
		return "", err
	}
	name := "enquete_tmpl_" + fp[:16]
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := connect(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, templateLockKey); err != nil {
		return "", err
	}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_build_" + randomHex()
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{building}.Sanitize()); err != nil {
		return "", err
	}
	if err := migrateURL(ctx, databaseURLFor(building)); err != nil {
		_, _ = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{building}.Sanitize()+` WITH (FORCE)`)
		return "", err
	}
	for _, ddl := range []string{
		`ALTER DATABASE ` + pgx.Identifier{building}.Sanitize() + ` RENAME TO ` + pgx.Identifier{name}.Sanitize(),
		`ALTER DATABASE ` + pgx.Identifier{name}.Sanitize() + ` WITH IS_TEMPLATE true`,
	} {
		if _, err := conn.Exec(ctx, ddl); err != nil {
			return "", err
		}
	}
	return name, nil
}

func migrateURL(ctx context.Context, url string) error {
	db, err := gormstore.Open(ctx, gormstore.Options{URL: url, SlowQuery: -1})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
