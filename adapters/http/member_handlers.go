package httpapi

import (
	"net/http"

	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// Messages of the member routes; the French one is Django's.
const (
	msgRevoked     = "Accès retiré et code régénéré"
	msgLeft        = "Left investigation successfully"
	msgTransferred = "Ownership transferred successfully"
)

func (s *server) memberRoutes(inv *gin.RouterGroup) {
	inv.GET("/members", s.listMembers)
	inv.PATCH("/members/:user_id", s.changeRole)
	inv.DELETE("/members/:user_id", s.revokeMember)
	inv.POST("/leave", s.leave)
	inv.POST("/transfer", s.transferOwnership)
	inv.GET("/presence", s.listMembers) // the same members, with last_seen and online
	inv.POST("/presence", s.heartbeat)
}

func (s *server) listMembers(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	q, ok := s.pageQuery(c)
	if !ok {
		return
	}
	members, err := s.casework.Members(c.Request.Context(), id, p.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	members, next := paginate(members, q, memberOrder)
	writeJSON(c, http.StatusOK, withNextCursor(s.toMembersResponse(members), next))
}

func (s *server) changeRole(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	target, ok := s.pathUserID(c, "user_id")
	if !ok {
		return
	}
	var in changeRoleRequest
	if !s.bind(c, &in) {
		return
	}
	m, err := s.casework.ChangeRole(c.Request.Context(), id, p.UserID, target, in.Role)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, s.toMemberJSON(m))
}

func (s *server) revokeMember(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	target, ok := s.pathUserID(c, "user_id")
	if !ok {
		return
	}
	r, err := s.casework.Revoke(c.Request.Context(), id, p.UserID, target)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, revokedResponse{Message: msgRevoked, Code: r.Code, RemovedUserID: r.RemovedUserID})
}

func (s *server) leave(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	if err := s.casework.Leave(c.Request.Context(), id, p.UserID); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, msgLeft)
}

func (s *server) transferOwnership(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	var in transferRequest
	if !s.bind(c, &in) {
		return
	}
	switch {
	case in.UserID == 0:
		s.fail(c, fault.Invalid("user_id", "is required"))
		return
	case in.UserID < 0:
		s.fail(c, fault.Invalid("user_id", "must be a positive integer"))
		return
	}
	if err := s.casework.TransferOwnership(c.Request.Context(), id, p.UserID, in.UserID); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, msgTransferred)
}

func (s *server) heartbeat(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	at, err := s.casework.Heartbeat(c.Request.Context(), id, p.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, heartbeatResponse{Status: "ok", LastSeen: isotime.Format(at)})
}
