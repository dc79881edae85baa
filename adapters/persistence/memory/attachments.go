package memory

import (
	"context"
	"slices"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

var _ ports.AttachmentRepository = (*attachments)(nil)

type attachments struct{ d *db }

func errAttachmentNotFound() error { return fault.NotFound("attachment not found") }

// attachment finds an attachment of one entity: another entity's is unknown here.
func (st *state) attachment(entityID, id uuid.UUID) (board.AttachmentSnapshot, bool) {
	a, ok := st.attachments[id]
	return a, ok && a.EntityID == entityID
}

func (r *attachments) Create(ctx context.Context, a *board.Attachment) error {
	return r.d.update(ctx, func(st *state) error {
		s := a.Snapshot()
		if _, ok := st.attachments[s.ID]; ok {
			return fault.Conflict("attachment already exists")
		}
		if _, ok := st.entities[s.EntityID]; !ok {
			return missing("entity", s.EntityID)
		}
		if _, ok := st.users[s.UploadedBy]; !ok {
			return missing("user", s.UploadedBy)
		}
		st.attachments[s.ID] = attachmentRow(s)
		return nil
	})
}

func (r *attachments) ByID(ctx context.Context, entityID, id uuid.UUID) (*board.Attachment, error) {
	var a *board.Attachment
	err := r.d.view(ctx, func(st *state) error {
		s, ok := st.attachment(entityID, id)
		if !ok {
			return errAttachmentNotFound()
		}
		a = board.RehydrateAttachment(attachmentRow(s))
		return nil
	})
	return a, err
}

// SaveDigest writes size and SHA-256 only (the SQL adapters keep them in a
// side table, enquete_attachment_digest).
func (r *attachments) SaveDigest(ctx context.Context, a *board.Attachment) error {
	return r.d.update(ctx, func(st *state) error {
		s := a.Snapshot()
		row, ok := st.attachments[s.ID]
		if !ok {
			return errAttachmentNotFound()
		}
		row.Size, row.SHA256 = s.Size, s.SHA256
		st.attachments[s.ID] = row
		return nil
	})
}

func (r *attachments) Delete(ctx context.Context, entityID, id uuid.UUID) error {
	return r.d.update(ctx, func(st *state) error {
		if _, ok := st.attachment(entityID, id); !ok {
			return errAttachmentNotFound()
		}
		delete(st.attachments, id)
		return nil
	})
}

func (r *attachments) List(ctx context.Context, entityID uuid.UUID) ([]ports.AttachmentView, error) {
	var out []ports.AttachmentView
	err := r.d.view(ctx, func(st *state) error {
		for _, a := range st.attachments {
			if a.EntityID == entityID {
				out = append(out, ports.AttachmentView{Attachment: attachmentRow(a), UploadedByUsername: st.users[a.UploadedBy].Username})
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b ports.AttachmentView) int {
		return newestFirst(a.Attachment.UploadedAt, b.Attachment.UploadedAt, a.Attachment.ID, b.Attachment.ID)
	})
	return out, err
}

// Each copies the rows first and calls fn without holding the lock, so that
// fn (which reads files and may record digests) can use the store.
func (r *attachments) Each(ctx context.Context, fn func(board.AttachmentSnapshot) error) error {
	var all []board.AttachmentSnapshot
	err := r.d.view(ctx, func(st *state) error {
		for _, a := range st.attachments {
			all = append(all, attachmentRow(a))
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(all, func(a, b board.AttachmentSnapshot) int { return newestFirst(a.UploadedAt, b.UploadedAt, a.ID, b.ID) })
	for _, a := range all {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

func (r *attachments) ReferencedFiles(ctx context.Context) (map[string]struct{}, error) {
	var refs map[string]struct{}
	err := r.d.view(ctx, func(st *state) error {
		refs = st.referencedFiles()
		return nil
	})
	return refs, err
}
