package porttest

import (
	"testing"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// RunComments checks ports.CommentRepository.
func RunComments(t *testing.T, newStore Factory) {
	t.Run("RoundTripAndScope", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		e, other := f.entity(inv, alice, "person", "E", at(2)), f.entity(inv, alice, "person", "Other", at(3))
		c := f.comment(e, alice, "Vu à 23 h 10 — « sûr » à 100 %\nsecond line", at(4))
		got, err := f.s.Comments.ByID(f.ctx, e.ID(), c.ID())
		if wantErr(t, "Comments.ByID", err, nil) {
			wantSame(t, "Comments.ByID", got.Snapshot(), c.Snapshot())
		}
		_, err = f.s.Comments.ByID(f.ctx, other.ID(), c.ID())
		wantErr(t, "Comments.ByID(another entity)", err, fault.ErrNotFound)
		_, err = f.s.Comments.ByID(f.ctx, e.ID(), uuid.New())
		wantErr(t, "Comments.ByID(unknown)", err, fault.ErrNotFound)
	})

	t.Run("Save", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		e := f.entity(inv, alice, "person", "E", at(2))
		c, kept := f.comment(e, alice, "avant", at(3)), f.comment(e, alice, "intact", at(4))
		if err := c.Edit(alice.ID(), "après", at(9)); err != nil {
			t.Fatalf("Edit = %v", err)
		}
		if !wantErr(t, "Comments.Save", f.s.Comments.Save(f.ctx, c), nil) {
			return
		}
		for _, want := range []*board.Comment{c, kept} {
			got, err := f.s.Comments.ByID(f.ctx, e.ID(), want.ID())
			if wantErr(t, "Comments.ByID", err, nil) {
				wantSame(t, "Comments.ByID after Save", got.Snapshot(), want.Snapshot())
			}
		}
		s := c.Snapshot()
		s.ID = uuid.New()
		wantErr(t, "Comments.Save(unknown)", f.s.Comments.Save(f.ctx, board.RehydrateComment(s)), fault.ErrNotFound)
	})

	t.Run("Delete", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		e, other := f.entity(inv, alice, "person", "E", at(2)), f.entity(inv, alice, "person", "Other", at(3))
		c, kept := f.comment(e, alice, "à supprimer", at(4)), f.comment(e, alice, "à garder", at(5))
		wantErr(t, "Comments.Delete(another entity)", f.s.Comments.Delete(f.ctx, other.ID(), c.ID()), fault.ErrNotFound)
		if !wantErr(t, "Comments.Delete", f.s.Comments.Delete(f.ctx, e.ID(), c.ID()), nil) {
			return
		}
		_, err := f.s.Comments.ByID(f.ctx, e.ID(), c.ID())
		wantErr(t, "Comments.ByID after Delete", err, fault.ErrNotFound)
		_, err = f.s.Comments.ByID(f.ctx, e.ID(), kept.ID())
		wantErr(t, "Comments.ByID(kept) after deleting another", err, nil)
		wantErr(t, "Comments.Delete again", f.s.Comments.Delete(f.ctx, e.ID(), c.ID()), fault.ErrNotFound)
	})

	t.Run("List", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		inv := f.investigation(alice, "A", at(1))
		f.join(inv, bob, at(1))
		e, other := f.entity(inv, alice, "person", "E", at(2)), f.entity(inv, alice, "person", "Other", at(3))
		old := f.comment(e, bob, "old", at(4))
		newest := f.comment(e, alice, "newest", at(8))
		f.comment(other, alice, "elsewhere", at(9))
		middle := f.comment(e, bob, "middle", at(6))
		want := []ports.CommentView{
			{Comment: newest.Snapshot(), AuthorUsername: "alice"},
			{Comment: middle.Snapshot(), AuthorUsername: "bob"},
			{Comment: old.Snapshot(), AuthorUsername: "bob"},
		}
		got, err := f.s.Comments.List(f.ctx, e.ID())
		if !wantErr(t, "Comments.List", err, nil) {
			return
		}
		wantOrder(t, "Comments.List", commentContents(got), commentContents(want))
		if len(got) == len(want) {
			wantSame(t, "Comments.List", got, want)
		}
	})
}

func commentContents(vs []ports.CommentView) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Comment.Content
	}
	return out
}
