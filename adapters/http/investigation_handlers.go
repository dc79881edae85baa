package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Messages of the investigation routes; the French ones are Django's.
const (
	msgInvestigationCreated = "Investigation created successfully"
	msgInvestigationDeleted = "Enquête supprimée"
	msgJoined               = "Joined investigation successfully"
)

func (s *server) investigationRoutes(authed *gin.RouterGroup) {
	authed.GET("/investigations", s.listInvestigations)
	authed.POST("/investigations", s.createInvestigation)
	authed.POST("/investigations/join", s.joinInvestigation)
	authed.GET("/investigations/:id", s.getInvestigation)
	authed.PATCH("/investigations/:id", s.updateInvestigation)
	authed.DELETE("/investigations/:id", s.deleteInvestigation)
}

func (s *server) listInvestigations(c *gin.Context) {
	p, ok := s.principal(c)
	if !ok {
		return
	}
	q, ok := s.pageQuery(c)
	if !ok {
		return
	}
	views, err := s.casework.List(c.Request.Context(), p.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	views, next := paginate(views, q, investigationOrder)
	writeJSON(c, http.StatusOK, withNextCursor(toInvestigationsResponse(views), next))
}

func (s *server) createInvestigation(c *gin.Context) {
	p, ok := s.principal(c)
	if !ok {
		return
	}
	var in createInvestigationRequest
	if !s.bind(c, &in) {
		return
	}
	created, err := s.casework.Create(c.Request.Context(), p.UserID, in.Title, in.Description)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, createdInvestigationResponse{
		Message: msgInvestigationCreated, ID: created.ID.String(), Code: created.Code})
}

func (s *server) joinInvestigation(c *gin.Context) {
	p, ok := s.principal(c)
	if !ok {
		return
	}
	var in joinRequest
	if !s.bind(c, &in) {
		return
	}
	id, err := s.casework.Join(c.Request.Context(), p.UserID, in.Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, joinedResponse{Message: msgJoined, InvestigationID: id.String()})
}

func (s *server) getInvestigation(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	v, err := s.casework.Get(c.Request.Context(), id, p.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, toInvestigationJSON(v))
}

func (s *server) updateInvestigation(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	var in updateInvestigationRequest
	if !s.bind(c, &in) {
		return
	}
	title, err := in.Title.ptr("title")
	if err != nil {
		s.fail(c, err)
		return
	}
	description, err := in.Description.ptr("description")
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.casework.Update(c.Request.Context(), id, p.UserID, title, description)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, toInvestigationJSON(v))
}

func (s *server) deleteInvestigation(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	if err := s.casework.Delete(c.Request.Context(), id, p.UserID); err != nil {
		s.fail(c, err)
		return
	}
	writeMessage(c, http.StatusOK, msgInvestigationDeleted)
}
