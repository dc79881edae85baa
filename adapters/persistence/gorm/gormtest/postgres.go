package gormtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultAdminURL is used when ENQUETE_TEST_DATABASE_URL is not set.
const DefaultAdminURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// PostgresAdminURL is the URL of a role allowed to create databases: env
// ENQUETE_TEST_DATABASE_URL, or DefaultAdminURL.
func PostgresAdminURL() string {
	if u := os.Getenv("ENQUETE_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultAdminURL
}

var (
	reachOnce sync.Once
	reachErr  error
)

// RequirePostgres skips the test when the server does not answer, or fails
// it when CI=true (where a missing database is a broken pipeline, not a
// developer's laptop). The answer is cached for the process.
func RequirePostgres(t testing.TB) {
	t.Helper()
	reachOnce.Do(func() {
		conn, err := connect(context.Background())
		if err == nil {
			conn.Close(context.Background())
		}
		reachErr = err
	})
	if reachErr == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("gormtest: PostgreSQL at %s is required in CI: %v", redacted(PostgresAdminURL()), reachErr)
	}
	t.Skipf("gormtest: SKIPPING, PostgreSQL at %s does not answer (set ENQUETE_TEST_DATABASE_URL): %v",
		redacted(PostgresAdminURL()), reachErr)
}

// CreateDatabase creates an empty database named enquete_test_<random>,
// dropped (WITH (FORCE)) when the test ends, and returns its URL.
func CreateDatabase(t testing.TB) string {
	t.Helper()
	RequirePostgres(t)
	return createDatabase(t, "")
}

// createDatabase creates a database, copied from template unless it is "".
func createDatabase(t testing.TB, template string) string {
	t.Helper()
	name := "enquete_test_" + randomHex()
	ddl := `CREATE DATABASE ` + pgx.Identifier{name}.Sanitize()
	if template != "" {
		ddl += ` TEMPLATE ` + pgx.Identifier{template}.Sanitize()
	}
	if err := admin(ddl); err != nil {
		t.Fatalf("gormtest: %v", err)
	}
	t.Cleanup(func() {
		if err := admin(`DROP DATABASE IF EXISTS ` + pgx.Identifier{name}.Sanitize() + ` WITH (FORCE)`); err != nil {
			t.Errorf("gormtest: %v", err)
		}
	})
	return databaseURL(t, name)
}

func databaseURL(t testing.TB, name string) string {
	t.Helper()
	u := databaseURLFor(name)
	if u == "" {
		t.Fatalf("gormtest: cannot parse the admin URL %s", redacted(PostgresAdminURL()))
	}
	return u
}

// databaseURLFor is the admin URL pointing at another database ("" when the
// admin URL does not parse).
func databaseURLFor(name string) string {
	u, err := url.Parse(PostgresAdminURL())
	if err != nil {
		return ""
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// admin runs statements as the admin role, on a connection of their own.
func admin(sqls ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := connect(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	for _, sql := range sqls {
		if _, err := conn.Exec(ctx, sql); err != nil {
			return fmt.Errorf("%s: %w", sql, err)
		}
	}
	return nil
}

func connect(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(PostgresAdminURL())
	if err != nil {
		return nil, err
	}
	cfg.ConnectTimeout = 3 * time.Second
	return pgx.ConnectConfig(ctx, cfg)
}

// redacted hides a password in a URL for messages.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
