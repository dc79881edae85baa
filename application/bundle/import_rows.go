package bundle

import (
	"context"
	"errors"
	"fmt"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// codeAttempts bounds the retries when a fresh join code collides.
const codeAttempts = 10

// writeRows writes every row in one transaction.
//
// Rows are rebuilt with the domain's Rehydrate functions rather than its
// constructors: an import restores stored state, as a repository does, and
// must accept what the source server accepted (Django let in entity types
// and lengths the constructors refuse today). Manifest.check has already
// verified the structure and the text.
func (s *Service) writeRows(ctx context.Context, pl *plan, p progress) error {
	m := pl.m
	c := countsOf(m)
	p.stage("writing rows", int64(1+c.Tags+c.Entities+c.Links+c.Comments+c.Attachments), "")
	return s.store.Tx.InTx(ctx, func(ctx context.Context) error {
		st := s.store
		inv, err := s.createInvestigation(ctx, pl)
		if err != nil {
			return err
		}
		p.advance(1)
		if err := s.addMembers(ctx, pl); err != nil {
			return err
		}
		for _, t := range m.Tags {
			tag := board.RehydrateTag(board.TagSnapshot{ID: pl.ids[t.ID], InvestigationID: pl.invID,
				Name: t.Name, Color: t.Color, CreatedAt: t.CreatedAt})
			if err := st.Tags.Create(ctx, tag); err != nil {
				return fmt.Errorf("tag %q: %w", t.Name, err)
			}
			p.advance(1)
		}
		for _, e := range m.Entities {
			if err := s.createEntity(ctx, pl, e); err != nil {
				return fmt.Errorf("entity %s: %w", e.ID, err)
			}
			p.advance(1)
		}
		for _, l := range m.Links {
			link := board.RehydrateLink(board.LinkSnapshot{ID: pl.ids[l.ID], InvestigationID: pl.invID,
				FromEntityID: pl.ids[l.FromEntityID], ToEntityID: pl.ids[l.ToEntityID], Title: l.Title,
				Description: l.Description, CreatedBy: pl.user(l.CreatedBy), CreatedAt: l.CreatedAt})
			if err := st.Links.Create(ctx, link); err != nil {
				return fmt.Errorf("link %s: %w", l.ID, err)
			}
			p.advance(1)
		}
		for _, cm := range m.Comments {
			c := board.RehydrateComment(board.CommentSnapshot{ID: pl.ids[cm.ID], EntityID: pl.ids[cm.EntityID],
				AuthorID: pl.user(cm.Author), Content: cm.Content, CreatedAt: cm.CreatedAt, UpdatedAt: cm.UpdatedAt})
			if err := st.Comments.Create(ctx, c); err != nil {
				return fmt.Errorf("comment %s: %w", cm.ID, err)
			}
			p.advance(1)
		}
		for _, a := range m.Attachments {
			f := pl.files[a.File]
			att := board.RehydrateAttachment(board.AttachmentSnapshot{ID: pl.ids[a.ID], EntityID: pl.ids[a.EntityID],
				File: f.stored, Filename: a.Filename, FileType: a.FileType, Size: f.size, SHA256: f.sha256,
				UploadedBy: pl.user(a.UploadedBy), UploadedAt: a.UploadedAt})
			if err := st.Attachments.Create(ctx, att); err != nil {
				return fmt.Errorf("attachment %s: %w", a.ID, err)
			}
			p.advance(1)
		}
		if st.Changes == nil {
			return nil
		}
		// One change for the whole import: the bundle is the record of the
		// objects' history, and the audit trail notes who brought it in.
		return st.Changes.Record(ctx, ports.Change{InvestigationID: pl.invID,
			Type: ports.ObjectInvestigation + "." + ports.Created, ObjectID: pl.invID.String(),
			ActorID: pl.owner, At: s.clock.Now(), After: inv.Snapshot()})
	})
}

func (s *Service) createInvestigation(ctx context.Context, pl *plan) (*casework.Investigation, error) {
	b := pl.m.Investigation
	inv := casework.RehydrateInvestigation(casework.InvestigationSnapshot{ID: pl.invID, Code: casework.NewCode().String(),
		Title: b.Title, Description: b.Description, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt,
		IsActive: b.IsActive, CreatedBy: pl.owner})
	for i := 0; ; i++ {
		err := s.store.Investigations.Create(ctx, inv)
		if err == nil {
			pl.code = inv.Code()
			return inv, nil
		}
		if !errors.Is(err, fault.ErrConflict) || i == codeAttempts {
			return nil, fmt.Errorf("investigation: %w", err)
		}
		inv.RotateCode()
	}
}

// addMembers makes the owner the owner, and every other member of the bundle
// who has an account here a member with the same role; the bundle's owner,
// when someone else imports, becomes an admin (one owner per investigation).
// Members are added in the bundle's order, so that ties on joined_at list
// as they did.
func (s *Service) addMembers(ctx context.Context, pl *plan) error {
	ownerAdded := false
	add := func(id int64, role casework.Role, mm Member) error {
		member := casework.RehydrateMember(casework.MemberSnapshot{InvestigationID: pl.invID, UserID: id,
			Role: role, JoinedAt: mm.JoinedAt, LastSeen: mm.LastSeen})
		if err := s.store.Members.Add(ctx, member); err != nil {
			return fmt.Errorf("member %q: %w", mm.Username, err)
		}
		return nil
	}
	for _, mm := range pl.m.Members {
		id, ok := pl.users[mm.Username]
		if !ok {
			continue
		}
		role, _ := casework.ParseRole(mm.Role) // checked by Manifest.check
		switch {
		case id == pl.owner:
			role, ownerAdded = casework.RoleOwner, true
		case role == casework.RoleOwner:
			role = casework.RoleAdmin
		}
		if err := add(id, role, mm); err != nil {
			return err
		}
	}
	if ownerAdded {
		return nil
	}
	return add(pl.owner, casework.RoleOwner, Member{Username: pl.ownerName, JoinedAt: pl.m.Investigation.CreatedAt})
}

func (s *Service) createEntity(ctx context.Context, pl *plan, e Entity) error {
	photo := ""
	if e.Photo != "" {
		photo = pl.files[e.Photo].stored
	}
	id := pl.ids[e.ID]
	ent := board.RehydrateEntity(board.EntitySnapshot{ID: id, InvestigationID: pl.invID,
		Kind: board.KindFromStore(e.Type), Title: e.Title, Description: e.Description, Role: e.Role,
		Location: e.Location, Address: e.Address, EventDate: e.EventDate, EventEndDate: e.EventEndDate,
		IsTimeslot: e.IsTimeslot, EvidenceType: e.EvidenceType, CreatedBy: pl.user(e.CreatedBy),
		CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, Photo: photo})
	if err := s.store.Entities.Create(ctx, ent); err != nil {
		return err
	}
	if len(e.Tags) == 0 {
		return nil
	}
	tags := make([]uuid.UUID, len(e.Tags))
	for i, t := range e.Tags {
		tags[i] = pl.ids[t]
	}
	return s.store.Entities.SetTags(ctx, id, tags)
}
