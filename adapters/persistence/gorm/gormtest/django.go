package gormtest

import (
	"context"
	_ "embed"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// DjangoSchema is /work/shared/reference/django-schema.sql: pg_dump
// --schema-only of a database Django 4.2 migrated for the Django app.
//
//go:embed django-schema.sql
var DjangoSchema string

// LoadDjangoSchema loads DjangoSchema into the database at url as psql
// would, on a connection of its own (the dump empties search_path for its
// session). pg_dump's \restrict and \unrestrict lines are psql
// meta-commands, not SQL, so they are dropped.
func LoadDjangoSchema(t testing.TB, url string) {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(DjangoSchema, "\n") {
		if !strings.HasPrefix(l, `\restrict`) && !strings.HasPrefix(l, `\unrestrict`) {
			lines = append(lines, l)
		}
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, strings.Join(lines, "\n")); err != nil {
		t.Fatalf("load Django's schema: %v", err)
	}
}
