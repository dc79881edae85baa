package memory

import (
	"context"
	"slices"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

var _ ports.CommentRepository = (*comments)(nil)

type comments struct{ d *db }

func errCommentNotFound() error { return fault.NotFound("comment not found") }

// comment finds a comment of one entity: another entity's is unknown here.
func (st *state) comment(entityID, id uuid.UUID) (board.CommentSnapshot, bool) {
	c, ok := st.comments[id]
	return c, ok && c.EntityID == entityID
}

func (r *comments) Create(ctx context.Context, c *board.Comment) error {
	return r.d.update(ctx, func(st *state) error {
		s := c.Snapshot()
		if _, ok := st.comments[s.ID]; ok {
			return fault.Conflict("comment already exists")
		}
		if _, ok := st.entities[s.EntityID]; !ok {
			return missing("entity", s.EntityID)
		}
		if _, ok := st.users[s.AuthorID]; !ok {
			return missing("user", s.AuthorID)
		}
		st.comments[s.ID] = commentRow(s)
		return nil
	})
}

func (r *comments) ByID(ctx context.Context, entityID, id uuid.UUID) (*board.Comment, error) {
	var c *board.Comment
	err := r.d.view(ctx, func(st *state) error {
		s, ok := st.comment(entityID, id)
		if !ok {
			return errCommentNotFound()
		}
		c = board.RehydrateComment(commentRow(s))
		return nil
	})
	return c, err
}

// Save writes the content and updated_at, what an edit changes.
func (r *comments) Save(ctx context.Context, c *board.Comment) error {
	return r.d.update(ctx, func(st *state) error {
		s := c.Snapshot()
		row, ok := st.comment(s.EntityID, s.ID)
		if !ok {
			return errCommentNotFound()
		}
		row.Content, row.UpdatedAt = s.Content, s.UpdatedAt
		st.comments[s.ID] = commentRow(row)
		return nil
	})
}

func (r *comments) Delete(ctx context.Context, entityID, id uuid.UUID) error {
	return r.d.update(ctx, func(st *state) error {
		if _, ok := st.comment(entityID, id); !ok {
			return errCommentNotFound()
		}
		delete(st.comments, id)
		return nil
	})
}

func (r *comments) List(ctx context.Context, entityID uuid.UUID) ([]ports.CommentView, error) {
	var out []ports.CommentView
	err := r.d.view(ctx, func(st *state) error {
		for _, c := range st.comments {
			if c.EntityID == entityID {
				out = append(out, ports.CommentView{Comment: commentRow(c), AuthorUsername: st.users[c.AuthorID].Username})
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b ports.CommentView) int {
		return newestFirst(a.Comment.CreatedAt, b.Comment.CreatedAt, a.Comment.ID, b.Comment.ID)
	})
	return out, err
}
