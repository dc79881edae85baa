package porttest

import (
	"fmt"
	"testing"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
)

func testEntityFilter(t *testing.T, newStore Factory) {
	f := newFixture(t, newStore)
	alice := f.user("alice")
	inv := f.investigation(alice, "A", at(1))
	add := func(kind, title, desc string, when int, tags ...*board.Tag) {
		e := f.addEntity(f.newEntity(inv, alice, board.EntityDraft{Kind: kind, Title: title, Description: desc}, at(when)))
		f.setTags(e, tags...)
	}
	witness, suspect := f.tag(inv, "Témoin", "", at(1)), f.tag(inv, "Suspect", "", at(1))
	add("person", "Émile Zola", "écrivain", 2, witness)
	add("location", "Gare du Nord", "100% sûr", 3, suspect)
	add("evidence", "Lettre_anonyme", "trouvée sous la porte", 4)
	add("event", "Réunion", "avec ÉMILE", 5)
	add("person", "Marc", "", 6, witness, suspect)
	// Another investigation with look-alikes that must never show up.
	other := f.investigation(alice, "B", at(7))
	e := f.entity(other, alice, "person", "Émile bis", at(8))
	f.setTags(e, f.tag(other, "témoin", "", at(8)))

	cases := []struct {
		filter ports.EntityFilter
		want   []string
	}{
		{ports.EntityFilter{}, []string{"Marc", "Réunion", "Lettre_anonyme", "Gare du Nord", "Émile Zola"}},
		{ports.EntityFilter{Kind: "person"}, []string{"Marc", "Émile Zola"}},
		{ports.EntityFilter{Kind: "Person"}, nil}, // exact
		{ports.EntityFilter{Search: "émile"}, []string{"Réunion", "Émile Zola"}},
		{ports.EntityFilter{Search: "ÉMILE"}, []string{"Réunion", "Émile Zola"}},
		{ports.EntityFilter{Search: "ÉCRIVAIN"}, []string{"Émile Zola"}},
		{ports.EntityFilter{Search: "du no"}, []string{"Gare du Nord"}},
		{ports.EntityFilter{Search: "%"}, []string{"Gare du Nord"}},
		{ports.EntityFilter{Search: "100%"}, []string{"Gare du Nord"}},
		{ports.EntityFilter{Search: "_"}, []string{"Lettre_anonyme"}},
		{ports.EntityFilter{Search: "Lettre%anonyme"}, nil},
		{ports.EntityFilter{Search: "r_union"}, nil},
		{ports.EntityFilter{Search: `\`}, nil},
		{ports.EntityFilter{Search: "bis"}, nil},
		{ports.EntityFilter{Tag: "Témoin"}, []string{"Marc", "Émile Zola"}},
		{ports.EntityFilter{Tag: "TÉMOIN"}, []string{"Marc", "Émile Zola"}},
		{ports.EntityFilter{Tag: "témoin"}, []string{"Marc", "Émile Zola"}},
		{ports.EntityFilter{Tag: "Tém"}, nil}, // a name, not a substring
		{ports.EntityFilter{Tag: "%"}, nil},
		{ports.EntityFilter{Kind: "person", Search: "MARC", Tag: "suspect"}, []string{"Marc"}},
		{ports.EntityFilter{Kind: "location", Tag: "témoin"}, nil},
	}
	for _, c := range cases {
		got, err := f.s.Entities.List(f.ctx, inv.ID(), c.filter)
		call := fmt.Sprintf("Entities.List(%+v)", c.filter)
		if wantErr(t, call, err, nil) {
			wantOrder(t, call, entityTitles(got), c.want)
		}
	}
}

func testEntityView(t *testing.T, newStore Factory) {
	f := newFixture(t, newStore)
	alice, bob := f.user("alice"), f.user("bob")
	inv := f.investigation(alice, "A", at(1))
	f.join(inv, bob, at(2))
	e := f.photographed(inv, bob, "Suspect n°1", "entity_photos/s1.png", at(3))
	bare := f.entity(inv, alice, "location", "Bare", at(4))
	zeta, alpha := f.tag(inv, "zeta", "#abcdef", at(5)), f.tag(inv, "Alpha", "", at(6))
	f.setTags(e, zeta, alpha)
	f.comment(e, alice, "un", at(7))
	f.comment(e, bob, "deux", at(8))
	f.comment(bare, bob, "ailleurs", at(9))
	f.attachment(e, "attachments/e.pdf", alice, at(10))
	f.attachment(bare, "attachments/bare1.pdf", alice, at(11))
	f.attachment(bare, "attachments/bare2.pdf", bob, at(12))

	wantE := ports.EntityView{
		Entity: e.Snapshot(), CreatedByUsername: "bob", CommentsCount: 2, AttachmentsCount: 1,
		Tags: []ports.TagRef{{ID: alpha.ID(), Name: "Alpha", Color: ""}, {ID: zeta.ID(), Name: "zeta", Color: "#abcdef"}},
	}
	wantBare := ports.EntityView{Entity: bare.Snapshot(), CreatedByUsername: "alice", CommentsCount: 1, AttachmentsCount: 2}
	for _, want := range []ports.EntityView{wantE, wantBare} {
		got, err := f.s.Entities.View(f.ctx, inv.ID(), want.Entity.ID)
		call := fmt.Sprintf("Entities.View(%q)", want.Entity.Title)
		if wantErr(t, call, err, nil) {
			wantSame(t, call, got, want)
		}
	}
	list, err := f.s.Entities.List(f.ctx, inv.ID(), ports.EntityFilter{})
	if wantErr(t, "Entities.List", err, nil) {
		wantOrder(t, "Entities.List", entityTitles(list), []string{"Bare", "Suspect n°1"})
		if len(list) == 2 {
			wantSame(t, "Entities.List", list, []ports.EntityView{wantBare, wantE})
		}
	}
}
