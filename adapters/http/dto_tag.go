package httpapi

import "github.com/enquete/enquete/ports"

type createTagRequest struct {
	Name  string `json:"name"`
	Color string `json:"color"`
}

type updateTagRequest struct {
	Name  optional[string] `json:"name"`
	Color optional[string] `json:"color"`
}

// tagJSON is a tag of the investigation with the number of its entities.
type tagJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	EntityCount int    `json:"entity_count"`
}

type tagsResponse struct {
	Tags []tagJSON `json:"tags"`
}

func toTagJSON(v ports.TagView) tagJSON {
	return tagJSON{ID: v.Tag.ID.String(), Name: v.Tag.Name, Color: v.Tag.Color, EntityCount: v.EntityCount}
}

func toTagsResponse(views []ports.TagView) tagsResponse {
	out := make([]tagJSON, len(views))
	for i, v := range views {
		out[i] = toTagJSON(v)
	}
	return tagsResponse{Tags: out}
}
