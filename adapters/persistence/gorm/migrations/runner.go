package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// lockKey is the PostgreSQL advisory lock that serialises concurrent runners
// (two replicas starting at once): "enquete" in ASCII.
const lockKey int64 = 0x656e7175657465

// State is one migration as Status sees it.
type State struct {
	Version   int
	Name      string
	AppliedAt *time.Time // nil while pending
}

// Up applies every pending migration of the dialect, each in its own
// transaction, and reports what it did. It is safe to run concurrently and
// repeatedly.
func Up(ctx context.Context, db *sql.DB, d Dialect) (Report, error) {
	all, err := Load(d)
	if err != nil {
		return Report{}, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("migrations: connect: %w", err)
	}
	defer conn.Close()
	if d == Postgres {
		// Held on this connection until the deferred unlock; SQLite needs no
		// lock because each migration's transaction takes the write lock.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockKey); err != nil {
			return Report{}, fmt.Errorf("migrations: lock: %w", err)
		}
		defer func() {
			// Failing to unlock is harmless: the lock dies with the session.
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockKey)
		}()
	}
	if _, err := conn.ExecContext(ctx, createTable(d)); err != nil {
		return Report{}, fmt.Errorf("migrations: create enquete_schema_migrations: %w", err)
	}
	report := Report{Dialect: d}
	for _, m := range all {
		outcome, err := apply(ctx, conn, d, m)
		if err != nil {
			return report, fmt.Errorf("migrations: %s: %w", m.Name, err)
		}
		report.Steps = append(report.Steps, Step{Version: m.Version, Name: m.Name, Outcome: outcome})
	}
	return report, nil
}

// apply runs one migration unless it is recorded, in one transaction that
// re-checks the record, so that a concurrent runner cannot apply it twice.
func apply(ctx context.Context, conn *sql.Conn, d Dialect, m Migration) (out Outcome, err error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	var n int
	if err := tx.QueryRowContext(ctx, rebind(d, `SELECT count(*) FROM enquete_schema_migrations WHERE version = ?`), m.Version).Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return AlreadyApplied, tx.Rollback()
	}
	out = Applied
	present := false
	if m.Django {
		if present, err = djangoPresent(ctx, tx, d); err != nil {
			return "", err
		}
	}
	if present {
		out = DjangoManaged
	} else if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, rebind(d, `INSERT INTO enquete_schema_migrations (version, applied_at) VALUES (?, ?)`),
		m.Version, time.Now().UTC().Truncate(time.Microsecond)); err != nil {
		return "", err
	}
	return out, tx.Commit()
}

// Status lists every migration of the dialect with the time it was applied.
func Status(ctx context.Context, db *sql.DB, d Dialect) ([]State, error) {
	all, err := Load(d)
	if err != nil {
		return nil, err
	}
	applied := map[int]time.Time{}
	exists, err := tableExists(ctx, db, d, "enquete_schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("migrations: status: %w", err)
	}
	if exists {
		rows, err := db.QueryContext(ctx, `SELECT version, applied_at FROM enquete_schema_migrations`)
		if err != nil {
			return nil, fmt.Errorf("migrations: status: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var v int
			var at time.Time
			if err := rows.Scan(&v, &at); err != nil {
				return nil, fmt.Errorf("migrations: status: %w", err)
			}
			applied[v] = at.UTC()
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("migrations: status: %w", err)
		}
	}
	out := make([]State, len(all))
	for i, m := range all {
		out[i] = State{Version: m.Version, Name: m.Name}
		if at, ok := applied[m.Version]; ok {
			out[i].AppliedAt = &at
		}
	}
	return out, nil
}

func createTable(d Dialect) string {
	if d == Postgres {
		return `CREATE TABLE IF NOT EXISTS enquete_schema_migrations (
			version bigint NOT NULL PRIMARY KEY, applied_at timestamp with time zone NOT NULL)`
	}
	return `CREATE TABLE IF NOT EXISTS enquete_schema_migrations (
		version integer NOT NULL PRIMARY KEY, applied_at datetime NOT NULL)`
}

// rebind turns ? placeholders into PostgreSQL's $n.
func rebind(d Dialect, q string) string {
	if d != Postgres {
		return q
	}
	out := make([]byte, 0, len(q)+8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = fmt.Appendf(out, "$%d", n)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func tableExists(ctx context.Context, q querier, d Dialect, table string) (bool, error) {
	query := `SELECT to_regclass($1) IS NOT NULL`
	if d == SQLite {
		query = `SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?`
	}
	var ok bool
	err := q.QueryRowContext(ctx, query, table).Scan(&ok)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return ok, err
}
