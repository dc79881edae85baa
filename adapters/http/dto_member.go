package httpapi

import (
	"time"

	"github.com/enquete/enquete/adapters/http/isotime"
	appcasework "github.com/enquete/enquete/application/casework"
)

type changeRoleRequest struct {
	Role string `json:"role"`
}

type transferRequest struct {
	UserID int64 `json:"user_id"`
}

// memberJSON is the Member object of API.md; id is the user's id.
type memberJSON struct {
	ID       int64   `json:"id"`
	Username string  `json:"username"`
	Email    string  `json:"email"`
	Avatar   *string `json:"avatar"`
	Role     string  `json:"role"`
	JoinedAt string  `json:"joined_at"`
	LastSeen *string `json:"last_seen"`
	Online   bool    `json:"online"`
}

type membersResponse struct {
	Members []memberJSON `json:"members"`
}

type revokedResponse struct {
	Message       string `json:"message"`
	Code          string `json:"code"`
	RemovedUserID int64  `json:"removed_user_id"`
}

type heartbeatResponse struct {
	Status   string `json:"status"`
	LastSeen string `json:"last_seen"`
}

func (s *server) toMemberJSON(m appcasework.Member) memberJSON {
	snap := m.Member
	return memberJSON{
		ID: snap.UserID, Username: m.Username, Email: m.Email, Avatar: s.mediaURL(m.Avatar),
		Role: snap.Role.String(), JoinedAt: isotime.Format(snap.JoinedAt),
		LastSeen: formatOptional(snap.LastSeen), Online: m.Online,
	}
}

func (s *server) toMembersResponse(members []appcasework.Member) membersResponse {
	out := make([]memberJSON, len(members))
	for i, m := range members {
		out[i] = s.toMemberJSON(m)
	}
	return membersResponse{Members: out}
}

// formatOptional formats a nullable datetime; nil stays null.
func formatOptional(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := isotime.Format(*t)
	return &s
}
