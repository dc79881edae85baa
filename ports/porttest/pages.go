package porttest

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// maxID is the greatest uuid: a key with it comes before every item of
// its time.
var maxID = uuid.UUID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// listOrder is ports.Page's order: created_at desc, then id desc.
func listOrder(ta, tb time.Time, ida, idb uuid.UUID) int {
	if c := tb.Compare(ta); c != 0 {
		return c
	}
	return bytes.Compare(idb[:], ida[:])
}

// walkPages reads a list page by page (size 2, After = the last item of
// the previous page) and checks the pages add up to the whole list, in its
// order, with no duplicate or gap; then that a page after a key of no
// item (nil or max id at each of the list's times) starts where it would.
func walkPages[T any](t *testing.T, call string, whole []T, key func(T) ports.PageKey,
	list func(ports.Page) ([]T, error), same func(got, want T) bool) {
	t.Helper()
	var walked []T
	var after *ports.PageKey
	for range len(whole) + 2 {
		p := ports.Page{Limit: 2, After: after}
		got, err := list(p)
		if err != nil {
			t.Fatalf("%s page after %v: %v", call, after, err)
		}
		if len(got) > 2 {
			t.Fatalf("%s page after %v: %d items; want at most 2", call, after, len(got))
		}
		walked = append(walked, got...)
		if len(got) < 2 {
			break
		}
		k := key(got[len(got)-1])
		after = &k
	}
	if len(walked) != len(whole) {
		t.Fatalf("%s by pages of 2: %d items; want %d", call, len(walked), len(whole))
	}
	for i := range whole {
		if !same(walked[i], whole[i]) {
			t.Errorf("%s by pages of 2: item %d = %+v; want %+v", call, i, walked[i], whole[i])
		}
	}
	for _, it := range whole {
		for _, id := range []uuid.UUID{uuid.Nil, maxID} {
			k := ports.PageKey{CreatedAt: key(it).CreatedAt, ID: id}
			got, err := list(ports.Page{After: &k})
			if err != nil {
				t.Fatalf("%s after %v: %v", call, k, err)
			}
			var want []T
			for _, w := range whole {
				if kw := key(w); k.Precedes(kw.CreatedAt, kw.ID) {
					want = append(want, w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s after %v: %d items; want %d", call, k, len(got), len(want))
				continue
			}
			for i := range want {
				if !same(got[i], want[i]) {
					t.Errorf("%s after %v: item %d = %+v; want %+v", call, k, i, got[i], want[i])
				}
			}
		}
	}
}

func testEntityPages(t *testing.T, newStore Factory) {
	f := newFixture(t, newStore)
	alice := f.user("alice")
	inv := f.investigation(alice, "A", at(1))
	key, other := f.tag(inv, "Clé", "", at(1)), f.tag(inv, "Autre", "", at(1))
	add := func(kind, title, desc string, when int, tags ...*board.Tag) {
		e := f.addEntity(f.newEntity(inv, alice, board.EntityDraft{Kind: kind, Title: title, Description: desc}, at(when)))
		f.setTags(e, tags...)
	}
	// Five persons found by every filter below, three of them created at
	// the same time, among entities each filter leaves out.
	add("person", "P1", "témoin ÉCLAIRÉ", 2, key, other)
	add("person", "P2", "éclairé", 3, key)
	add("location", "L1", "éclairé", 3, key)
	add("person", "P3", "Éclairé", 3, key)
	add("person", "N1", "sombre", 3, key)
	add("person", "P4", "un éclairé", 3, other, key)
	add("person", "N2", "éclairé", 3, other)
	add("person", "P5", "ÉCLAIRÉ", 4, key)
	add("event", "E1", "", 4)
	f.entity(f.investigation(alice, "B", at(5)), alice, "person", "elsewhere", at(3))

	filters := []ports.EntityFilter{{}, {Kind: "person"}, {Search: "éclairé"}, {Tag: "CLÉ"},
		{Kind: "person", Search: "Éclairé", Tag: "clé"}}
	for _, filter := range filters {
		call := fmt.Sprintf("Entities.List(%+v)", filter)
		whole, err := f.s.Entities.List(f.ctx, inv.ID(), filter)
		if !wantErr(t, call, err, nil) {
			continue
		}
		if !slices.IsSortedFunc(whole, func(a, b ports.EntityView) int {
			return listOrder(a.Entity.CreatedAt, b.Entity.CreatedAt, a.Entity.ID, b.Entity.ID)
		}) {
			t.Errorf("%s = %q; not by created_at desc, id desc", call, entityTitles(whole))
		}
		if len(whole) < 5 {
			t.Fatalf("%s = %q; want at least 5", call, entityTitles(whole))
		}
		walkPages(t, call, whole,
			func(v ports.EntityView) ports.PageKey {
				return ports.PageKey{CreatedAt: v.Entity.CreatedAt, ID: v.Entity.ID}
			},
			func(p ports.Page) ([]ports.EntityView, error) {
				pf := filter
				pf.Page = p
				return f.s.Entities.List(f.ctx, inv.ID(), pf)
			},
			func(got, want ports.EntityView) bool { return diff(want, got) == "" })
	}
	got, err := f.s.Entities.List(f.ctx, inv.ID(), ports.EntityFilter{Kind: "person", Search: "Éclairé", Tag: "clé"})
	if wantErr(t, "Entities.List(persons éclairés tagged clé)", err, nil) {
		titles := entityTitles(got)
		slices.Sort(titles)
		wantOrder(t, "Entities.List(persons éclairés tagged clé)", titles, []string{"P1", "P2", "P3", "P4", "P5"})
	}
}

func testLinkPages(t *testing.T, newStore Factory) {
	f := newFixture(t, newStore)
	alice := f.user("alice")
	inv := f.investigation(alice, "A", at(1))
	var es []*board.Entity
	for i := range 6 {
		es = append(es, f.entity(inv, alice, "person", fmt.Sprint("E", i), at(2)))
	}
	// Links from E0 at times 3, 4, 4, 4 and 5, among links from others
	// at the same times.
	f.link(inv, es[0], es[1], "a", alice, at(3))
	f.link(inv, es[1], es[2], "x", alice, at(4))
	f.link(inv, es[0], es[2], "b", alice, at(4))
	f.link(inv, es[0], es[3], "c", alice, at(4))
	f.link(inv, es[2], es[3], "y", alice, at(4))
	f.link(inv, es[0], es[4], "d", alice, at(4))
	f.link(inv, es[3], es[4], "z", alice, at(5))
	f.link(inv, es[0], es[5], "e", alice, at(5))
	f.link(inv, es[1], es[0], "f", alice, at(6))
	b := f.investigation(alice, "B", at(1))
	f.link(b, f.entity(b, alice, "person", "B1", at(2)), f.entity(b, alice, "person", "B2", at(2)), "elsewhere", alice, at(4))

	for _, filter := range []ports.LinkFilter{{}, {FromEntityID: es[0].ID()}} {
		call := fmt.Sprintf("Links.List(%+v)", filter)
		whole, err := f.s.Links.List(f.ctx, inv.ID(), filter)
		if !wantErr(t, call, err, nil) {
			continue
		}
		if !slices.IsSortedFunc(whole, func(a, b ports.LinkView) int {
			return listOrder(a.Link.CreatedAt, b.Link.CreatedAt, a.Link.ID, b.Link.ID)
		}) {
			t.Errorf("%s = %q; not by created_at desc, id desc", call, linkViewTitles(whole))
		}
		if len(whole) < 5 {
			t.Fatalf("%s = %q; want at least 5", call, linkViewTitles(whole))
		}
		walkPages(t, call, whole,
			func(v ports.LinkView) ports.PageKey { return ports.PageKey{CreatedAt: v.Link.CreatedAt, ID: v.Link.ID} },
			func(p ports.Page) ([]ports.LinkView, error) {
				pf := filter
				pf.Page = p
				return f.s.Links.List(f.ctx, inv.ID(), pf)
			},
			func(got, want ports.LinkView) bool { return diff(want, got) == "" })
	}
}
