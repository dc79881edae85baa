package board

import (
	"context"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// ListComments returns an entity's comments, newest first.
func (s *Service) ListComments(ctx context.Context, a Actor, entityID uuid.UUID) ([]ports.CommentView, error) {
	if err := s.requireEntity(ctx, a, ports.PermRead, entityID); err != nil {
		return nil, err
	}
	return s.comments.List(ctx, entityID)
}

// CreateComment adds a comment to an entity.
func (s *Service) CreateComment(ctx context.Context, a Actor, entityID uuid.UUID, content string) (ports.CommentView, error) {
	var after ports.CommentView
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.requireEntity(ctx, a, ports.PermWrite, entityID); err != nil {
			return err
		}
		c, err := board.NewComment(entityID, a.UserID, content, s.clock.Now())
		if err != nil {
			return err
		}
		if err := s.comments.Create(ctx, c); err != nil {
			return err
		}
		if after, err = s.commentView(ctx, entityID, c.ID()); err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectComment, ports.Created, c.ID(), nil, after)
	})
	return after, err
}

// EditComment changes a comment's content (its author only).
func (s *Service) EditComment(ctx context.Context, a Actor, entityID, id uuid.UUID, content string) (ports.CommentView, error) {
	var after ports.CommentView
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.requireEntity(ctx, a, ports.PermWrite, entityID); err != nil {
			return err
		}
		before, err := s.commentView(ctx, entityID, id)
		if err != nil {
			return err
		}
		c, err := s.comments.ByID(ctx, entityID, id)
		if err != nil {
			return err
		}
		if err := c.Edit(a.UserID, content, s.clock.Now()); err != nil {
			return err
		}
		if err := s.comments.Save(ctx, c); err != nil {
			return err
		}
		after = ports.CommentView{Comment: c.Snapshot(), AuthorUsername: before.AuthorUsername}
		return s.record(ctx, a, ports.ObjectComment, ports.Updated, id, before, after)
	})
	return after, err
}

// DeleteComment removes a comment: its author, or an owner or admin.
func (s *Service) DeleteComment(ctx context.Context, a Actor, entityID, id uuid.UUID) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		acc, err := s.require(ctx, a, ports.PermWrite)
		if err != nil {
			return err
		}
		if _, err := s.entities.ByID(ctx, a.InvestigationID, entityID); err != nil {
			return err
		}
		c, err := s.comments.ByID(ctx, entityID, id)
		if err != nil {
			return err
		}
		if err := c.CanDelete(a.UserID, acc.CanModerate); err != nil {
			return err
		}
		before, err := s.commentView(ctx, entityID, id)
		if err != nil {
			return err
		}
		if err := s.comments.Delete(ctx, entityID, id); err != nil {
			return err
		}
		return s.record(ctx, a, ports.ObjectComment, ports.Deleted, id, before, nil)
	})
}

// requireEntity checks the permission, then that the entity is on this board.
func (s *Service) requireEntity(ctx context.Context, a Actor, p ports.Permission, entityID uuid.UUID) error {
	if _, err := s.require(ctx, a, p); err != nil {
		return err
	}
	_, err := s.entities.ByID(ctx, a.InvestigationID, entityID)
	return err
}

func (s *Service) commentView(ctx context.Context, entityID, id uuid.UUID) (ports.CommentView, error) {
	views, err := s.comments.List(ctx, entityID)
	if err != nil {
		return ports.CommentView{}, err
	}
	for _, v := range views {
		if v.Comment.ID == id {
			return v, nil
		}
	}
	return ports.CommentView{}, fault.NotFound("comment not found")
}
