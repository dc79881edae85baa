package httpapi

import (
	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/ports"
)

type createInvestigationRequest struct {
	Title       string `json:"title"`
	Description string `json:"description"`
}

type updateInvestigationRequest struct {
	Title       optional[string] `json:"title"`
	Description optional[string] `json:"description"`
}

type joinRequest struct {
	Code string `json:"code"`
}

// investigationJSON is the Investigation object of API.md.
type investigationJSON struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Title       string `json:"title"`
	Description string `json:"description"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
	IsActive    bool   `json:"is_active"`
	CreatedBy   string `json:"created_by"`
	MemberCount int    `json:"member_count"`
	Role        string `json:"role"`
}

type investigationsResponse struct {
	Investigations []investigationJSON `json:"investigations"`
}

type createdInvestigationResponse struct {
	Message string `json:"message"`
	ID      string `json:"id"`
	Code    string `json:"code"`
}

type joinedResponse struct {
	Message         string `json:"message"`
	InvestigationID string `json:"investigation_id"`
}

func toInvestigationJSON(v ports.InvestigationView) investigationJSON {
	i := v.Investigation
	return investigationJSON{
		ID: i.ID.String(), Code: i.Code, Title: i.Title, Description: i.Description,
		CreatedAt: isotime.Format(i.CreatedAt), UpdatedAt: isotime.Format(i.UpdatedAt),
		IsActive: i.IsActive, CreatedBy: v.CreatedByUsername, MemberCount: v.MemberCount,
		Role: v.Role.String(),
	}
}

func toInvestigationsResponse(views []ports.InvestigationView) investigationsResponse {
	out := make([]investigationJSON, len(views))
	for i, v := range views {
		out[i] = toInvestigationJSON(v)
	}
	return investigationsResponse{Investigations: out}
}
