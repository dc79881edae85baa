package ports

import (
	"bytes"
	"context"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/google/uuid"
)

// TagRef is a tag as shown inside an entity.
type TagRef struct {
	ID    uuid.UUID
	Name  string
	Color string
}

// EntityView is an entity with what its JSON shows besides its own columns.
type EntityView struct {
	Entity            board.EntitySnapshot
	CreatedByUsername string
	Tags              []TagRef // ordered by name, byte order (Django's C collation)
	CommentsCount     int
	AttachmentsCount  int
}

// EntityFilter narrows an entity list; zero values mean no filter.
type EntityFilter struct {
	Kind   string // exact entity_type
	Search string // title or description contains it, case-insensitively; % and _ literal
	Tag    string // has a tag with this name (case-insensitive)
	Page
}

// Page asks a list for one page in its own order (created_at desc, then id
// desc): at most Limit items (0: no limit), starting after the item whose
// key is After (nil: from the start), i.e. the items whose (created_at, id)
// is strictly below (After.CreatedAt, After.ID) in that order. The item
// After names need not exist any more: the page starts where it would be.
// The repository applies it in the query, after the filters, so a page
// costs about its own size, not the whole list's.
type Page struct {
	Limit int
	After *PageKey
}

// PageKey is the sort key of a list item: its creation time and its id.
// Ids compare in byte order (uuid order in PostgreSQL, text order of the
// lower-case canonical form in SQLite).
type PageKey struct {
	CreatedAt time.Time
	ID        uuid.UUID
}

// Precedes reports whether k comes before an item with key (t, id) in the
// newest-first order, i.e. belongs to the page that follows k.
func (k PageKey) Precedes(t time.Time, id uuid.UUID) bool {
	if c := t.Compare(k.CreatedAt); c != 0 {
		return c < 0
	}
	return bytes.Compare(id[:], k.ID[:]) < 0
}

// EntityRepository stores entities in investigation_entity and their tag
// assignments in investigation_entity_tags.
type EntityRepository interface {
	Create(ctx context.Context, e *board.Entity) error
	// ByID returns fault.ErrNotFound when the entity does not exist or belongs
	// to another investigation.
	ByID(ctx context.Context, investigationID, id uuid.UUID) (*board.Entity, error)
	// ByIDs returns the entities of the investigation among ids (missing ones are skipped).
	ByIDs(ctx context.Context, investigationID uuid.UUID, ids []uuid.UUID) ([]*board.Entity, error)
	Save(ctx context.Context, e *board.Entity) error
	// SetTags replaces the entity's tag assignments.
	SetTags(ctx context.Context, entityID uuid.UUID, tagIDs []uuid.UUID) error
	// Delete removes the entity with its links (both directions), comments,
	// attachments and tag assignments, and returns the stored file names
	// (photo, attachments) to delete after commit. Use inside a transaction.
	Delete(ctx context.Context, investigationID, id uuid.UUID) (files []string, err error)
	// List returns the investigation's entities newest first (created_at desc,
	// then id desc), in a constant number of queries whatever their count;
	// f.Page cuts one page of the filtered list (see Page).
	List(ctx context.Context, investigationID uuid.UUID, f EntityFilter) ([]EntityView, error)
	// View returns one entity as List would.
	View(ctx context.Context, investigationID, id uuid.UUID) (EntityView, error)
}

// EntityRef is an end of a link as shown in link lists.
type EntityRef struct {
	ID    uuid.UUID
	Title string
	Kind  string
}

// LinkView is a link with both ends and its creator's username.
type LinkView struct {
	Link              board.LinkSnapshot
	From              EntityRef
	To                EntityRef
	CreatedByUsername string
}

// LinkFilter narrows a link list; zero values mean no filter.
type LinkFilter struct {
	FromEntityID uuid.UUID // only links leaving this entity
	EntityID     uuid.UUID // only links with this entity at either end
	Page
}

// LinkRepository stores links in investigation_link.
type LinkRepository interface {
	// Create inserts l; fault.ErrConflict on a duplicate (same direction).
	Create(ctx context.Context, l *board.Link) error
	ByID(ctx context.Context, investigationID, id uuid.UUID) (*board.Link, error)
	// Between returns the links joining a and b in either direction.
	Between(ctx context.Context, investigationID, a, b uuid.UUID) ([]*board.Link, error)
	Save(ctx context.Context, l *board.Link) error
	Delete(ctx context.Context, investigationID, id uuid.UUID) error
	// List returns links newest first (created_at desc, then id desc), in a
	// constant number of queries; f.Page cuts one page (see Page).
	List(ctx context.Context, investigationID uuid.UUID, f LinkFilter) ([]LinkView, error)
	View(ctx context.Context, investigationID, id uuid.UUID) (LinkView, error)
}

// TagView is a tag with the number of entities carrying it.
type TagView struct {
	Tag         board.TagSnapshot
	EntityCount int
}

// TagRepository stores tags in investigation_tag.
type TagRepository interface {
	// Create inserts t; fault.ErrConflict if the exact name exists.
	Create(ctx context.Context, t *board.Tag) error
	ByID(ctx context.Context, investigationID, id uuid.UUID) (*board.Tag, error)
	// All returns the investigation's tags (for case-insensitive matching in Go).
	All(ctx context.Context, investigationID uuid.UUID) ([]*board.Tag, error)
	Save(ctx context.Context, t *board.Tag) error
	// Delete removes the tag and its assignments.
	Delete(ctx context.Context, investigationID, id uuid.UUID) error
	// List returns tags ordered by name with their entity counts.
	List(ctx context.Context, investigationID uuid.UUID) ([]TagView, error)
}

// CommentView is a comment with its author's username.
type CommentView struct {
	Comment        board.CommentSnapshot
	AuthorUsername string
}

// CommentRepository stores comments in investigation_comment.
type CommentRepository interface {
	Create(ctx context.Context, c *board.Comment) error
	// ByID returns fault.ErrNotFound unless the comment belongs to entityID.
	ByID(ctx context.Context, entityID, id uuid.UUID) (*board.Comment, error)
	Save(ctx context.Context, c *board.Comment) error
	Delete(ctx context.Context, entityID, id uuid.UUID) error
	// List returns the entity's comments newest first.
	List(ctx context.Context, entityID uuid.UUID) ([]CommentView, error)
}

// AttachmentView is an attachment with its uploader's username.
type AttachmentView struct {
	Attachment         board.AttachmentSnapshot
	UploadedByUsername string
}

// AttachmentRepository stores attachments in investigation_attachment (and
// their size and digest in enquete_attachment_digest).
type AttachmentRepository interface {
	Create(ctx context.Context, a *board.Attachment) error
	// ByID returns fault.ErrNotFound unless the attachment belongs to entityID.
	ByID(ctx context.Context, entityID, id uuid.UUID) (*board.Attachment, error)
	// SaveDigest records size and SHA-256 (computed on first read for Django's files).
	SaveDigest(ctx context.Context, a *board.Attachment) error
	Delete(ctx context.Context, entityID, id uuid.UUID) error
	// List returns the entity's attachments newest first.
	List(ctx context.Context, entityID uuid.UUID) ([]AttachmentView, error)
	// Each calls fn for every attachment (verify-files).
	Each(ctx context.Context, fn func(board.AttachmentSnapshot) error) error
	// ReferencedFiles returns every stored file name a row references
	// (attachments, entity photos, avatars), for garbage collection.
	ReferencedFiles(ctx context.Context) (map[string]struct{}, error)
}
