package bundle

import (
	"context"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// boardContent reads entities, links, comments and attachments. Comments
// and attachments are listed per entity, and only for entities whose counts
// say they have some: a board of 10 000 bare entities costs two queries.
func (s *Service) boardContent(ctx context.Context, id uuid.UUID, m *Manifest, p progress) error {
	st := s.store
	views, err := st.Entities.List(ctx, id, ports.EntityFilter{})
	if err != nil {
		return err
	}
	p.stage("reading entities", int64(len(views)), "")
	exported := make(map[uuid.UUID]bool, len(views))
	for _, v := range views {
		e := v.Entity
		exported[e.ID] = true
		tags := make([]uuid.UUID, len(v.Tags))
		for i, t := range v.Tags {
			tags[i] = t.ID
		}
		m.Entities = append(m.Entities, Entity{ID: e.ID, Type: e.Kind.String(), Title: e.Title,
			Description: e.Description, Role: e.Role, Location: e.Location, Address: e.Address,
			EventDate: e.EventDate, EventEndDate: e.EventEndDate, IsTimeslot: e.IsTimeslot,
			EvidenceType: e.EvidenceType, CreatedBy: v.CreatedByUsername, CreatedAt: e.CreatedAt,
			UpdatedAt: e.UpdatedAt, Photo: e.Photo, Tags: tags})
		if err := s.entityChildren(ctx, v, m); err != nil {
			return err
		}
		p.advance(1)
	}
	links, err := st.Links.List(ctx, id, ports.LinkFilter{})
	if err != nil {
		return err
	}
	for _, v := range links {
		l := v.Link
		if !exported[l.FromEntityID] || !exported[l.ToEntityID] {
			continue // an end was deleted between the two reads
		}
		m.Links = append(m.Links, Link{ID: l.ID, FromEntityID: l.FromEntityID, ToEntityID: l.ToEntityID,
			Title: l.Title, Description: l.Description, CreatedBy: v.CreatedByUsername, CreatedAt: l.CreatedAt})
	}
	return nil
}

// entityChildren reads one entity's comments and attachments.
func (s *Service) entityChildren(ctx context.Context, v ports.EntityView, m *Manifest) error {
	id := v.Entity.ID
	if v.CommentsCount > 0 {
		comments, err := s.store.Comments.List(ctx, id)
		if err != nil {
			return err
		}
		for _, c := range comments {
			cs := c.Comment
			m.Comments = append(m.Comments, Comment{ID: cs.ID, EntityID: id, Author: c.AuthorUsername,
				Content: cs.Content, CreatedAt: cs.CreatedAt, UpdatedAt: cs.UpdatedAt})
		}
	}
	if v.AttachmentsCount > 0 {
		atts, err := s.store.Attachments.List(ctx, id)
		if err != nil {
			return err
		}
		for _, a := range atts {
			as := a.Attachment
			m.Attachments = append(m.Attachments, Attachment{ID: as.ID, EntityID: id, File: as.File,
				Filename: as.Filename, FileType: as.FileType, Size: as.Size, SHA256: as.SHA256,
				UploadedBy: a.UploadedByUsername, UploadedAt: as.UploadedAt})
		}
	}
	return nil
}
