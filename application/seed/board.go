package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/google/uuid"
)

// board creates the tags, then the entities (with their tags), the links
// and the comments.
func (r *run) board(ctx context.Context) error {
	inv := r.res.InvestigationID
	err := r.s.store.Tx.InTx(ctx, func(ctx context.Context) error {
		for i := range r.o.Tags {
			name := tagNames[i%len(tagNames)]
			if i >= len(tagNames) {
				name = fmt.Sprintf("%s %d", name, i/len(tagNames)+1)
			}
			t, err := board.NewTag(inv, name, tagColors[i%len(tagColors)], r.now)
			if err != nil {
				return err
			}
			if err := r.s.store.Tags.Create(ctx, t); err != nil {
				return err
			}
			r.tags = append(r.tags, t)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("seed tags: %w", err)
	}
	r.res.Tags = len(r.tags)
	r.ents = make([]*board.Entity, 0, r.o.Entities)
	if err := r.inBatches(ctx, "entities", r.o.Entities, r.entity); err != nil {
		return err
	}
	r.res.Entities = len(r.ents)
	pairs := r.pairs()
	err = r.inBatches(ctx, "links", len(pairs), func(ctx context.Context, i int) error {
		return r.link(ctx, pairs[i])
	})
	if err != nil {
		return err
	}
	r.res.Links = len(pairs)
	if err := r.inBatches(ctx, "comments", r.o.Comments, r.comment); err != nil {
		return err
	}
	r.res.Comments = r.o.Comments
	return nil
}

func (r *run) writer() int64 { return r.writers[r.rng.IntN(len(r.writers))] }

func (r *run) entity(ctx context.Context, i int) error {
	d := r.draft(i)
	e, err := board.NewEntity(r.res.InvestigationID, d, r.writer(), r.tick())
	if err != nil {
		return err
	}
	if err := r.s.store.Entities.Create(ctx, e); err != nil {
		return err
	}
	r.ents = append(r.ents, e)
	// Two entities in five carry no tag, the others one or two.
	n := max(0, r.rng.IntN(5)-2)
	if n == 0 || len(r.tags) == 0 {
		return nil
	}
	ids := []uuid.UUID{r.tags[r.rng.IntN(len(r.tags))].ID()}
	if second := r.tags[r.rng.IntN(len(r.tags))].ID(); n == 2 && second != ids[0] {
		ids = append(ids, second)
	}
	return r.s.store.Entities.SetTags(ctx, e.ID(), ids)
}

// draft invents the i-th entity: people are the most common, as on real boards.
func (r *run) draft(i int) board.EntityDraft {
	pick := func(list []string) string { return list[r.rng.IntN(len(list))] }
	switch k := r.rng.IntN(10); {
	case k < 4:
		first, last := pick(firstNames), pick(lastNames)
		return board.EntityDraft{Kind: "person", Title: fmt.Sprintf("%s %s", first, last),
			Description: fmt.Sprintf("%s %s, %s.", first, last, pick(personNotes)), Role: pick(roles)}
	case k < 6:
		place := fmt.Sprintf("%d %s", 1+r.rng.IntN(120), pick(streets))
		city := pick(cities)
		return board.EntityDraft{Kind: "location", Title: place + ", " + city, Location: city,
			Address: place + ", " + city, Description: "Lieu relevé pendant l'enquête."}
	case k < 8:
		return board.EntityDraft{Kind: "evidence", Title: fmt.Sprintf("Pièce n°%d : %s", i+1, pick(evidence)),
			EvidenceType: pick(evidenceTypes), Description: "Scellé enregistré au greffe."}
	}
	start := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(r.rng.IntN(365*24*60)) * time.Minute)
	end := start.Add(time.Duration(15+r.rng.IntN(180)) * time.Minute)
	slot := r.rng.IntN(2) == 0
	d := board.EntityDraft{Kind: "event", Title: pick(events), EventDate: &start, IsTimeslot: slot,
		Description: "Chronologie reconstituée à partir des témoignages."}
	if slot {
		d.EventEndDate = &end
	}
	return d
}

// pairs draws the links' ends: distinct unordered pairs (A→B and B→A are
// the same link in this product), by rejection, which stays fast as long
// as links are far fewer than possible pairs; a denser request falls back
// to walking the pairs in order.
func (r *run) pairs() [][2]int {
	n, m := len(r.ents), r.o.Links
	out := make([][2]int, 0, m)
	if int64(m)*4 > int64(n)*int64(n-1)/2 {
		for a := 0; a < n && len(out) < m; a++ {
			for b := a + 1; b < n && len(out) < m; b++ {
				out = append(out, [2]int{a, b})
			}
		}
		r.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
	seen := make(map[[2]int]bool, m)
	for len(out) < m {
		a, b := r.rng.IntN(n), r.rng.IntN(n)
		key := [2]int{min(a, b), max(a, b)}
		if a == b || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, [2]int{a, b})
	}
	return out
}

func (r *run) link(ctx context.Context, p [2]int) error {
	title := linkTitles[r.rng.IntN(len(linkTitles))]
	l, err := board.NewLink(r.res.InvestigationID, r.ents[p[0]], r.ents[p[1]], title, "", nil, r.writer(), r.tick())
	if err != nil {
		return err
	}
	return r.s.store.Links.Create(ctx, l)
}

func (r *run) comment(ctx context.Context, _ int) error {
	e := r.ents[r.rng.IntN(len(r.ents))]
	c, err := board.NewComment(e.ID(), r.writer(), commentTexts[r.rng.IntN(len(commentTexts))], r.tick())
	if err != nil {
		return err
	}
	return r.s.store.Comments.Create(ctx, c)
}
