// Package board holds the use cases of the board: entities, links, tags,
// comments, attachments and photos. Every use case first asks the casework
// context, through ports.AccessPolicy, whether the caller may act.
package board

import (
	"context"
	"log/slog"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Service runs the board use cases.
type Service struct {
	access      ports.AccessPolicy
	tx          ports.TxRunner
	entities    ports.EntityRepository
	links       ports.LinkRepository
	tags        ports.TagRepository
	comments    ports.CommentRepository
	attachments ports.AttachmentRepository
	blobs       ports.BlobStore
	clock       ports.Clock
	log         *slog.Logger
}

// NewService assembles the board use cases.
func NewService(access ports.AccessPolicy, store *ports.Store, blobs ports.BlobStore, clock ports.Clock, log *slog.Logger) *Service {
	return &Service{access: access, tx: store.Tx, entities: store.Entities, links: store.Links,
		tags: store.Tags, comments: store.Comments, attachments: store.Attachments,
		blobs: blobs, clock: clock, log: log}
}

// Actor identifies who acts on which investigation.
type Actor struct {
	InvestigationID uuid.UUID
	UserID          int64
}

func (s *Service) require(ctx context.Context, a Actor, p ports.Permission) (ports.Access, error) {
	return s.access.Require(ctx, a.InvestigationID, a.UserID, p)
}

// removeFiles deletes files orphaned by a committed change. A failure leaves
// an orphan for `enquete gc-files`, never a dangling reference, so it is logged.
func (s *Service) removeFiles(ctx context.Context, files ...string) {
	for _, f := range files {
		if f == "" || s.blobs == nil {
			continue
		}
		if err := s.blobs.Delete(ctx, f); err != nil {
			s.log.WarnContext(ctx, "could not delete file; gc-files will", "file", f, "err", err)
		}
	}
}
