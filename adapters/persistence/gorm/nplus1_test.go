package gormstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// seeded is an investigation filled by seedBoard.
type seeded struct {
	inv      *casework.Investigation
	entities int
	links    int
	members  int
}

// seedBoard fills an investigation with entities (each tagged twice, with a
// comment and an attachment), links between them and members, in one
// transaction.
func seedBoard(t *testing.T, db *gormstore.DB, owner *identity.User, entities, links, members int) seeded {
	t.Helper()
	s := db.Store()
	inv := mustInvestigation(t, db, owner)
	err := s.Tx.InTx(context.Background(), func(ctx context.Context) error {
		tags := make([]uuid.UUID, 2)
		for i := range tags {
			tg, _ := board.NewTag(inv.ID(), fmt.Sprintf("t%d", i), "", t0)
			if err := s.Tags.Create(ctx, tg); err != nil {
				return err
			}
			tags[i] = tg.ID()
		}
		es := make([]*board.Entity, entities)
		for i := range es {
			e, _ := board.NewEntity(inv.ID(), board.EntityDraft{Kind: "person", Title: fmt.Sprintf("entity %d", i)}, owner.ID(), t0.Add(time.Duration(i)*time.Second))
			c, _ := board.NewComment(e.ID(), owner.ID(), "vu", t0)
			a := board.NewAttachment(e.ID(), fmt.Sprintf("attachments/%s.pdf", e.ID()), "p.pdf", "application/pdf", 1, "00", owner.ID(), t0)
			for _, err := range []error{s.Entities.Create(ctx, e), s.Entities.SetTags(ctx, e.ID(), tags), s.Comments.Create(ctx, c), s.Attachments.Create(ctx, a)} {
				if err != nil {
					return err
				}
			}
			es[i] = e
		}
		made := 0
		for i := 0; i < len(es) && made < links; i++ {
			for j := i + 1; j < len(es) && made < links; j++ {
				l, err := board.NewLink(inv.ID(), es[i], es[j], "lien", "", nil, owner.ID(), t0)
				if err != nil {
					return err
				}
				if err := s.Links.Create(ctx, l); err != nil {
					return err
				}
				made++
			}
		}
		if made != links {
			return fmt.Errorf("only %d links possible between %d entities", made, entities)
		}
		for i := 1; i < members; i++ {
			u, _ := identity.NewUser(fmt.Sprintf("%s-m%d", inv.ID(), i), fmt.Sprintf("m%d-%s@example.com", i, inv.ID()), "", "", "x", t0)
			if err := s.Users.Create(ctx, u); err != nil {
				return err
			}
			if err := s.Members.Add(ctx, inv.Join(u.ID(), t0)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seeding: %v", err)
	}
	return seeded{inv: inv, entities: entities, links: links, members: members}
}

// TestListsCostConstantQueries proves the read models have no N+1: a list
// of one row and a list of hundreds cost the same number of statements.
func TestListsCostConstantQueries(t *testing.T) {
	dialects(t, func(t *testing.T, db *gormstore.DB) {
		s := db.Store()
		small := seedBoard(t, db, mustUser(t, db, "small"), 1, 0, 1)
		big := seedBoard(t, db, mustUser(t, db, "big"), 200, 300, 50)
		// A second board of one link: links need two entities.
		smallLinks := seedBoard(t, db, mustUser(t, db, "pair"), 2, 1, 1)
		many := mustUser(t, db, "many")
		for range 49 {
			mustInvestigation(t, db, many)
		}
		cases := []struct {
			name         string
			small, big   func() (int, error)
			nSmall, nBig int
		}{
			{"Entities.List", entities(s, small.inv, ports.EntityFilter{}), entities(s, big.inv, ports.EntityFilter{}), 1, 200},
			{"Entities.List(search, tag)", entities(s, small.inv, ports.EntityFilter{Search: "ENTITY", Tag: "T1"}),
				entities(s, big.inv, ports.EntityFilter{Search: "ENTITY", Tag: "T1"}), 1, 200},
			{"Links.List", links(s, smallLinks.inv), links(s, big.inv), 1, 300},
			{"Members.List", members(s, small.inv), members(s, big.inv), 1, 50},
			{"Investigations.ListForUser", investigations(s, small.inv.CreatedBy()), investigations(s, many.ID()), 1, 49},
			{"Tags.List", tags(s, small.inv), tags(s, big.inv), 2, 2},
		}
		for _, c := range cases {
			qSmall, nSmall := count(t, db, c.name, c.small)
			qBig, nBig := count(t, db, c.name, c.big)
			if nSmall != c.nSmall || nBig != c.nBig {
				t.Errorf("%s returned %d and %d rows; want %d and %d", c.name, nSmall, nBig, c.nSmall, c.nBig)
			}
			if qSmall == 0 || qSmall != qBig {
				t.Errorf("%s cost %d queries for %d rows and %d for %d; want the same, non-zero", c.name, qSmall, nSmall, qBig, nBig)
			}
		}
	})
}

func count(t *testing.T, db *gormstore.DB, name string, list func() (int, error)) (queries, rows int) {
	t.Helper()
	var err error
	queries = db.CountQueries(func() { rows, err = list() })
	if err != nil {
		t.Fatalf("%s = %v", name, err)
	}
	return queries, rows
}

func entities(s *ports.Store, inv *casework.Investigation, f ports.EntityFilter) func() (int, error) {
	return func() (int, error) {
		v, err := s.Entities.List(context.Background(), inv.ID(), f)
		for _, e := range v {
			if len(e.Tags) != 2 || e.CommentsCount != 1 || e.AttachmentsCount != 1 {
				return 0, fmt.Errorf("entity %q has %d tags, %d comments, %d attachments; want 2, 1, 1",
					e.Entity.Title, len(e.Tags), e.CommentsCount, e.AttachmentsCount)
			}
		}
		return len(v), err
	}
}

func links(s *ports.Store, inv *casework.Investigation) func() (int, error) {
	return func() (int, error) {
		v, err := s.Links.List(context.Background(), inv.ID(), ports.LinkFilter{})
		return len(v), err
	}
}

func members(s *ports.Store, inv *casework.Investigation) func() (int, error) {
	return func() (int, error) {
		v, err := s.Members.List(context.Background(), inv.ID())
		return len(v), err
	}
}

func investigations(s *ports.Store, userID int64) func() (int, error) {
	return func() (int, error) {
		v, err := s.Investigations.ListForUser(context.Background(), userID)
		return len(v), err
	}
}

func tags(s *ports.Store, inv *casework.Investigation) func() (int, error) {
	return func() (int, error) {
		v, err := s.Tags.List(context.Background(), inv.ID())
		return len(v), err
	}
}
