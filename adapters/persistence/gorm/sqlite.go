package gormstore

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/gormlite"
	"gorm.io/gorm"
)

// sqliteTime is how timestamps are stored in SQLite: UTC text of fixed width
// with microseconds (Django's own SQLite format), so that text order is time
// order and values round-trip exactly. Columns are declared "datetime", which
// makes the driver decode them with this layout.
const sqliteTime = "2006-01-02 15:04:05.000000"

// foldFunc is the Go function that gives SQLite Unicode case folding.
const foldFunc = "enquete_fold"

// openSQLite opens (creating it if needed) an SQLite file in WAL mode, so
// that readers never wait for the writer. Concurrent writers are serialised
// without SQLITE_BUSY errors by two settings together: every transaction
// begins IMMEDIATE (it takes the write lock up front instead of upgrading a
// read lock, the upgrade being what SQLite cannot wait for), and a busy
// timeout makes a writer wait for the lock instead of failing.
func openSQLite(ctx context.Context, path string, busy time.Duration, cfg *gorm.Config) (*gorm.DB, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("gormstore: create database directory: %w", err)
		}
	}
	q := url.Values{"_txlock": {"immediate"}, "_timefmt": {sqliteTime}}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	sqlDB, err := driver.Open(dsn, func(c *sqlite3.Conn) error {
		if err := c.BusyTimeout(busy); err != nil {
			return err
		}
		// Per connection: foreign keys are off by default in SQLite, and
		// NORMAL is the durable-enough setting recommended with WAL.
		if err := c.Exec(`PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL`); err != nil {
			return err
		}
		return c.CreateFunction(foldFunc, 1, sqlite3.DETERMINISTIC|sqlite3.INNOCUOUS,
			func(ctx sqlite3.Context, arg ...sqlite3.Value) {
				if arg[0].Type() == sqlite3.NULL {
					ctx.ResultNull()
					return
				}
				ctx.ResultText(board.Fold(arg[0].Text()))
			})
	})
	if err != nil {
		return nil, fmt.Errorf("gormstore: open sqlite: %w", err)
	}
	// WAL is a property of the file: set once, it stays.
	if _, err := sqlDB.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("gormstore: open sqlite: %w", err)
	}
	g, err := gorm.Open(gormlite.OpenDB(sqlDB), cfg)
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("gormstore: open sqlite: %w", err)
	}
	return g, nil
}
