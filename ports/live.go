package ports

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// StreamTicket lets a browser's EventSource, which cannot send headers,
// open one event stream: short-lived, single use, stored in the database so
// that any instance can redeem it.
type StreamTicket struct {
	InvestigationID uuid.UUID
	UserID          int64
	ExpiresAt       time.Time
}

// StreamTicketStore keeps tickets under the SHA-256 of their secret, so
// that reading the table does not give working tickets away.
type StreamTicketStore interface {
	Save(ctx context.Context, hash string, t StreamTicket) error
	// Take removes and returns the ticket: of two concurrent Takes, one
	// only succeeds. fault.ErrNotFound when there is none.
	Take(ctx context.Context, hash string) (StreamTicket, error)
	// Purge deletes the tickets expired before now.
	Purge(ctx context.Context, now time.Time) (int64, error)
}

// PresenceMark says that a user has an open stream on an investigation
// through one instance, until ExpiresAt unless the instance refreshes it
// (an instance that dies stops refreshing, and its marks expire).
type PresenceMark struct {
	InvestigationID uuid.UUID
	UserID          int64
	InstanceID      string
	ExpiresAt       time.Time
}

// PresenceStore records which members have an open stream, across
// instances.
type PresenceStore interface {
	// Connect inserts or extends m; first is true when no other instance has
	// an unexpired mark for the same user and investigation at now.
	Connect(ctx context.Context, m PresenceMark, now time.Time) (first bool, err error)
	// Disconnect removes the mark of one instance; last is true when no
	// other unexpired mark of the user remains on the investigation.
	Disconnect(ctx context.Context, investigationID uuid.UUID, userID int64, instanceID string, now time.Time) (last bool, err error)
	// Refresh moves the expiry of every mark of instanceID to expires.
	Refresh(ctx context.Context, instanceID string, expires time.Time) error
	// Connected returns the users with an unexpired mark at now.
	Connected(ctx context.Context, investigationID uuid.UUID, now time.Time) (map[int64]bool, error)
	// Expire deletes the marks expired at now and returns those whose user
	// has no other unexpired mark on the investigation (they went offline).
	Expire(ctx context.Context, now time.Time) ([]PresenceMark, error)
}
