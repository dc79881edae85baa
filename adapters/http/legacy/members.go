package legacy

import (
	"net/http"
	"strconv"

	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/adapters/http/legacy/pyjson"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// Django's messages for members and the investigation.
const (
	msgRevoked            = "Accès retiré et code régénéré"
	msgOnlyCreatorManages = "Seul le créateur peut gérer les accès."
	msgOnlyCreatorDeletes = "Seul le créateur peut supprimer l'enquête."
	msgNotAMember         = "Not a member"
	msgInvestigationGone  = "Enquête supprimée"
	dashboardRedirect     = "/dashboard/"
	heartbeatStatusOK     = "ok"
)

// listMembers is GET members/: user ids as strings, in join order (Django
// had no ORDER BY).
func (s *server) listMembers(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	members, err := s.casework.Members(c.Request.Context(), a.InvestigationID, a.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	list := make([]pyjson.Object, len(members))
	for i, m := range members {
		list[i] = obj("id", userID(m.Member.UserID), "username", m.Username, "email", m.Email,
			"role", m.Member.Role.String(), "joined_at", isotime.Format(m.Member.JoinedAt))
	}
	writeJSON(c, http.StatusOK, obj("members", list))
}

// presence is GET presence/: online means a heartbeat in the last 30 s.
func (s *server) presence(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	members, err := s.casework.Members(c.Request.Context(), a.InvestigationID, a.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	list := make([]pyjson.Object, len(members))
	for i, m := range members {
		list[i] = obj("id", userID(m.Member.UserID), "username", m.Username, "avatar", s.fileURL(m.Avatar),
			"role", m.Member.Role.String(), "last_seen", isoOrNull(m.Member.LastSeen), "online", m.Online)
	}
	writeJSON(c, http.StatusOK, obj("members", list))
}

// heartbeat is POST presence/heartbeat/; a non-member gets Django's
// "Not a member".
func (s *server) heartbeat(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	at, err := s.casework.Heartbeat(c.Request.Context(), a.InvestigationID, a.UserID)
	if err != nil {
		s.fail(c, reword(err, fault.KindForbidden, msgNotAMember))
		return
	}
	writeJSON(c, http.StatusOK, obj("status", heartbeatStatusOK, "last_seen", isotime.Format(at)))
}

// revoke is POST members/<user_id>/revoke/: the member is removed and the
// join code rotated. Django allowed only the investigation's creator; the
// role table allows the owner, and admins for members and viewers. A caller
// who may not revoke anyone gets Django's "only the creator manages access"
// (with admins it is not literally true any more, but it is what Django's
// clients show); an admin refused for the target's rank gets "Access
// denied", which is what happened. removed_user_id is an integer, as Django
// echoed its <int:> converter.
func (s *server) revoke(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	target, ok := parseUserID(c.Param("user_id"))
	if !ok {
		writeError(c, http.StatusNotFound, msgNotFound)
		return
	}
	ctx := c.Request.Context()
	r, err := s.casework.Revoke(ctx, a.InvestigationID, a.UserID, target)
	if fault.KindOf(err) == fault.KindForbidden {
		if _, rerr := s.casework.Require(ctx, a.InvestigationID, a.UserID, ports.PermRevokeMembers); rerr != nil {
			err = reword(err, fault.KindForbidden, msgOnlyCreatorManages)
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, obj("message", msgRevoked, "code", r.Code, "removed_user_id", r.RemovedUserID))
}

// deleteInvestigation is POST delete/ (the owner, who is its creator).
func (s *server) deleteInvestigation(c *gin.Context) {
	a, ok := s.actor(c)
	if !ok {
		return
	}
	if err := s.casework.Delete(c.Request.Context(), a.InvestigationID, a.UserID); err != nil {
		s.fail(c, reword(err, fault.KindForbidden, msgOnlyCreatorDeletes))
		return
	}
	writeJSON(c, http.StatusOK, obj("message", msgInvestigationGone, "redirect", dashboardRedirect))
}

// userID is a user id as Django's members and presence write it: str(id).
func userID(id int64) string { return strconv.FormatInt(id, 10) }
