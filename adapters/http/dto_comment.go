package httpapi

import (
	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/ports"
)

type commentRequest struct {
	Content string `json:"content"`
}

type authorJSON struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
}

// commentJSON is a comment with its author.
type commentJSON struct {
	ID        string     `json:"id"`
	Author    authorJSON `json:"author"`
	Content   string     `json:"content"`
	CreatedAt string     `json:"created_at"`
	UpdatedAt string     `json:"updated_at"`
}

type commentsResponse struct {
	Comments []commentJSON `json:"comments"`
}

func toCommentJSON(v ports.CommentView) commentJSON {
	c := v.Comment
	return commentJSON{
		ID: c.ID.String(), Author: authorJSON{ID: c.AuthorID, Username: v.AuthorUsername},
		Content: c.Content, CreatedAt: isotime.Format(c.CreatedAt), UpdatedAt: isotime.Format(c.UpdatedAt),
	}
}

func toCommentsResponse(views []ports.CommentView) commentsResponse {
	out := make([]commentJSON, len(views))
	for i, v := range views {
		out[i] = toCommentJSON(v)
	}
	return commentsResponse{Comments: out}
}
