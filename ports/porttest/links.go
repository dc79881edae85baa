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

// RunLinks checks ports.LinkRepository.
func RunLinks(t *testing.T, newStore Factory) {
	t.Run("RoundTripAndScope", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		x, y := f.entity(a, alice, "person", "X", at(3)), f.entity(a, alice, "location", "Y", at(4))
		l, err := board.NewLink(a.ID(), x, y, "était à", "le soir du 3\n« vu » par 2 témoins", nil, alice.ID(), at(5))
		if err != nil {
			t.Fatalf("board.NewLink = %v", err)
		}
		if err := f.s.Links.Create(f.ctx, l); err != nil {
			t.Fatalf("Links.Create = %v; want nil", err)
		}
		plain := f.link(a, y, x, "sans description", alice, at(6)) // description ''
		for _, want := range []*board.Link{l, plain} {
			got, err := f.s.Links.ByID(f.ctx, a.ID(), want.ID())
			if wantErr(t, "Links.ByID", err, nil) {
				wantSame(t, "Links.ByID", got.Snapshot(), want.Snapshot())
			}
		}
		_, err = f.s.Links.ByID(f.ctx, b.ID(), l.ID())
		wantErr(t, "Links.ByID(B, link of A)", err, fault.ErrNotFound)
		_, err = f.s.Links.ByID(f.ctx, a.ID(), uuid.New())
		wantErr(t, "Links.ByID(A, unknown)", err, fault.ErrNotFound)
		_, err = f.s.Links.View(f.ctx, b.ID(), l.ID())
		wantErr(t, "Links.View(B, link of A)", err, fault.ErrNotFound)
		_, err = f.s.Links.View(f.ctx, a.ID(), uuid.New())
		wantErr(t, "Links.View(A, unknown)", err, fault.ErrNotFound)
	})

	t.Run("DuplicateSameDirection", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		x, y := f.entity(inv, alice, "person", "X", at(2)), f.entity(inv, alice, "person", "Y", at(3))
		f.link(inv, x, y, "first", alice, at(4))
		// Built without the existing links, as two concurrent requests would:
		// the unique constraint is the last line of defence.
		dup, err := board.NewLink(inv.ID(), x, y, "second", "", nil, alice.ID(), at(5))
		if err != nil {
			t.Fatalf("board.NewLink = %v", err)
		}
		wantErr(t, "Links.Create(X→Y again)", f.s.Links.Create(f.ctx, dup), fault.ErrConflict)
		_, err = f.s.Links.ByID(f.ctx, inv.ID(), dup.ID())
		wantErr(t, "Links.ByID(refused duplicate)", err, fault.ErrNotFound)
	})

	t.Run("Between", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		x, y, z := f.entity(inv, alice, "person", "X", at(2)), f.entity(inv, alice, "person", "Y", at(3)), f.entity(inv, alice, "person", "Z", at(4))
		f.link(inv, x, y, "X→Y", alice, at(5))
		f.link(inv, z, x, "Z→X", alice, at(6))
		f.link(inv, y, z, "Y→Z", alice, at(7))
		// Only the domain refuses a reverse link; rows Django wrote may hold both.
		f.link(inv, y, x, "Y→X", alice, at(8))
		cases := []struct {
			a, b *board.Entity
			want []string
		}{
			{x, y, []string{"X→Y", "Y→X"}},
			{y, x, []string{"X→Y", "Y→X"}},
			{x, z, []string{"Z→X"}},
			{z, y, []string{"Y→Z"}},
		}
		for _, c := range cases {
			got, err := f.s.Links.Between(f.ctx, inv.ID(), c.a.ID(), c.b.ID())
			call := fmt.Sprintf("Links.Between(%s, %s)", c.a.Title(), c.b.Title())
			if wantErr(t, call, err, nil) {
				wantSet(t, call, linkTitles(got), c.want)
			}
		}
		other := f.investigation(alice, "B", at(9))
		got, err := f.s.Links.Between(f.ctx, other.ID(), x.ID(), y.ID())
		if wantErr(t, "Links.Between(B, X, Y)", err, nil) && len(got) != 0 {
			t.Errorf("Links.Between(B, X, Y) = %q; want none (the links are A's)", linkTitles(got))
		}
	})

	t.Run("Save", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		x, y := f.entity(inv, alice, "person", "X", at(2)), f.entity(inv, alice, "person", "Y", at(3))
		l, other := f.link(inv, x, y, "avant", alice, at(4)), f.link(inv, y, f.entity(inv, alice, "event", "Z", at(5)), "autre", alice, at(6))
		title, desc := "après", "décrit"
		if err := l.Edit(&title, &desc); err != nil {
			t.Fatalf("Edit = %v", err)
		}
		if !wantErr(t, "Links.Save", f.s.Links.Save(f.ctx, l), nil) {
			return
		}
		for _, want := range []*board.Link{l, other} {
			got, err := f.s.Links.ByID(f.ctx, inv.ID(), want.ID())
			if wantErr(t, "Links.ByID", err, nil) {
				wantSame(t, "Links.ByID after Save", got.Snapshot(), want.Snapshot())
			}
		}
		s := l.Snapshot()
		s.ID = uuid.New()
		wantErr(t, "Links.Save(unknown)", f.s.Links.Save(f.ctx, board.RehydrateLink(s)), fault.ErrNotFound)
	})

	t.Run("Delete", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		x, y := f.entity(a, alice, "person", "X", at(3)), f.entity(a, alice, "person", "Y", at(4))
		l, kept := f.link(a, x, y, "X→Y", alice, at(5)), f.link(a, y, x, "Y→X", alice, at(6))
		wantErr(t, "Links.Delete(B, link of A)", f.s.Links.Delete(f.ctx, b.ID(), l.ID()), fault.ErrNotFound)
		if !wantErr(t, "Links.Delete(A, X→Y)", f.s.Links.Delete(f.ctx, a.ID(), l.ID()), nil) {
			return
		}
		_, err := f.s.Links.ByID(f.ctx, a.ID(), l.ID())
		wantErr(t, "Links.ByID(X→Y) after Delete", err, fault.ErrNotFound)
		_, err = f.s.Links.ByID(f.ctx, a.ID(), kept.ID())
		wantErr(t, "Links.ByID(Y→X) after deleting X→Y", err, nil)
		for _, e := range []*board.Entity{x, y} {
			_, err = f.s.Entities.ByID(f.ctx, a.ID(), e.ID())
			wantErr(t, fmt.Sprintf("Entities.ByID(%s) after deleting a link", e.Title()), err, nil)
		}
		wantErr(t, "Links.Delete(A, X→Y) again", f.s.Links.Delete(f.ctx, a.ID(), l.ID()), fault.ErrNotFound)
	})

	t.Run("ListAndView", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice, bob := f.user("alice"), f.user("bob")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		f.join(a, bob, at(2))
		x := f.entity(a, alice, "person", "Xavier", at(3))
		y := f.entity(a, bob, "location", "Yvetot", at(4))
		z := f.entity(a, alice, "evidence", "Zippo", at(5))
		old := f.link(a, x, y, "old", bob, at(6))
		newest := f.link(a, z, x, "newest", alice, at(9))
		middle := f.link(a, x, z, "middle", alice, at(7))
		bx, by := f.entity(b, alice, "person", "BX", at(10)), f.entity(b, alice, "person", "BY", at(11))
		f.link(b, bx, by, "elsewhere", alice, at(12))

		ref := func(e *board.Entity) ports.EntityRef {
			return ports.EntityRef{ID: e.ID(), Title: e.Title(), Kind: e.Kind().String()}
		}
		view := func(l *board.Link, from, to *board.Entity, by string) ports.LinkView {
			return ports.LinkView{Link: l.Snapshot(), From: ref(from), To: ref(to), CreatedByUsername: by}
		}
		all := []ports.LinkView{view(newest, z, x, "alice"), view(middle, x, z, "alice"), view(old, x, y, "bob")}
		cases := []struct {
			filter ports.LinkFilter
			want   []ports.LinkView
		}{
			{ports.LinkFilter{}, all},
			{ports.LinkFilter{FromEntityID: x.ID()}, []ports.LinkView{all[1], all[2]}},
			{ports.LinkFilter{FromEntityID: y.ID()}, nil},
			{ports.LinkFilter{FromEntityID: bx.ID()}, nil},
			{ports.LinkFilter{EntityID: x.ID()}, all},
			{ports.LinkFilter{EntityID: y.ID()}, []ports.LinkView{all[2]}},
			{ports.LinkFilter{EntityID: z.ID()}, []ports.LinkView{all[0], all[1]}},
			{ports.LinkFilter{EntityID: bx.ID()}, nil},
			{ports.LinkFilter{FromEntityID: x.ID(), EntityID: z.ID()}, []ports.LinkView{all[1]}},
		}
		for _, c := range cases {
			got, err := f.s.Links.List(f.ctx, a.ID(), c.filter)
			call := fmt.Sprintf("Links.List(%+v)", c.filter)
			if !wantErr(t, call, err, nil) {
				continue
			}
			wantOrder(t, call, linkViewTitles(got), linkViewTitles(c.want))
			if len(got) == len(c.want) {
				wantSame(t, call, got, c.want)
			}
		}
		got, err := f.s.Links.View(f.ctx, a.ID(), old.ID())
		if wantErr(t, "Links.View(old)", err, nil) {
			wantSame(t, "Links.View(old)", got, all[2])
		}
	})
	t.Run("ListPages", func(t *testing.T) { testLinkPages(t, newStore) })
	t.Run("DjangoCrossInvestigationLinksStayHidden", func(t *testing.T) {
		// Django's bug 1 stored links whose end lies in another
		// investigation. Such rows must neither list nor show.
		f := newFixture(t, newStore)
		alice, carol := f.user("alice"), f.user("carol")
		a := f.investigation(alice, "A", at(0))
		b := f.investigation(carol, "B", at(1))
		mine := f.entity(a, alice, "person", "Jean", at(2))
		secret := f.entity(b, carol, "person", "Secret de Carol", at(3))
		other := f.entity(a, alice, "location", "Appartement", at(4))
		kept := f.link(a, mine, other, "habite", alice, at(5))
		cross := board.RehydrateLink(board.LinkSnapshot{ID: uuid.New(), InvestigationID: a.ID(),
			FromEntityID: mine.ID(), ToEntityID: secret.ID(), Title: "fuite", CreatedBy: alice.ID(), CreatedAt: at(6)})
		if err := f.s.Links.Create(f.ctx, cross); err != nil {
			t.Fatalf("Links.Create(cross link) = %v; want nil (the table allows it)", err)
		}
		got, err := f.s.Links.List(f.ctx, a.ID(), ports.LinkFilter{})
		if err != nil || len(got) != 1 || got[0].Link.ID != kept.ID() {
			t.Errorf("Links.List(A) = %v, %v; want only %q", linkViewTitles(got), err, "habite")
		}
		if _, err := f.s.Links.View(f.ctx, a.ID(), cross.ID()); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("Links.View(cross link) = %v; want not found", err)
		}
	})
}

func linkTitles(ls []*board.Link) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Snapshot().Title
	}
	return out
}

func linkViewTitles(vs []ports.LinkView) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Link.Title
	}
	return out
}
