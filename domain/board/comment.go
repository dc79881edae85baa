package board

import (
	"time"
	"unicode/utf8"

	"github.com/enquete/enquete/domain/fault"
	"github.com/google/uuid"
)

// MaxCommentLength is the longest comment, in characters.
const MaxCommentLength = 10000

// Comment is a member's note on an entity.
type Comment struct {
	s CommentSnapshot
}

// CommentSnapshot is the stored state of a comment.
type CommentSnapshot struct {
	ID        uuid.UUID
	EntityID  uuid.UUID
	AuthorID  int64
	Content   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// NewComment validates a comment's content.
func NewComment(entityID uuid.UUID, authorID int64, content string, now time.Time) (*Comment, error) {
	if err := commentContent(content); err != nil {
		return nil, err
	}
	now = stamp(now)
	return &Comment{s: CommentSnapshot{ID: uuid.New(), EntityID: entityID, AuthorID: authorID, Content: content, CreatedAt: now, UpdatedAt: now}}, nil
}

// RehydrateComment rebuilds a stored comment. Adapters only.
func RehydrateComment(s CommentSnapshot) *Comment { return &Comment{s: s} }

// Snapshot returns a copy of the state.
func (c *Comment) Snapshot() CommentSnapshot { return c.s }

func (c *Comment) ID() uuid.UUID   { return c.s.ID }
func (c *Comment) AuthorID() int64 { return c.s.AuthorID }

// Edit changes the content; only the author may.
func (c *Comment) Edit(by int64, content string, now time.Time) error {
	if by != c.s.AuthorID {
		return fault.Forbidden("only the author can edit a comment")
	}
	if err := commentContent(content); err != nil {
		return err
	}
	c.s.Content, c.s.UpdatedAt = content, stamp(now)
	return nil
}

// CanDelete: the author always; others only with moderation rights.
func (c *Comment) CanDelete(by int64, canModerate bool) error {
	if by == c.s.AuthorID || canModerate {
		return nil
	}
	return fault.Forbidden("only the author, an admin or the owner can delete this comment")
}

func commentContent(content string) error {
	if err := validText("content", content); err != nil {
		return err
	}
	n := utf8.RuneCountInString(content)
	if n == 0 {
		return fault.Invalid("content", "is required")
	}
	if n > MaxCommentLength {
		return fault.Invalid("content", "must be at most 10000 characters")
	}
	return nil
}
