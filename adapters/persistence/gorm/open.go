// Package gormstore is the GORM persistence adapter: it implements every
// repository port on Django's PostgreSQL tables (shared with a running Django
// application) and on an equivalent SQLite schema for single-file
// deployments. The schema comes from the SQL files of package migrations;
// GORM's AutoMigrate is never used.
package gormstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/enquete/enquete/adapters/persistence/gorm/migrations"
	"github.com/enquete/enquete/ports"
	"gorm.io/gorm"
)

// Options configures Open. Only URL is required.
type Options struct {
	// URL is postgres://... or postgresql://... for PostgreSQL, and
	// sqlite:<path> or a path ending in .db, .sqlite or .sqlite3 for SQLite.
	URL string
	// MaxOpenConns caps the connection pool; 0 means 20 for PostgreSQL and 8
	// for SQLite (readers run in parallel in WAL mode, writers queue).
	MaxOpenConns int
	// MaxIdleConns defaults to half of MaxOpenConns.
	MaxIdleConns int
	// ConnMaxLifetime recycles connections (default 30 minutes), so that a
	// PostgreSQL fail-over or a pooler restart is picked up.
	ConnMaxLifetime time.Duration
	// BusyTimeout is how long an SQLite writer waits for the write lock
	// before giving up (default 10 seconds).
	BusyTimeout time.Duration
	// SlowQuery is the duration above which a statement is logged (default
	// 200ms; negative disables). Nothing else is logged.
	SlowQuery time.Duration
	// Logger receives the slow-query warnings; nil means slog.Default().
	Logger *slog.Logger
}

// DB is an open database with its repositories.
type DB struct {
	gorm    *gorm.DB
	sql     *sql.DB
	dialect dialect
	queries atomic.Int64
	store   *ports.Store
}

// Open connects to the database named by opts.URL and checks that it
// answers. It does not migrate: call Migrate (or the migrate command) first.
func Open(ctx context.Context, opts Options) (*DB, error) {
	k, target, err := parseURL(opts.URL)
	if err != nil {
		return nil, err
	}
	opts = withDefaults(opts, k)
	cfg := &gorm.Config{
		Logger:                 newSlowLogger(opts.Logger, opts.SlowQuery),
		SkipDefaultTransaction: true, // multi-statement methods open their own (see InTx)
		DisableAutomaticPing:   true, // pinged below, with ctx
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
	}
	var g *gorm.DB
	switch k {
	case dialectPostgres:
		g, err = openPostgres(target, cfg)
	default:
		g, err = openSQLite(ctx, target, opts.BusyTimeout, cfg)
	}
	if err != nil {
		return nil, err
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("gormstore: %w", err)
	}
	sqlDB.SetMaxOpenConns(opts.MaxOpenConns)
	sqlDB.SetMaxIdleConns(opts.MaxIdleConns)
	sqlDB.SetConnMaxLifetime(opts.ConnMaxLifetime)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	d := &DB{gorm: g, sql: sqlDB, dialect: dialect{kind: k}}
	if err := d.Ping(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if k == dialectPostgres {
		collation, ok, err := probeFolding(ctx, g)
		if err != nil {
			sqlDB.Close()
			return nil, fail("probe case folding", err)
		}
		if !ok {
			opts.Logger.WarnContext(ctx, "gormstore: this PostgreSQL database maps case for ASCII only and has no ICU; entity search and tag filters will ignore case for ASCII letters only")
		}
		d.dialect.foldCollation = collation
	}
	if err := d.registerCounter(); err != nil {
		sqlDB.Close()
		return nil, err
	}
	d.store = d.newStore()
	return d, nil
}

func withDefaults(o Options, k kind) Options {
	if o.MaxOpenConns <= 0 {
		o.MaxOpenConns = 20
		if k == dialectSQLite {
			o.MaxOpenConns = 8
		}
	}
	if o.MaxIdleConns <= 0 {
		o.MaxIdleConns = max(1, o.MaxOpenConns/2)
	}
	if o.ConnMaxLifetime <= 0 {
		o.ConnMaxLifetime = 30 * time.Minute
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 10 * time.Second
	}
	if o.SlowQuery == 0 {
		o.SlowQuery = 200 * time.Millisecond
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// parseURL tells the dialect and returns what its driver opens. Errors never
// repeat the URL, which may hold a password.
func parseURL(raw string) (kind, string, error) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return 0, "", errors.New("gormstore: no database URL")
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		return dialectPostgres, raw, nil
	case strings.HasPrefix(raw, "sqlite:"):
		// sqlite:data/x.db, sqlite:/abs/x.db and sqlite:///abs/x.db all work.
		p := strings.TrimPrefix(raw, "sqlite:")
		p = strings.TrimPrefix(p, "//")
		if p == "" || strings.Contains(p, ":memory:") {
			return 0, "", errors.New("gormstore: sqlite URL needs a file path (in-memory databases are not supported)")
		}
		return dialectSQLite, p, nil
	}
	switch strings.ToLower(filepath.Ext(raw)) {
	case ".db", ".sqlite", ".sqlite3":
		return dialectSQLite, raw, nil
	}
	scheme, _, _ := strings.Cut(raw, ":")
	return 0, "", fmt.Errorf("gormstore: unsupported database URL scheme %q (want postgres://, postgresql://, sqlite: or a .db file)", scheme)
}

// Store returns the repositories bundled for the application.
func (d *DB) Store() *ports.Store { return d.store }

// SQL is the underlying handle, for migrations, tools and tests.
func (d *DB) SQL() *sql.DB { return d.sql }

// Dialect names the SQL dialect, as the migrations package does.
func (d *DB) Dialect() migrations.Dialect { return d.dialect.migrations() }

// Migrate applies the pending migrations.
func (d *DB) Migrate(ctx context.Context) (migrations.Report, error) {
	return migrations.Up(ctx, d.sql, d.dialect.migrations())
}

// MigrationStatus lists the migrations and when each was applied.
func (d *DB) MigrationStatus(ctx context.Context) ([]migrations.State, error) {
	return migrations.Status(ctx, d.sql, d.dialect.migrations())
}

// Ping reports whether the database answers (ports.Pinger).
func (d *DB) Ping(ctx context.Context) error {
	if err := d.sql.PingContext(ctx); err != nil {
		return fail("ping", err)
	}
	return nil
}

// Close closes the connection pool.
func (d *DB) Close() error { return d.sql.Close() }

func (d *DB) newStore() *ports.Store {
	audit := &AuditTrail{d}
	events := &EventLog{d: d}
	return &ports.Store{
		Tx:             d,
		Ping:           d,
		Users:          &UserRepository{d},
		Sessions:       &SessionStore{d},
		Investigations: &InvestigationRepository{d},
		Members:        &MemberRepository{d},
		Entities:       &EntityRepository{d},
		Links:          &LinkRepository{d},
		Tags:           &TagRepository{d},
		Comments:       &CommentRepository{d},
		Attachments:    &AttachmentRepository{d},
		Changes:        ports.Recorders{events, audit},
		Audit:          audit,
		Revocations:    &TokenRevocations{d},
		Events:         events,
		Tickets:        &TicketStore{d},
		Presence:       &PresenceStore{d},
	}
}
