package board

import (
	"context"
	"errors"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// FileProblem is a stored attachment that failed verification.
type FileProblem struct {
	Attachment board.AttachmentSnapshot
	Problem    string // "missing" or "altered"
	ActualSHA  string
}

// VerifyReport sums up VerifyFiles.
type VerifyReport struct {
	Checked  int
	Recorded int // digests computed for the first time (Django's uploads)
	Problems []FileProblem
}

// VerifyFiles reads every attachment's file and compares it with its
// recorded SHA-256 (`enquete verify-files`). Files without a digest get one.
func (s *Service) VerifyFiles(ctx context.Context) (VerifyReport, error) {
	var rep VerifyReport
	err := s.attachments.Each(ctx, func(a board.AttachmentSnapshot) error {
		rep.Checked++
		body, size, err := s.blobs.Open(ctx, a.File)
		if errors.Is(err, fault.ErrNotFound) {
			rep.Problems = append(rep.Problems, FileProblem{Attachment: a, Problem: "missing"})
			return nil
		}
		if err != nil {
			return err
		}
		sum, err := digest(body)
		body.Close()
		if err != nil {
			return err
		}
		switch {
		case a.SHA256 == "":
			att := board.RehydrateAttachment(a)
			att.RecordDigest(size, sum)
			rep.Recorded++
			return s.attachments.SaveDigest(ctx, att)
		case sum != a.SHA256 || size != a.Size:
			rep.Problems = append(rep.Problems, FileProblem{Attachment: a, Problem: "altered", ActualSHA: sum})
		}
		return nil
	})
	return rep, err
}

// GCReport sums up CollectGarbage.
type GCReport struct {
	Scanned int
	Orphans []string
	Removed int
}

// CollectGarbage finds stored files that no row references (`enquete
// gc-files`) and, unless dryRun, removes them. Files younger than minAge are
// spared: an upload writes its file just before its row commits.
func (s *Service) CollectGarbage(ctx context.Context, minAge time.Duration, dryRun bool) (GCReport, error) {
	var rep GCReport
	refs, err := s.attachments.ReferencedFiles(ctx)
	if err != nil {
		return rep, err
	}
	cutoff := s.clock.Now().Add(-minAge)
	err = s.blobs.Walk(ctx, "", func(e ports.BlobEntry) error {
		rep.Scanned++
		if _, ok := refs[e.Name]; ok || e.ModTime.After(cutoff) {
			return nil
		}
		rep.Orphans = append(rep.Orphans, e.Name)
		return nil
	})
	if err != nil || dryRun {
		return rep, err
	}
	for _, name := range rep.Orphans {
		if err := s.blobs.Delete(ctx, name); err != nil {
			return rep, err
		}
		rep.Removed++
	}
	return rep, nil
}
