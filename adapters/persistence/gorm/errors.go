package gormstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/enquete/enquete/domain/fault"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3"
	"gorm.io/gorm"
)

// errUnavailable is the fault behind every "database is down" error; its
// message is fixed, so that no driver text reaches a client.
var errUnavailable = &fault.Error{Kind: fault.KindUnavailable, Message: "the database is unavailable"}

// dbError wraps a driver error that is not a domain fault. It keeps the
// driver's text for logs (Error) and, when the database could not be reached,
// also matches fault.ErrUnavailable.
type dbError struct {
	op          string
	err         error
	unavailable bool
}

func (e *dbError) Error() string { return "gormstore: " + e.op + ": " + e.err.Error() }

func (e *dbError) Unwrap() []error {
	if e.unavailable {
		return []error{errUnavailable, e.err}
	}
	return []error{e.err}
}

// fail wraps an unexpected error of operation op.
func fail(op string, err error) error {
	return &dbError{op: op, err: err, unavailable: isUnavailable(err)}
}

// notFoundOr turns "no row" into a not-found fault naming what, and wraps
// anything else.
func notFoundOr(what string, err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, sql.ErrNoRows) {
		return fault.NotFound(what + " not found")
	}
	return fail("load "+what, err)
}

// conflictOr turns a unique violation into a conflict fault with msg.
func conflictOr(op, msg string, err error) error {
	if isUnique(err) {
		return fault.Conflict(msg)
	}
	return fail(op, err)
}

// isUnique recognises a unique or primary-key violation on either database.
func isUnique(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	return errors.Is(err, sqlite3.CONSTRAINT_UNIQUE) ||
		errors.Is(err, sqlite3.CONSTRAINT_PRIMARYKEY) ||
		errors.Is(err, gorm.ErrDuplicatedKey)
}

// isUnavailable recognises errors that mean "try again later" rather than a
// bug: no connection, a server shutting down, too many clients, a deadline
// reached while waiting for the database, or an SQLite write lock still held
// after the busy timeout. A cancelled request (the client left) is none of
// these and stays a plain error.
func isUnavailable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	// First: a failed connection is unavailability whatever the server said
	// (its PgError, e.g. "too many clients", is wrapped inside).
	var connect *pgconn.ConnectError
	if errors.As(err, &connect) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return strings.HasPrefix(pg.Code, "08") || // connection exception
			strings.HasPrefix(pg.Code, "57P") || // operator intervention (shutdown)
			pg.Code == "53300" // too many connections
	}
	var netErr net.Error
	return errors.As(err, &netErr) && !errors.Is(err, context.Canceled) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, sqlite3.BUSY) || errors.Is(err, sqlite3.LOCKED)
}

// affected checks that an UPDATE or DELETE matched a row.
func affected(res *gorm.DB, op, what string) error {
	if res.Error != nil {
		return fail(op, res.Error)
	}
	if res.RowsAffected == 0 {
		return fault.NotFound(what + " not found")
	}
	return nil
}
