// Package audit holds the audit trail's use cases: reading an
// investigation's history (owner and admin only) and verifying every hash
// chain. Recording is not here: each storage adapter records every change
// inside the change's own transaction (ports.AuditTrail).
package audit

import (
	"context"
	"errors"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Page sizes of the history.
const (
	DefaultLimit = 100
	MaxLimit     = 500
)

// errNoTrail is a wiring mistake: the storage was assembled without one.
var errNoTrail = errors.New("audit: the storage keeps no audit trail")

// Service runs the audit use cases.
type Service struct {
	access ports.AccessPolicy
	trail  ports.AuditTrail
	users  ports.UserRepository
}

// NewService assembles the audit use cases on the store's audit trail.
func NewService(access ports.AccessPolicy, store *ports.Store) *Service {
	return &Service{access: access, trail: store.Audit, users: store.Users}
}

// HistoryQuery selects and pages an investigation's history; zero values
// mean no filter, Limit 0 means DefaultLimit.
type HistoryQuery struct {
	Entity string // an object id, or an entity the records concern
	UserID int64  // the actor
	From   time.Time
	To     time.Time
	Cursor string // NextCursor of the previous page
	Limit  int
}

// Entry is one record of the history with its actor's username ("" when
// the account no longer exists).
type Entry struct {
	ports.AuditRecord
	ActorUsername string
}

// Page is one page of history, newest first. NextCursor is "" on the last.
type Page struct {
	Entries    []Entry
	NextCursor string
}

// History returns an investigation's history to its owner and admins: it
// names who did what and from where, which plain members need not see.
func (s *Service) History(ctx context.Context, investigationID uuid.UUID, callerID int64, q HistoryQuery) (Page, error) {
	query, err := q.validate()
	if err != nil {
		return Page{}, err
	}
	if _, err := s.access.Require(ctx, investigationID, callerID, ports.PermManageInvestigation); err != nil {
		return Page{}, err
	}
	if s.trail == nil {
		return Page{}, errNoTrail
	}
	query.Limit++ // one more tells whether a next page exists
	recs, err := s.trail.History(ctx, investigationID, query)
	if err != nil {
		return Page{}, err
	}
	var page Page
	if len(recs) == query.Limit {
		recs = recs[:len(recs)-1]
		page.NextCursor = encodeCursor(recs[len(recs)-1].Seq)
	}
	names, err := s.usernames(ctx, recs)
	if err != nil {
		return Page{}, err
	}
	page.Entries = make([]Entry, len(recs))
	for i, r := range recs {
		page.Entries[i] = Entry{AuditRecord: r, ActorUsername: names[r.ActorID]}
	}
	return page, nil
}

func (q HistoryQuery) validate() (ports.AuditQuery, error) {
	out := ports.AuditQuery{ActorID: q.UserID, From: q.From, To: q.To, Limit: q.Limit}
	switch {
	case q.Limit == 0:
		out.Limit = DefaultLimit
	case q.Limit < 0 || q.Limit > MaxLimit:
		return out, fault.Invalid("limit", "must be between 1 and 500")
	}
	if q.UserID < 0 {
		return out, fault.Invalid("user", "must be a user id")
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return out, fault.Invalid("to", "must not be before from")
	}
	entity, err := entityFilter(q.Entity)
	if err != nil {
		return out, err
	}
	out.Entity = entity
	if q.Cursor != "" {
		if out.BeforeSeq, err = decodeCursor(q.Cursor); err != nil {
			return out, err
		}
	}
	return out, nil
}

// entityFilter accepts what an object id can be: a UUID (any case, read in
// its canonical 36-character form) or a user id (members' records).
func entityFilter(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if len(s) == 36 {
		if id, err := uuid.Parse(s); err == nil {
			return id.String(), nil
		}
	}
	if len(s) <= 19 && s[0] != '0' && allDigits(s) {
		return s, nil
	}
	return "", fault.Invalid("entity", "must be an id")
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// usernames resolves the page's actors, once each.
func (s *Service) usernames(ctx context.Context, recs []ports.AuditRecord) (map[int64]string, error) {
	names := map[int64]string{}
	for _, r := range recs {
		if _, done := names[r.ActorID]; done {
			continue
		}
		u, err := s.users.ByID(ctx, r.ActorID)
		switch {
		case errors.Is(err, fault.ErrNotFound):
			names[r.ActorID] = ""
		case err != nil:
			return nil, err
		default:
			names[r.ActorID] = u.Username()
		}
	}
	return names, nil
}

// VerifyChain checks every investigation's chain (the `enquete audit
// verify` command): hashes recomputed, seq continuity, links and heads.
// The report lists the problems; the error is for a storage that failed.
func (s *Service) VerifyChain(ctx context.Context) (ports.AuditReport, error) {
	if s.trail == nil {
		return ports.AuditReport{}, errNoTrail
	}
	return s.trail.Verify(ctx)
}
