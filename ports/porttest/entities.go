package porttest

import (
	"fmt"
	"testing"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// RunEntities checks ports.EntityRepository.
func RunEntities(t *testing.T, newStore Factory) {
	t.Run("RoundTrip", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "Affaire", at(1))
		start, end := at(100), at(160)
		full := f.newEntity(inv, alice, board.EntityDraft{
			Kind: "event", Title: "Réunion au « Café de Flore »", Description: "Ligne 1\nLigne 2 — 100 %",
			Role: "témoin", Location: "Paris 6ᵉ", Address: "172 boulevard Saint-Germain",
			EventDate: &start, EventEndDate: &end, IsTimeslot: true, EvidenceType: "photo",
		}, at(2))
		full.ChangePhoto("entity_photos/flore.jpg", at(3))
		f.addEntity(full)
		plain := f.entity(inv, alice, "person", "Sans rien", at(4))
		// Django let any type in; such rows must survive a round trip.
		s := f.newEntity(inv, alice, board.EntityDraft{Kind: "person", Title: "Vaisseau"}, at(5)).Snapshot()
		s.Kind = board.KindFromStore("spaceship")
		odd := f.addEntity(board.RehydrateEntity(s))
		for _, want := range []*board.Entity{full, plain, odd} {
			got, err := f.s.Entities.ByID(f.ctx, inv.ID(), want.ID())
			if wantErr(t, fmt.Sprintf("Entities.ByID(%q)", want.Title()), err, nil) {
				wantSame(t, fmt.Sprintf("Entities.ByID(%q)", want.Title()), got.Snapshot(), want.Snapshot())
			}
		}
	})

	t.Run("ByIDScoped", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		e := f.entity(a, alice, "person", "In A", at(3))
		_, err := f.s.Entities.ByID(f.ctx, b.ID(), e.ID())
		wantErr(t, "Entities.ByID(B, entity of A)", err, fault.ErrNotFound)
		_, err = f.s.Entities.ByID(f.ctx, a.ID(), uuid.New())
		wantErr(t, "Entities.ByID(A, unknown)", err, fault.ErrNotFound)
		_, err = f.s.Entities.View(f.ctx, b.ID(), e.ID())
		wantErr(t, "Entities.View(B, entity of A)", err, fault.ErrNotFound)
		_, err = f.s.Entities.View(f.ctx, a.ID(), uuid.New())
		wantErr(t, "Entities.View(A, unknown)", err, fault.ErrNotFound)
	})

	t.Run("ByIDs", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		a1, a2 := f.entity(a, alice, "person", "A1", at(3)), f.entity(a, alice, "location", "A2", at(4))
		f.entity(a, alice, "person", "A3", at(5))
		b1 := f.entity(b, alice, "person", "B1", at(6))
		got, err := f.s.Entities.ByIDs(f.ctx, a.ID(), []uuid.UUID{a2.ID(), uuid.New(), b1.ID(), a1.ID()})
		if !wantErr(t, "Entities.ByIDs", err, nil) {
			return
		}
		titles := make([]string, len(got))
		for i, e := range got {
			titles[i] = e.Title()
			if e.ID() == a2.ID() {
				wantSame(t, "Entities.ByIDs(A2)", e.Snapshot(), a2.Snapshot())
			}
		}
		wantSet(t, "Entities.ByIDs(A2, unknown, B1, A1)", titles, []string{"A1", "A2"})
		got, err = f.s.Entities.ByIDs(f.ctx, a.ID(), nil)
		if wantErr(t, "Entities.ByIDs(none)", err, nil) && len(got) != 0 {
			t.Errorf("Entities.ByIDs(none) returned %d entities; want 0", len(got))
		}
	})

	t.Run("Save", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "Affaire", at(1))
		start := at(50)
		e := f.addEntity(f.newEntity(inv, alice, board.EntityDraft{Kind: "event", Title: "Avant", EventDate: &start, EventEndDate: &start}, at(2)))
		other := f.entity(inv, alice, "person", "Untouched", at(3))
		title, desc, role, loc, addr, ev, yes := "Après", "décrit", "rôle", "lieu", "adresse", "ADN", true
		end := at(70)
		patch := board.EntityPatch{
			Title: &title, Description: &desc, Role: &role, Location: &loc, Address: &addr, EvidenceType: &ev,
			IsTimeslot: &yes, EventDate: board.OptionalTime{Set: true}, EventEndDate: board.OptionalTime{Set: true, Value: &end},
		}
		if err := e.Update(patch, at(6)); err != nil {
			t.Fatalf("Update = %v", err)
		}
		e.ChangePhoto("entity_photos/après.png", at(7))
		if !wantErr(t, "Entities.Save", f.s.Entities.Save(f.ctx, e), nil) {
			return
		}
		got, err := f.s.Entities.ByID(f.ctx, inv.ID(), e.ID())
		if wantErr(t, "Entities.ByID", err, nil) {
			wantSame(t, "Entities.ByID after Save", got.Snapshot(), e.Snapshot())
		}
		e.ChangePhoto("", at(8)) // Django stores '' for "no photo"
		wantErr(t, "Entities.Save(no photo)", f.s.Entities.Save(f.ctx, e), nil)
		got, err = f.s.Entities.ByID(f.ctx, inv.ID(), e.ID())
		if wantErr(t, "Entities.ByID", err, nil) {
			wantSame(t, "Entities.ByID after removing the photo", got.Snapshot(), e.Snapshot())
		}
		got, err = f.s.Entities.ByID(f.ctx, inv.ID(), other.ID())
		if wantErr(t, "Entities.ByID(other)", err, nil) {
			wantSame(t, "Entities.ByID(other) after Save", got.Snapshot(), other.Snapshot())
		}
		s := e.Snapshot()
		s.ID = uuid.New()
		wantErr(t, "Entities.Save(unknown)", f.s.Entities.Save(f.ctx, board.RehydrateEntity(s)), fault.ErrNotFound)
	})

	t.Run("SetTags", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "Affaire", at(1))
		e, other := f.entity(inv, alice, "person", "E", at(2)), f.entity(inv, alice, "person", "Other", at(3))
		tags := map[string]*board.Tag{}
		for i, name := range []string{"témoin", "beta", "Zèbre", "ALPHA", "Suspect"} {
			tags[name] = f.tag(inv, name, fmt.Sprintf("#00000%d", i), at(4+i))
		}
		f.setTags(other, tags["beta"])
		tagNames := func(call string) []string {
			t.Helper()
			v, err := f.s.Entities.View(f.ctx, inv.ID(), e.ID())
			if !wantErr(t, call, err, nil) {
				return nil
			}
			names := make([]string, len(v.Tags))
			for i, r := range v.Tags {
				names[i] = r.Name
				if want := tags[r.Name]; want != nil {
					wantSame(t, call+" tag", r, ports.TagRef{ID: want.ID(), Name: want.Name(), Color: want.Snapshot().Color})
				}
			}
			return names
		}
		f.setTags(e, tags["témoin"], tags["beta"], tags["Zèbre"], tags["ALPHA"], tags["Suspect"])
		wantOrder(t, "Entities.View tags (byte order)", tagNames("Entities.View"), []string{"ALPHA", "Suspect", "Zèbre", "beta", "témoin"})
		f.setTags(e, tags["Suspect"]) // replaces, not adds
		wantOrder(t, "Entities.View tags after SetTags(Suspect)", tagNames("Entities.View"), []string{"Suspect"})
		f.setTags(e)
		wantOrder(t, "Entities.View tags after SetTags()", tagNames("Entities.View"), []string{})
		v, err := f.s.Entities.View(f.ctx, inv.ID(), other.ID())
		if wantErr(t, "Entities.View(other)", err, nil) && (len(v.Tags) != 1 || v.Tags[0].Name != "beta") {
			t.Errorf("Entities.View(other).Tags = %+v; want [beta] (SetTags on E must not touch it)", v.Tags)
		}
	})

	t.Run("ListOrderAndScope", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		a, b := f.investigation(alice, "A", at(1)), f.investigation(alice, "B", at(2))
		f.entity(a, alice, "person", "old", at(3))
		f.entity(a, alice, "person", "newest", at(9))
		f.entity(b, alice, "person", "elsewhere", at(10))
		f.entity(a, alice, "event", "middle", at(5))
		got, err := f.s.Entities.List(f.ctx, a.ID(), ports.EntityFilter{})
		if wantErr(t, "Entities.List(A)", err, nil) {
			wantOrder(t, "Entities.List(A)", entityTitles(got), []string{"newest", "middle", "old"})
		}
	})

	t.Run("ListFilter", func(t *testing.T) { testEntityFilter(t, newStore) })
	t.Run("ListPages", func(t *testing.T) { testEntityPages(t, newStore) })
	t.Run("View", func(t *testing.T) { testEntityView(t, newStore) })
	t.Run("Delete", func(t *testing.T) { testEntityDelete(t, newStore) })

	t.Run("ConcurrentCreate", func(t *testing.T) {
		f := newFixture(t, newStore)
		alice := f.user("alice")
		inv := f.investigation(alice, "Affaire", at(1))
		errs := concurrently(writers, func(i int) error {
			e, err := board.NewEntity(inv.ID(), board.EntityDraft{Kind: "person", Title: fmt.Sprintf("E%d", i)}, alice.ID(), at(10+i))
			if err != nil {
				return err
			}
			return f.s.Entities.Create(f.ctx, e)
		})
		for i, err := range errs {
			wantErr(t, fmt.Sprintf("concurrent Entities.Create(E%d)", i), err, nil)
		}
		got, err := f.s.Entities.List(f.ctx, inv.ID(), ports.EntityFilter{})
		if wantErr(t, "Entities.List", err, nil) {
			want := make([]string, writers)
			for i := range want {
				want[i] = fmt.Sprintf("E%d", writers-1-i)
			}
			wantOrder(t, "Entities.List after concurrent creates", entityTitles(got), want)
		}
	})
}

func entityTitles(vs []ports.EntityView) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Entity.Title
	}
	return out
}
