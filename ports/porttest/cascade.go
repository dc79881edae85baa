package porttest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// sharedPhoto is a file referenced by entities of two investigations (Django
// never deletes files, so rows may share one): deleting one investigation
// must not hand it out for deletion.
const sharedPhoto = "entity_photos/shared.png"

// populated is an investigation with one of everything in it.
type populated struct {
	inv              *casework.Investigation
	e1, e2, e3       *board.Entity // e1 has its own photo, e2 the shared one, e3 none
	l12, l31         *board.Link
	tag              *board.Tag // on e1 and e2
	comment          *board.Comment
	attachment       *board.Attachment // on e2
	photo, attchFile string
}

func (f *fixture) populate(owner, member *identity.User, p string, when int) populated {
	f.t.Helper()
	var b populated
	b.inv = f.investigation(owner, "Investigation "+p, at(when))
	f.join(b.inv, member, at(when+1))
	b.photo, b.attchFile = "entity_photos/"+p+"1.png", "attachments/"+p+".pdf"
	b.e1 = f.photographed(b.inv, owner, p+"1", b.photo, at(when+2))
	b.e2 = f.photographed(b.inv, member, p+"2", sharedPhoto, at(when+3))
	b.e3 = f.entity(b.inv, owner, "event", p+"3", at(when+4))
	b.l12 = f.link(b.inv, b.e1, b.e2, p+"1→2", owner, at(when+5))
	b.l31 = f.link(b.inv, b.e3, b.e1, p+"3→1", member, at(when+6))
	b.tag = f.tag(b.inv, "Tag "+p, "#112233", at(when+7))
	f.setTags(b.e1, b.tag)
	f.setTags(b.e2, b.tag)
	b.comment = f.comment(b.e1, member, "Comment in "+p, at(when+8))
	b.attachment = f.attachment(b.e2, b.attchFile, member, at(when+9))
	return b
}

func testInvestigationDelete(t *testing.T, newStore Factory) {
	f := newFixture(t, newStore)
	alice, bob := f.user("alice"), f.user("bob")
	a := f.populate(alice, bob, "A", 1)
	b := f.populate(bob, alice, "B", 20)

	var files []string
	err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
		var err error
		files, err = f.s.Investigations.Delete(ctx, a.inv.ID())
		return err
	})
	if !wantErr(t, "Investigations.Delete(A)", err, nil) {
		return
	}
	wantSet(t, "Investigations.Delete(A) files", files, []string{a.photo, a.attchFile})

	gone := func(call string, err error) { t.Helper(); wantErr(t, call+" after deleting A", err, fault.ErrNotFound) }
	_, err = f.s.Investigations.ByID(f.ctx, a.inv.ID())
	gone("Investigations.ByID(A)", err)
	_, err = f.s.Investigations.ByCode(f.ctx, a.inv.Code())
	gone("Investigations.ByCode(A)", err)
	for _, u := range []*identity.User{alice, bob} {
		_, err = f.s.Members.Get(f.ctx, a.inv.ID(), u.ID())
		gone(fmt.Sprintf("Members.Get(A, %s)", u.Username()), err)
	}
	for _, e := range []*board.Entity{a.e1, a.e2, a.e3} {
		_, err = f.s.Entities.ByID(f.ctx, a.inv.ID(), e.ID())
		gone(fmt.Sprintf("Entities.ByID(%s)", e.Title()), err)
	}
	_, err = f.s.Links.ByID(f.ctx, a.inv.ID(), a.l12.ID())
	gone("Links.ByID(A1→2)", err)
	_, err = f.s.Tags.ByID(f.ctx, a.inv.ID(), a.tag.ID())
	gone("Tags.ByID(Tag A)", err)
	_, err = f.s.Comments.ByID(f.ctx, a.e1.ID(), a.comment.ID())
	gone("Comments.ByID(A)", err)
	_, err = f.s.Attachments.ByID(f.ctx, a.e2.ID(), a.attachment.ID())
	gone("Attachments.ByID(A)", err)

	var each []string
	if err := f.s.Attachments.Each(f.ctx, func(s board.AttachmentSnapshot) error { each = append(each, s.File); return nil }); err == nil {
		wantSet(t, "Attachments.Each after deleting A", each, []string{b.attchFile})
	} else {
		t.Errorf("Attachments.Each = %v; want nil", err)
	}
	refs, err := f.s.Attachments.ReferencedFiles(f.ctx)
	if wantErr(t, "Attachments.ReferencedFiles", err, nil) {
		wantSet(t, "Attachments.ReferencedFiles after deleting A", keys(refs), []string{b.photo, sharedPhoto, b.attchFile})
	}
	for _, u := range []*identity.User{alice, bob} {
		list, err := f.s.Investigations.ListForUser(f.ctx, u.ID())
		if wantErr(t, "Investigations.ListForUser", err, nil) {
			wantOrder(t, fmt.Sprintf("Investigations.ListForUser(%s) after deleting A", u.Username()), invTitles(list), []string{"Investigation B"})
		}
	}
	checkIntact(t, f, b)
}

// checkIntact verifies that a populated investigation kept everything.
func checkIntact(t *testing.T, f *fixture, b populated) {
	t.Helper()
	members, err := f.s.Members.List(f.ctx, b.inv.ID())
	if wantErr(t, "Members.List(B)", err, nil) && len(members) != 2 {
		t.Errorf("Members.List(B) has %d members; want 2", len(members))
	}
	entities, err := f.s.Entities.List(f.ctx, b.inv.ID(), ports.EntityFilter{})
	if wantErr(t, "Entities.List(B)", err, nil) {
		wantOrder(t, "Entities.List(B)", entityTitles(entities), []string{"B3", "B2", "B1"})
		for _, v := range entities {
			if v.Entity.ID == b.e1.ID() && (len(v.Tags) != 1 || v.CommentsCount != 1) {
				t.Errorf("Entities.List(B): B1 has %d tags, %d comments; want 1, 1", len(v.Tags), v.CommentsCount)
			}
			if v.Entity.ID == b.e2.ID() && (len(v.Tags) != 1 || v.AttachmentsCount != 1) {
				t.Errorf("Entities.List(B): B2 has %d tags, %d attachments; want 1, 1", len(v.Tags), v.AttachmentsCount)
			}
		}
	}
	links, err := f.s.Links.List(f.ctx, b.inv.ID(), ports.LinkFilter{})
	if wantErr(t, "Links.List(B)", err, nil) && len(links) != 2 {
		t.Errorf("Links.List(B) has %d links; want 2", len(links))
	}
	tags, err := f.s.Tags.List(f.ctx, b.inv.ID())
	if wantErr(t, "Tags.List(B)", err, nil) && (len(tags) != 1 || tags[0].EntityCount != 2) {
		t.Errorf("Tags.List(B) = %+v; want one tag on 2 entities", tags)
	}
	_, err = f.s.Comments.ByID(f.ctx, b.e1.ID(), b.comment.ID())
	wantErr(t, "Comments.ByID(B)", err, nil)
	_, err = f.s.Attachments.ByID(f.ctx, b.e2.ID(), b.attachment.ID())
	wantErr(t, "Attachments.ByID(B)", err, nil)
}

func testEntityDelete(t *testing.T, newStore Factory) {
	f := newFixture(t, newStore)
	alice, bob := f.user("alice"), f.user("bob")
	a := f.populate(alice, bob, "A", 1)
	b := f.populate(bob, alice, "B", 20)
	second := f.attachment(a.e1, "attachments/A1-second.pdf", alice, at(15))
	l23 := f.link(a.inv, a.e2, a.e3, "A2→3", alice, at(16))
	c2 := f.comment(a.e2, alice, "On A2", at(17))

	del := func(inv, id uuid.UUID) ([]string, error) {
		var files []string
		err := f.s.Tx.InTx(f.ctx, func(ctx context.Context) error {
			var err error
			files, err = f.s.Entities.Delete(ctx, inv, id)
			return err
		})
		return files, err
	}
	// Scoping first: the id of A1 under B's investigation is unknown.
	_, err := del(b.inv.ID(), a.e1.ID())
	wantErr(t, "Entities.Delete(B, A1)", err, fault.ErrNotFound)
	if _, err := f.s.Entities.ByID(f.ctx, a.inv.ID(), a.e1.ID()); err != nil {
		t.Errorf("Entities.ByID(A1) after a refused Delete = %v; want nil", err)
	}

	files, err := del(a.inv.ID(), a.e1.ID())
	if !wantErr(t, "Entities.Delete(A1)", err, nil) {
		return
	}
	wantSet(t, "Entities.Delete(A1) files", files, []string{a.photo, second.File()})
	_, err = del(a.inv.ID(), a.e1.ID())
	wantErr(t, "Entities.Delete(A1) again", err, fault.ErrNotFound)

	_, err = f.s.Entities.ByID(f.ctx, a.inv.ID(), a.e1.ID())
	wantErr(t, "Entities.ByID(A1) after Delete", err, fault.ErrNotFound)
	for _, l := range []*board.Link{a.l12, a.l31} { // A1 as source and as target
		_, err = f.s.Links.ByID(f.ctx, a.inv.ID(), l.ID())
		wantErr(t, fmt.Sprintf("Links.ByID(%s) after deleting A1", l.Snapshot().Title), err, fault.ErrNotFound)
	}
	_, err = f.s.Comments.ByID(f.ctx, a.e1.ID(), a.comment.ID())
	wantErr(t, "Comments.ByID(on A1) after deleting A1", err, fault.ErrNotFound)
	_, err = f.s.Attachments.ByID(f.ctx, a.e1.ID(), second.ID())
	wantErr(t, "Attachments.ByID(on A1) after deleting A1", err, fault.ErrNotFound)

	// What did not touch A1 stays.
	_, err = f.s.Links.ByID(f.ctx, a.inv.ID(), l23.ID())
	wantErr(t, "Links.ByID(A2→3) after deleting A1", err, nil)
	_, err = f.s.Comments.ByID(f.ctx, a.e2.ID(), c2.ID())
	wantErr(t, "Comments.ByID(on A2) after deleting A1", err, nil)
	_, err = f.s.Attachments.ByID(f.ctx, a.e2.ID(), a.attachment.ID())
	wantErr(t, "Attachments.ByID(on A2) after deleting A1", err, nil)
	tags, err := f.s.Tags.List(f.ctx, a.inv.ID())
	if wantErr(t, "Tags.List(A)", err, nil) && (len(tags) != 1 || tags[0].EntityCount != 1) {
		t.Errorf("Tags.List(A) after deleting A1 = %+v; want Tag A on 1 entity", tags)
	}
	v, err := f.s.Entities.View(f.ctx, a.inv.ID(), a.e2.ID())
	if wantErr(t, "Entities.View(A2)", err, nil) && (len(v.Tags) != 1 || v.CommentsCount != 1 || v.AttachmentsCount != 1) {
		t.Errorf("Entities.View(A2) after deleting A1 = %d tags, %d comments, %d attachments; want 1, 1, 1",
			len(v.Tags), v.CommentsCount, v.AttachmentsCount)
	}
	checkIntact(t, f, b)
}

func keys(m map[string]struct{}) []string { return slices.Collect(maps.Keys(m)) }
