// Package casework holds the investigation use cases: open, list, edit and
// delete investigations, join by code, manage members and presence. It also
// implements ports.AccessPolicy for the other contexts.
package casework

import (
	"context"
	"errors"
	"log/slog"
	"strconv"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Service runs the casework use cases.
type Service struct {
	tx      ports.TxRunner
	invs    ports.InvestigationRepository
	members ports.MemberRepository
	blobs   ports.BlobStore
	changes ports.ChangeRecorder
	// presence tells which members have an open event stream; nil: none.
	presence ports.PresenceStore
	clock    ports.Clock
	log      *slog.Logger
}

// NewService assembles the casework use cases.
func NewService(store *ports.Store, blobs ports.BlobStore, clock ports.Clock, log *slog.Logger) *Service {
	return &Service{tx: store.Tx, invs: store.Investigations, members: store.Members, blobs: blobs, changes: store.Changes, presence: store.Presence, clock: clock, log: log}
}

var _ ports.AccessPolicy = (*Service)(nil)

// Require implements ports.AccessPolicy. The membership is looked up first,
// so the common case costs one query; only a non-member costs a second one,
// to tell an unknown investigation (404) from a forbidden one (403).
func (s *Service) Require(ctx context.Context, investigationID uuid.UUID, userID int64, p ports.Permission) (ports.Access, error) {
	m, err := s.member(ctx, investigationID, userID)
	if err != nil {
		return ports.Access{}, err
	}
	if err := m.Require(p); err != nil {
		return ports.Access{}, err
	}
	return ports.Access{InvestigationID: investigationID, UserID: userID, Role: m.Role(),
		CanModerate: m.Role().Allows(casework.PermModerate)}, nil
}

// member returns the caller's membership, 404 for an unknown investigation
// and 403 for a non-member.
func (s *Service) member(ctx context.Context, investigationID uuid.UUID, userID int64) (*casework.Member, error) {
	m, err := s.members.Get(ctx, investigationID, userID)
	if err == nil {
		return m, nil
	}
	if !errors.Is(err, fault.ErrNotFound) {
		return nil, err
	}
	if _, err := s.invs.ByID(ctx, investigationID); err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return nil, fault.NotFound("Investigation not found")
		}
		return nil, err
	}
	return nil, fault.Forbidden(casework.MsgAccessDenied)
}

// record stores a change of an investigation or its membership (inside the
// use case's transaction); the event stream and the audit trail read it.
func (s *Service) record(ctx context.Context, id uuid.UUID, object, verb, objectID string, actor int64, before, after any) error {
	if s.changes == nil {
		return nil
	}
	return s.changes.Record(ctx, ports.Change{InvestigationID: id, Type: object + "." + verb,
		ObjectID: objectID, ActorID: actor, At: s.clock.Now(), Before: before, After: after})
}

// recordMember records a membership change, with the member's view.
func (s *Service) recordMember(ctx context.Context, id uuid.UUID, verb string, userID, actor int64, before, after any) error {
	return s.record(ctx, id, ports.ObjectMember, verb, strconv.FormatInt(userID, 10), actor, before, after)
}

// findMember returns one member's view, if present.
func (s *Service) findMember(ctx context.Context, id uuid.UUID, userID int64) (ports.MemberView, error) {
	views, err := s.members.List(ctx, id)
	if err != nil {
		return ports.MemberView{}, err
	}
	for _, v := range views {
		if v.Member.UserID == userID {
			return v, nil
		}
	}
	return ports.MemberView{}, fault.NotFound(casework.MsgMemberNotFound)
}

// removeFiles deletes stored files after the change that orphaned them has
// committed. A failure leaves an orphan for `enquete gc-files`, never a
// dangling reference, so it is logged rather than returned.
func (s *Service) removeFiles(ctx context.Context, files []string) {
	for _, f := range files {
		if f == "" || s.blobs == nil {
			continue
		}
		// The change has committed: finish even if the client has gone.
		if err := s.blobs.Delete(context.WithoutCancel(ctx), f); err != nil {
			s.log.WarnContext(ctx, "could not delete file; gc-files will", "file", f, "err", err)
		}
	}
}
