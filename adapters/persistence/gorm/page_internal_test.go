package gormstore

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// TestPageLoadsOnlyThePage: a page of the entity or link list reads only
// its own rows from SQLite (the keyset and LIMIT are in the queries, and
// the tags are fetched for the page's entities only), while the whole list
// reads them all. Rows are those GORM reports to its logger, which a slow
// query threshold of 1ns makes log for every statement.
func TestPageLoadsOnlyThePage(t *testing.T) {
	var out bytes.Buffer
	ctx := context.Background()
	db, err := Open(ctx, Options{
		URL:       "sqlite:" + filepath.Join(t.TempDir(), "page.db"),
		SlowQuery: time.Nanosecond,
		Logger:    slog.New(slog.NewJSONHandler(&out, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const n, limit = 300, 11
	t0 := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	s := db.Store()
	u, _ := identity.NewUser("alice", "alice@example.com", "", "", "x", t0)
	var inv *casework.Investigation
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.Users.Create(ctx, u); err != nil {
			return err
		}
		inv, _ = casework.New("Affaire", "", u.ID(), t0)
		if err := s.Investigations.Create(ctx, inv); err != nil {
			return err
		}
		tg, _ := board.NewTag(inv.ID(), "t", "", t0)
		if err := s.Tags.Create(ctx, tg); err != nil {
			return err
		}
		var prev *board.Entity
		for i := range n + 1 {
			// Pairs share a time, so pages cut through ties.
			e, _ := board.NewEntity(inv.ID(), board.EntityDraft{Kind: "person", Title: fmt.Sprint("e", i)}, u.ID(), t0.Add(time.Duration(i/2)*time.Second))
			if err := s.Entities.Create(ctx, e); err != nil {
				return err
			}
			if err := s.Entities.SetTags(ctx, e.ID(), []uuid.UUID{tg.ID()}); err != nil {
				return err
			}
			if prev != nil {
				l, err := board.NewLink(inv.ID(), prev, e, "lien", "", nil, u.ID(), e.Snapshot().CreatedAt)
				if err != nil {
					return err
				}
				if err := s.Links.Create(ctx, l); err != nil {
					return err
				}
			}
			prev = e
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// maxRows runs fn and returns the most rows one of its statements read.
	maxRows := func(fn func() int) (most, got int) {
		t.Helper()
		out.Reset()
		got = fn()
		sc := bufio.NewScanner(&out)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var line struct {
				Rows int `json:"rows"`
			}
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				t.Fatalf("log line %q: %v", sc.Text(), err)
			}
			most = max(most, line.Rows)
		}
		return most, got
	}
	entities := func(p ports.Page) func() int {
		return func() int {
			v, err := s.Entities.List(ctx, inv.ID(), ports.EntityFilter{Tag: "T", Page: p})
			if err != nil {
				t.Fatal(err)
			}
			return len(v)
		}
	}
	links := func(p ports.Page) func() int {
		return func() int {
			v, err := s.Links.List(ctx, inv.ID(), ports.LinkFilter{Page: p})
			if err != nil {
				t.Fatal(err)
			}
			return len(v)
		}
	}
	all, err := s.Entities.List(ctx, inv.ID(), ports.EntityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	mid := all[n/2].Entity
	after := &ports.PageKey{CreatedAt: mid.CreatedAt, ID: mid.ID}
	for _, c := range []struct {
		name       string
		fn         func() int
		rows, want int
	}{
		{"whole entity list", entities(ports.Page{}), n + 1, n + 1},
		{"first entity page", entities(ports.Page{Limit: limit}), limit, limit},
		{"middle entity page", entities(ports.Page{Limit: limit, After: after}), limit, limit},
		{"whole link list", links(ports.Page{}), n, n},
		{"first link page", links(ports.Page{Limit: limit}), limit, limit},
		{"middle link page", links(ports.Page{Limit: limit, After: after}), limit, limit},
	} {
		most, got := maxRows(c.fn)
		if got != c.want || most != c.rows {
			t.Errorf("%s: %d items, at most %d rows read by one statement; want %d and %d", c.name, got, most, c.want, c.rows)
		}
	}
}
