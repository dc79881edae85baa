package porttest

import (
	"fmt"
	"testing"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// RunTags checks ports.TagRepository.
func RunTags(t *testing.T, newStore Factory) {
	t.Run("RoundTripAndScope", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		colored, plain := f.tag(a, "Témoin clé", "#A1B2C3", at(3)), f.tag(a, "Sans couleur", "", at(4))
		for _, want := range []*board.Tag{colored, plain} {
			got, err := f.s.Tags.ByID(f.ctx, a.ID(), want.ID())
			if wantErr(t, fmt.Sprintf("Tags.ByID(%q)", want.Name()), err, nil) {
				wantSame(t, fmt.Sprintf("Tags.ByID(%q)", want.Name()), got.Snapshot(), want.Snapshot())
			}
		}
		_, err := f.s.Tags.ByID(f.ctx, b.ID(), colored.ID())
		wantErr(t, "Tags.ByID(B, tag of A)", err, fault.ErrNotFound)
		_, err = f.s.Tags.ByID(f.ctx, a.ID(), uuid.New())
		wantErr(t, "Tags.ByID(A, unknown)", err, fault.ErrNotFound)
	})

	t.Run("DuplicateExactName", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		f.tag(a, "Suspect", "", at(3))
		dup, _ := board.NewTag(a.ID(), "Suspect", "#000000", at(4))
		wantErr(t, `Tags.Create(A, "Suspect" again)`, f.s.Tags.Create(f.ctx, dup), fault.ErrConflict)
		_, err := f.s.Tags.ByID(f.ctx, a.ID(), dup.ID())
		wantErr(t, "Tags.ByID(refused duplicate)", err, fault.ErrNotFound)
		// The name is unique per investigation only.
		elsewhere, _ := board.NewTag(b.ID(), "Suspect", "", at(5))
		wantErr(t, `Tags.Create(B, "Suspect")`, f.s.Tags.Create(f.ctx, elsewhere), nil)
		// The database compares exactly (Django's rows may hold both
		// spellings); the use case refuses case variants, not the store.
		variant, _ := board.NewTag(a.ID(), "SUSPECT", "", at(6))
		wantErr(t, `Tags.Create(A, "SUSPECT")`, f.s.Tags.Create(f.ctx, variant), nil)
	})

	t.Run("All", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		x, y := f.tag(a, "x", "#010203", at(3)), f.tag(a, "Y", "", at(4))
		f.tag(b, "z", "", at(5))
		got, err := f.s.Tags.All(f.ctx, a.ID())
		if !wantErr(t, "Tags.All(A)", err, nil) {
			return
		}
		names := make([]string, len(got))
		for i, tg := range got {
			names[i] = tg.Name()
			for _, want := range []*board.Tag{x, y} {
				if tg.ID() == want.ID() {
					wantSame(t, "Tags.All(A)", tg.Snapshot(), want.Snapshot())
				}
			}
		}
		wantSet(t, "Tags.All(A)", names, []string{"x", "Y"})
	})

	t.Run("Save", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "A", at(1))
		tg, other := f.tag(inv, "avant", "#111111", at(2)), f.tag(inv, "autre", "#222222", at(3))
		name, color := "après", ""
		if err := tg.Edit(&name, &color); err != nil {
			t.Fatalf("Edit = %v", err)
		}
		if !wantErr(t, "Tags.Save", f.s.Tags.Save(f.ctx, tg), nil) {
			return
		}
		for _, want := range []*board.Tag{tg, other} {
			got, err := f.s.Tags.ByID(f.ctx, inv.ID(), want.ID())
			if wantErr(t, "Tags.ByID", err, nil) {
				wantSame(t, fmt.Sprintf("Tags.ByID(%q) after Save", want.Name()), got.Snapshot(), want.Snapshot())
			}
		}
		taken := "autre"
		if err := tg.Edit(&taken, nil); err != nil {
			t.Fatalf("Edit = %v", err)
		}
		wantErr(t, `Tags.Save(renamed to "autre")`, f.s.Tags.Save(f.ctx, tg), fault.ErrConflict)
		s := tg.Snapshot()
		s.ID, s.Name = uuid.New(), "fantôme"
		wantErr(t, "Tags.Save(unknown)", f.s.Tags.Save(f.ctx, board.RehydrateTag(s)), fault.ErrNotFound)
	})

	t.Run("Delete", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		gone, kept := f.tag(a, "gone", "", at(3)), f.tag(a, "kept", "", at(4))
		e := f.entity(a, alice, "person", "E", at(5))
		f.setTags(e, gone, kept)
		wantErr(t, "Tags.Delete(B, tag of A)", f.s.Tags.Delete(f.ctx, b.ID(), gone.ID()), fault.ErrNotFound)
		if !wantErr(t, "Tags.Delete(A, gone)", f.s.Tags.Delete(f.ctx, a.ID(), gone.ID()), nil) {
			return
		}
		_, err := f.s.Tags.ByID(f.ctx, a.ID(), gone.ID())
		wantErr(t, "Tags.ByID(gone) after Delete", err, fault.ErrNotFound)
		v, err := f.s.Entities.View(f.ctx, a.ID(), e.ID())
		if wantErr(t, "Entities.View(E) after deleting a tag", err, nil) {
			wantSame(t, "Entities.View(E).Tags after deleting a tag", v.Tags, []ports.TagRef{{ID: kept.ID(), Name: "kept"}})
		}
		list, err := f.s.Entities.List(f.ctx, a.ID(), ports.EntityFilter{Tag: "gone"})
		if wantErr(t, `Entities.List(tag "gone")`, err, nil) && len(list) != 0 {
			t.Errorf(`Entities.List(tag "gone") = %q after deleting the tag; want none`, entityTitles(list))
		}
		wantErr(t, "Tags.Delete(A, gone) again", f.s.Tags.Delete(f.ctx, a.ID(), gone.ID()), fault.ErrNotFound)
	})

	t.Run("List", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		tags := map[string]*board.Tag{}
		for i, name := range []string{"témoin", "beta", "Zèbre", "ALPHA", "Suspect"} {
			tags[name] = f.tag(a, name, fmt.Sprintf("#a0a0a%d", i), at(3+i))
		}
		f.tag(b, "Autre", "", at(9))
		e1, e2 := f.entity(a, alice, "person", "E1", at(10)), f.entity(a, alice, "person", "E2", at(11))
		f.setTags(e1, tags["Suspect"], tags["témoin"])
		f.setTags(e2, tags["Suspect"])
		counts := map[string]int{"Suspect": 2, "témoin": 1}
		want := make([]ports.TagView, 0, len(tags))
		for _, name := range []string{"ALPHA", "Suspect", "Zèbre", "beta", "témoin"} { // byte order
			want = append(want, ports.TagView{Tag: tags[name].Snapshot(), EntityCount: counts[name]})
		}
		got, err := f.s.Tags.List(f.ctx, a.ID())
		if !wantErr(t, "Tags.List(A)", err, nil) {
			return
		}
		wantOrder(t, "Tags.List(A)", tagViewNames(got), tagViewNames(want))
		if len(got) == len(want) {
			wantSame(t, "Tags.List(A)", got, want)
		}
	})
}

func tagViewNames(vs []ports.TagView) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Tag.Name
	}
	return out
}
