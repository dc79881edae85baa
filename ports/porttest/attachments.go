package porttest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// RunAttachments checks ports.AttachmentRepository.
func RunAttachments(t *testing.T, newStore Factory) {
	t.Run("RoundTripAndScope", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		e, other := f.entity(inv, alice, "evidence", "E", at(2)), f.entity(inv, alice, "person", "Other", at(3))
		full := f.attachment(e, "attachments/rapport.pdf", alice, at(4))
		// As Django uploaded it: no type sniffed, size and digest unknown.
		django := board.NewAttachment(e.ID(), "attachments/old.bin", "vieux fichier.bin", "", 0, "", alice.ID(), at(5))
		if err := f.s.Attachments.Create(f.ctx, django); err != nil {
			t.Fatalf("Attachments.Create = %v; want nil", err)
		}
		for _, want := range []*board.Attachment{full, django} {
			got, err := f.s.Attachments.ByID(f.ctx, e.ID(), want.ID())
			call := fmt.Sprintf("Attachments.ByID(%q)", want.File())
			if wantErr(t, call, err, nil) {
				wantSame(t, call, got.Snapshot(), want.Snapshot())
			}
		}
		_, err := f.s.Attachments.ByID(f.ctx, other.ID(), full.ID())
		wantErr(t, "Attachments.ByID(another entity)", err, fault.ErrNotFound)
		_, err = f.s.Attachments.ByID(f.ctx, e.ID(), uuid.New())
		wantErr(t, "Attachments.ByID(unknown)", err, fault.ErrNotFound)
	})

	t.Run("SaveDigest", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		e := f.entity(inv, alice, "evidence", "E", at(2))
		a := board.NewAttachment(e.ID(), "attachments/old.bin", "old.bin", "", 0, "", alice.ID(), at(3))
		if err := f.s.Attachments.Create(f.ctx, a); err != nil {
			t.Fatalf("Attachments.Create = %v; want nil", err)
		}
		kept := f.attachment(e, "attachments/kept.pdf", alice, at(4))
		a.RecordDigest(5_000_000_000, digest("old.bin")) // beyond 32 bits
		if !wantErr(t, "Attachments.SaveDigest", f.s.Attachments.SaveDigest(f.ctx, a), nil) {
			return
		}
		for _, want := range []*board.Attachment{a, kept} {
			got, err := f.s.Attachments.ByID(f.ctx, e.ID(), want.ID())
			if wantErr(t, "Attachments.ByID", err, nil) {
				wantSame(t, fmt.Sprintf("Attachments.ByID(%q) after SaveDigest", want.File()), got.Snapshot(), want.Snapshot())
			}
		}
		// Recording it again (a second reader raced the first) just overwrites.
		a.RecordDigest(42, digest("again"))
		wantErr(t, "Attachments.SaveDigest again", f.s.Attachments.SaveDigest(f.ctx, a), nil)
		got, err := f.s.Attachments.ByID(f.ctx, e.ID(), a.ID())
		if wantErr(t, "Attachments.ByID", err, nil) {
			wantSame(t, "Attachments.ByID after a second SaveDigest", got.Snapshot(), a.Snapshot())
		}
		s := a.Snapshot()
		s.ID = uuid.New()
		wantErr(t, "Attachments.SaveDigest(unknown)", f.s.Attachments.SaveDigest(f.ctx, board.RehydrateAttachment(s)), fault.ErrNotFound)
	})

	t.Run("Delete", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		e, other := f.entity(inv, alice, "evidence", "E", at(2)), f.entity(inv, alice, "person", "Other", at(3))
		a, kept := f.attachment(e, "attachments/a.pdf", alice, at(4)), f.attachment(e, "attachments/kept.pdf", alice, at(5))
		wantErr(t, "Attachments.Delete(another entity)", f.s.Attachments.Delete(f.ctx, other.ID(), a.ID()), fault.ErrNotFound)
		if !wantErr(t, "Attachments.Delete", f.s.Attachments.Delete(f.ctx, e.ID(), a.ID()), nil) {
			return
		}
		_, err := f.s.Attachments.ByID(f.ctx, e.ID(), a.ID())
		wantErr(t, "Attachments.ByID after Delete", err, fault.ErrNotFound)
		_, err = f.s.Attachments.ByID(f.ctx, e.ID(), kept.ID())
		wantErr(t, "Attachments.ByID(kept) after deleting another", err, nil)
		wantErr(t, "Attachments.Delete again", f.s.Attachments.Delete(f.ctx, e.ID(), a.ID()), fault.ErrNotFound)
	})

	t.Run("List", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		inv := f.investigation(alice, "A", at(1))
		f.join(inv, bob, at(1))
		e, other := f.entity(inv, alice, "evidence", "E", at(2)), f.entity(inv, alice, "person", "Other", at(3))
		old := f.attachment(e, "attachments/old.pdf", bob, at(4))
		newest := f.attachment(e, "attachments/newest.pdf", alice, at(8))
		f.attachment(other, "attachments/elsewhere.pdf", alice, at(9))
		middle := f.attachment(e, "attachments/middle.pdf", bob, at(6))
		want := []ports.AttachmentView{
			{Attachment: newest.Snapshot(), UploadedByUsername: "alice"},
			{Attachment: middle.Snapshot(), UploadedByUsername: "bob"},
			{Attachment: old.Snapshot(), UploadedByUsername: "bob"},
		}
		got, err := f.s.Attachments.List(f.ctx, e.ID())
		if !wantErr(t, "Attachments.List", err, nil) {
			return
		}
		wantOrder(t, "Attachments.List", attachmentFiles(got), attachmentFiles(want))
		if len(got) == len(want) {
			wantSame(t, "Attachments.List", got, want)
		}
	})

	t.Run("Each", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		all := map[uuid.UUID]*board.Attachment{}
		ea, eb := f.entity(a, alice, "evidence", "EA", at(3)), f.entity(b, alice, "evidence", "EB", at(4))
		for _, x := range []*board.Attachment{
			f.attachment(ea, "attachments/1.pdf", alice, at(5)),
			f.attachment(ea, "attachments/2.pdf", alice, at(6)),
			f.attachment(eb, "attachments/3.pdf", alice, at(7)),
		} {
			all[x.ID()] = x
		}
		seen := map[uuid.UUID]int{}
		err := f.s.Attachments.Each(f.ctx, func(s board.AttachmentSnapshot) error {
			seen[s.ID]++
			if want, ok := all[s.ID]; ok {
				wantSame(t, "Attachments.Each", s, want.Snapshot())
			} else {
				t.Errorf("Attachments.Each visited unknown attachment %v", s.ID)
			}
			return nil
		})
		wantErr(t, "Attachments.Each", err, nil)
		for id, x := range all {
			if seen[id] != 1 {
				t.Errorf("Attachments.Each visited %q %d times; want 1", x.File(), seen[id])
			}
		}

		stop := errors.New("stop")
		calls := 0
		err = f.s.Attachments.Each(f.ctx, func(board.AttachmentSnapshot) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("Attachments.Each(fn failing at once) = %v after %d calls; want the fn's error after 1 call", err, calls)
		}
	})

	t.Run("ReferencedFiles", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob") // bob: no avatar ('')
		alice.ChangeAvatar("avatars/alice.png")
		if err := f.s.Users.Save(f.ctx, alice); err != nil {
			t.Fatalf("Users.Save = %v", err)
		}
		a, b := f.investigation(alice, "A", at(1)), f.investigation(bob, "B", at(2))
		pa := f.photographed(a, alice, "PA", "entity_photos/pa.png", at(3))
		f.entity(a, alice, "person", "No photo", at(4))
		pb := f.photographed(b, bob, "PB", "entity_photos/pb.png", at(5))
		f.attachment(pa, "attachments/a.pdf", alice, at(6))
		f.attachment(pb, "attachments/b.pdf", bob, at(7))
		refs, err := f.s.Attachments.ReferencedFiles(f.ctx)
		if wantErr(t, "Attachments.ReferencedFiles", err, nil) {
			wantSet(t, "Attachments.ReferencedFiles", keys(refs), []string{
				"avatars/alice.png", "entity_photos/pa.png", "entity_photos/pb.png", "attachments/a.pdf", "attachments/b.pdf",
			})
		}
	})
}

func attachmentFiles(vs []ports.AttachmentView) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Attachment.File
	}
	return out
}
