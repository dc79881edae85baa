package board

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"

	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// AttachmentFolder is where attachments are stored (Django's upload_to).
const AttachmentFolder = "attachments"

// ErrIntegrity reports a stored file whose bytes no longer match the SHA-256
// recorded at upload. It is never served.
var ErrIntegrity = errors.New("stored file does not match its recorded SHA-256")

// ListAttachments returns an entity's attachments, newest first.
func (s *Service) ListAttachments(ctx context.Context, a Actor, entityID uuid.UUID) ([]ports.AttachmentView, error) {
	if err := s.requireEntity(ctx, a, ports.PermRead, entityID); err != nil {
		return nil, err
	}
	return s.attachments.List(ctx, entityID)
}

// Attach streams a file to storage (hashing it on the way) and records it.
// The file is written first; if the row cannot be written it is removed.
func (s *Service) Attach(ctx context.Context, a Actor, entityID uuid.UUID, f upload.File) (ports.AttachmentView, error) {
	if err := s.requireEntity(ctx, a, ports.PermWrite, entityID); err != nil {
		return ports.AttachmentView{}, err
	}
	// The file is stored under the attachment's own id.
	id := board.NewAttachmentID()
	info, contentType, err := upload.StoreFile(ctx, s.blobs, AttachmentFolder, id.String(), f)
	if err != nil {
		return ports.AttachmentView{}, err
	}
	att := board.NewAttachment(entityID, info.Name, f.Name, contentType, info.Size, info.SHA256, a.UserID, s.clock.Now()).WithID(id)
	var after ports.AttachmentView
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.requireEntity(ctx, a, ports.PermWrite, entityID); err != nil {
			return err
		}
		if err := s.attachments.Create(ctx, att); err != nil {
			return err
		}
		if after, err = s.attachmentView(ctx, entityID, att.ID()); err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectAttachment, ports.Created, att.ID(), nil, after)
	})
	if err != nil {
		s.removeFiles(context.WithoutCancel(ctx), info.Name)
		return ports.AttachmentView{}, err
	}
	return after, nil
}

// Download is an attachment ready to be served.
type Download struct {
	Attachment board.AttachmentSnapshot
	Body       io.ReadSeekCloser
	Size       int64
}

// OpenAttachment checks the stored bytes against the recorded SHA-256 before
// handing them out; for files Django uploaded (no digest yet) the digest is
// computed now and recorded, so that later alterations are detected.
func (s *Service) OpenAttachment(ctx context.Context, a Actor, entityID, id uuid.UUID) (Download, error) {
	if err := s.requireEntity(ctx, a, ports.PermRead, entityID); err != nil {
		return Download{}, err
	}
	att, err := s.attachments.ByID(ctx, entityID, id)
	if err != nil {
		return Download{}, err
	}
	snap := att.Snapshot()
	body, size, err := s.blobs.Open(ctx, snap.File)
	if err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			s.log.ErrorContext(ctx, "attachment file missing", "attachment", id, "file", snap.File)
		}
		return Download{}, err
	}
	sum, err := digest(body)
	if err == nil {
		_, err = body.Seek(0, io.SeekStart)
	}
	if err != nil {
		body.Close()
		return Download{}, err
	}
	switch {
	case snap.SHA256 == "":
		att.RecordDigest(size, sum)
		if err := s.attachments.SaveDigest(ctx, att); err != nil {
			body.Close()
			return Download{}, err
		}
		snap = att.Snapshot()
	case subtle.ConstantTimeCompare([]byte(sum), []byte(snap.SHA256)) != 1 || size != snap.Size:
		body.Close()
		s.log.ErrorContext(ctx, "attachment integrity check failed", "attachment", id, "file", snap.File,
			"recorded_sha256", snap.SHA256, "actual_sha256", sum, "recorded_size", snap.Size, "actual_size", size)
		return Download{}, ErrIntegrity
	}
	// Chain of custody: every download of evidence is on record.
	if err := s.record(ctx, a, ports.ObjectAttachment, ports.Downloaded, id, nil, snap); err != nil {
		body.Close()
		return Download{}, err
	}
	return Download{Attachment: snap, Body: body, Size: size}, nil
}

// DeleteAttachment removes an attachment, then its file after the commit.
func (s *Service) DeleteAttachment(ctx context.Context, a Actor, entityID, id uuid.UUID) error {
	var file string
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.requireEntity(ctx, a, ports.PermWrite, entityID); err != nil {
			return err
		}
		before, err := s.attachmentView(ctx, entityID, id)
		if err != nil {
			return err
		}
		file = before.Attachment.File
		if err := s.attachments.Delete(ctx, entityID, id); err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectAttachment, ports.Deleted, id, before, nil)
	})
	if err != nil {
		return err
	}
	s.removeFiles(ctx, file)
	return nil
}

func digest(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (s *Service) attachmentView(ctx context.Context, entityID, id uuid.UUID) (ports.AttachmentView, error) {
	views, err := s.attachments.List(ctx, entityID)
	if err != nil {
		return ports.AttachmentView{}, err
	}
	for _, v := range views {
		if v.Attachment.ID == id {
			return v, nil
		}
	}
	return ports.AttachmentView{}, fault.NotFound("attachment not found")
}
