// Package memory implements every storage port over one in-memory state, for
// fast use-case tests and demos. It keeps the promises of the SQL adapters
// (the same contract suite, ports/porttest, runs against both): identity ids,
// unique constraints, foreign keys, orderings, scoping, and transactions that
// really roll back.
//
// Concurrency: one RWMutex guards the whole state. A transaction holds the
// write lock from start to end, so transactions are serializable; repository
// calls made with a transaction's context run under that lock without taking
// it again.
package memory

import (
	"context"
	"fmt"
	"sync"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// db is the shared state and its lock. Every repository of one store points
// at the same db.
type db struct {
	mu sync.RWMutex
	st *state
}

// state holds one map per table. Values are snapshots stored by value; their
// time pointers are private copies that are never handed out (see clone.go).
type state struct {
	lastUserID, lastMemberID int64 // identity columns: never reused

	users          map[int64]identity.UserSnapshot
	sessions       map[string]session
	investigations map[uuid.UUID]casework.InvestigationSnapshot
	members        map[int64]casework.MemberSnapshot
	entities       map[uuid.UUID]board.EntitySnapshot
	entityTags     map[uuid.UUID]map[uuid.UUID]struct{} // entity id → tag ids
	links          map[uuid.UUID]board.LinkSnapshot
	tags           map[uuid.UUID]board.TagSnapshot
	comments       map[uuid.UUID]board.CommentSnapshot
	attachments    map[uuid.UUID]board.AttachmentSnapshot
	// audit is append-only, so clone's shallow copy of it is a snapshot (audit.go).
	audit []ports.AuditRecord
}

func newState() *state {
	return &state{
		users:          map[int64]identity.UserSnapshot{},
		sessions:       map[string]session{},
		investigations: map[uuid.UUID]casework.InvestigationSnapshot{},
		members:        map[int64]casework.MemberSnapshot{},
		entities:       map[uuid.UUID]board.EntitySnapshot{},
		entityTags:     map[uuid.UUID]map[uuid.UUID]struct{}{},
		links:          map[uuid.UUID]board.LinkSnapshot{},
		tags:           map[uuid.UUID]board.TagSnapshot{},
		comments:       map[uuid.UUID]board.CommentSnapshot{},
		attachments:    map[uuid.UUID]board.AttachmentSnapshot{},
	}
}

// NewStore returns an empty store whose repositories share one state.
func NewStore() *ports.Store {
	d := &db{st: newState()}
	audit := auditTrail{d}
	events := newEventLog(d)
	return &ports.Store{
		Tx:             txRunner{d},
		Ping:           pinger{},
		Users:          &users{d},
		Sessions:       &sessions{d},
		Investigations: &investigations{d},
		Members:        &members{d},
		Entities:       &entities{d},
		Links:          &links{d},
		Tags:           &tags{d},
		Comments:       &comments{d},
		Attachments:    &attachments{d},
		Changes:        ports.Recorders{events, audit},
		Audit:          audit,
		Revocations:    newRevocations(),
		Events:         events,
		Tickets:        newTickets(),
		Presence:       newPresence(),
	}
}

// view runs fn with the state readable: directly inside one of this db's
// transactions (which already holds the lock), under the read lock otherwise.
func (d *db) view(ctx context.Context, fn func(*state) error) error {
	switch inTx, err := d.enter(ctx); {
	case err != nil:
		return err
	case inTx:
		return fn(d.st)
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	return fn(d.st)
}

// update is view for writers. A single call is atomic because every writer
// checks all its constraints before changing anything.
func (d *db) update(ctx context.Context, fn func(*state) error) error {
	switch inTx, err := d.enter(ctx); {
	case err != nil:
		return err
	case inTx:
		return fn(d.st)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return fn(d.st)
}

// enter reports whether ctx belongs to a live transaction of d. Like a SQL
// connection, the store refuses a cancelled context and a finished transaction.
func (d *db) enter(ctx context.Context) (inTx bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	t := d.txOf(ctx)
	if t == nil {
		return false, nil
	}
	if t.done.Load() {
		return false, errTxDone
	}
	return true, nil
}

// pinger answers for /ready: memory is always there.
type pinger struct{}

func (pinger) Ping(ctx context.Context) error { return ctx.Err() }

// missing reports a broken foreign key, as a database would at commit. It is
// a plain error (a 500), not a fault: it means a bug in the caller.
func missing(what string, id any) error {
	return fmt.Errorf("memory: foreign key violation: %s %v does not exist", what, id)
}
