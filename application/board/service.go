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
	changes     ports.ChangeRecorder
	clock       ports.Clock
	log         *slog.Logger
}

// NewService assembles the board use cases.
func NewService(access ports.AccessPolicy, store *ports.Store, blobs ports.BlobStore, clock ports.Clock, log *slog.Logger) *Service {
	return &Service{access: access, tx: store.Tx, entities: store.Entities, links: store.Links,
		tags: store.Tags, comments: store.Comments, attachments: store.Attachments,
		blobs: blobs, changes: store.Changes, clock: clock, log: log}
}

// Actor identifies who acts on which investigation.
type Actor struct {
	InvestigationID uuid.UUID
	UserID          int64
}

func (s *Service) require(ctx context.Context, a Actor, p ports.Permission) (ports.Access, error) {
	return s.access.Require(ctx, a.InvestigationID, a.UserID, p)
}

// record stores a change of the board (inside the use case's transaction,
// when there is one); the event stream and the audit trail read it.
func (s *Service) record(ctx context.Context, a Actor, object, verb string, id uuid.UUID, before, after any) error {
	if s.changes == nil {
		return nil
	}
	return s.changes.Record(ctx, ports.Change{InvestigationID: a.InvestigationID, Type: object + "." + verb,
		ObjectID: id.String(), ActorID: a.UserID, At: s.clock.Now(), Before: before, After: after})
}

// removeFiles deletes files orphaned by a committed change. A failure leaves
// an orphan for `enquete gc-files`, never a dangling reference, so it is logged.
func (s *Service) removeFiles(ctx context.Context, files ...string) {
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
