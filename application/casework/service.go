// Package casework holds the investigation use cases: open, list, edit and
// delete investigations, join by code, manage members and presence. It also
// implements ports.AccessPolicy for the other contexts.
package casework

import (
	"context"
	"errors"
	"log/slog"

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
	clock   ports.Clock
	log     *slog.Logger
}

// NewService assembles the casework use cases.
func NewService(store *ports.Store, blobs ports.BlobStore, clock ports.Clock, log *slog.Logger) *Service {
	return &Service{tx: store.Tx, invs: store.Investigations, members: store.Members, blobs: blobs, clock: clock, log: log}
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

// removeFiles deletes stored files after the change that orphaned them has
// committed. A failure leaves an orphan for `enquete gc-files`, never a
// dangling reference, so it is logged rather than returned.
func (s *Service) removeFiles(ctx context.Context, files []string) {
	for _, f := range files {
		if f == "" || s.blobs == nil {
			continue
		}
		if err := s.blobs.Delete(ctx, f); err != nil {
			s.log.WarnContext(ctx, "could not delete file; gc-files will", "file", f, "err", err)
		}
	}
}
