package gormstore

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/identity"
)

// With a threshold every statement exceeds, the slow-query log shows the SQL
// but none of the bound values (here a password hash).
func TestSlowQueryLogOmitsValues(t *testing.T) {
	var out bytes.Buffer
	ctx := context.Background()
	db, err := Open(ctx, Options{
		URL:       "sqlite:" + filepath.Join(t.TempDir(), "log.db"),
		SlowQuery: time.Nanosecond,
		Logger:    slog.New(slog.NewTextHandler(&out, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const secret = "pbkdf2_sha256$600000$s3cr3tsalt$s3cr3thash"
	u, _ := identity.NewUser("alice", "alice@example.com", "", "", secret, time.Now())
	if err := db.Store().Users.Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	log := out.String()
	if !strings.Contains(log, "slow query") || !strings.Contains(log, "investigation_user") {
		t.Errorf("log = %q; want the slow INSERT INTO investigation_user", log)
	}
	if strings.Contains(log, "s3cr3t") || strings.Contains(log, "alice@example.com") {
		t.Errorf("log = %q; it shows bound values", log)
	}
}
