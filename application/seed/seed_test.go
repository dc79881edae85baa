package seed_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/application/seed"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// stores are the storage adapters every test runs on.
var stores = []struct {
	name string
	open func(t *testing.T) *ports.Store
}{
	{"memory", func(*testing.T) *ports.Store { return memory.NewStore() }},
	{"sqlite", func(t *testing.T) *ports.Store { return gormtest.NewSQLite(t).Store() }},
	{"postgres", func(t *testing.T) *ports.Store { return gormtest.NewPostgres(t).Store() }},
}

func newSeeder(s *ports.Store) *seed.Seeder {
	return seed.New(s, djangohash.New(1000), ports.SystemClock{})
}

// counter records what a Progress receives.
type counter struct {
	stages []string
	done   int64
}

func (c *counter) Stage(name string, _ int64, _ string) { c.stages = append(c.stages, name) }
func (c *counter) Advance(n int64)                      { c.done += n }

func TestRunCreatesWhatWasAsked(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			ctx := context.Background()
			store := st.open(t)
			prog := &counter{}
			res, err := newSeeder(store).Run(ctx, seed.Options{Title: "Affaire Dupont", Entities: 120, Links: 300,
				Comments: 40, Tags: 10, Owner: "alice", Users: 5, Batch: 50, Progress: prog})
			if err != nil {
				t.Fatalf("Run = %v", err)
			}
			if res.Owner != "alice" || res.Password == "" || len(res.Code) != 8 || len(res.Members) != 5 {
				t.Fatalf("Run = %+v; want owner alice, a password, a code and 5 members", res)
			}
			if prog.done != 120+300+40 || len(prog.stages) != 3 {
				t.Errorf("progress = %d in stages %v; want 460 in entities, links, comments", prog.done, prog.stages)
			}
			checkBoard(t, store, res, 120, 300, 10)
			members, err := store.Members.List(ctx, res.InvestigationID)
			if err != nil {
				t.Fatal(err)
			}
			roles := map[string]string{}
			for _, m := range members {
				roles[m.Username] = m.Member.Role.String()
			}
			want := map[string]string{"alice": "owner", "alice-1": "member", "alice-2": "member",
				"alice-3": "member", "alice-4": "viewer", "alice-5": "admin"}
			if len(roles) != len(want) {
				t.Fatalf("members = %v; want %v", roles, want)
			}
			for k, v := range want {
				if roles[k] != v {
					t.Errorf("role of %s = %q; want %q", k, roles[k], v)
				}
			}
		})
	}
}

// checkBoard verifies counts, and that links are distinct undirected pairs
// of two different entities, none created by a viewer.
func checkBoard(t *testing.T, store *ports.Store, res seed.Result, entities, links, tags int) {
	t.Helper()
	ctx := context.Background()
	ents, err := store.Entities.List(ctx, res.InvestigationID, ports.EntityFilter{})
	if err != nil || len(ents) != entities {
		t.Fatalf("Entities.List = %d, %v; want %d", len(ents), err, entities)
	}
	ls, err := store.Links.List(ctx, res.InvestigationID, ports.LinkFilter{})
	if err != nil || len(ls) != links {
		t.Fatalf("Links.List = %d, %v; want %d", len(ls), err, links)
	}
	seen := map[[2]uuid.UUID]bool{}
	for _, l := range ls {
		a, b := l.From.ID, l.To.ID
		if a == b {
			t.Fatalf("self link %v", l.Link.ID)
		}
		if a.String() > b.String() {
			a, b = b, a
		}
		if seen[[2]uuid.UUID{a, b}] {
			t.Fatalf("two links between %v and %v", a, b)
		}
		seen[[2]uuid.UUID{a, b}] = true
		if l.CreatedByUsername == "alice-4" {
			t.Fatalf("link %v created by a viewer", l.Link.ID)
		}
	}
	tv, err := store.Tags.List(ctx, res.InvestigationID)
	if err != nil || len(tv) != tags {
		t.Fatalf("Tags.List = %d, %v; want %d", len(tv), err, tags)
	}
}

func TestRunIsDeterministicAndReusesAccounts(t *testing.T) {
	ctx := context.Background()
	store := memory.NewStore()
	s := newSeeder(store)
	opts := seed.Options{Entities: 30, Links: 40, Owner: "bob", Users: 2, Password: "correct horse battery"}
	first, err := s.Run(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if first.Password != "correct horse battery" {
		t.Fatalf("Password = %q; want the one given", first.Password)
	}
	second, err := s.Run(ctx, opts)
	if err != nil {
		t.Fatalf("second Run = %v; want the accounts reused", err)
	}
	if second.Password != "" || second.OwnerID != first.OwnerID || second.InvestigationID == first.InvestigationID {
		t.Fatalf("second Run = %+v; want the same owner, no new password, a new investigation", second)
	}
	titles := func(id uuid.UUID) []string {
		views, err := store.Entities.List(ctx, id, ports.EntityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(views))
		for i, v := range views {
			out[i] = v.Entity.Kind.String() + ":" + v.Entity.Title
		}
		return out
	}
	a, b := titles(first.InvestigationID), titles(second.InvestigationID)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("entity %d = %q then %q; want the same content from the same seed", i, a[i], b[i])
		}
	}
	// Newest first has one answer: every entity has its own timestamp.
	views, _ := store.Entities.List(ctx, first.InvestigationID, ports.EntityFilter{})
	for i := 1; i < len(views); i++ {
		if !views[i].Entity.CreatedAt.Before(views[i-1].Entity.CreatedAt) {
			t.Fatalf("entities %d and %d share or invert created_at", i-1, i)
		}
	}
}

func TestRunRefusesImpossibleRequests(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts seed.Options
	}{
		{"too many links", seed.Options{Entities: 4, Links: 7}},
		{"negative", seed.Options{Entities: -1}},
		{"comments without entities", seed.Options{Comments: 3}},
		{"weak password", seed.Options{Entities: 1, Password: "12345678"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := memory.NewStore()
			_, err := newSeeder(store).Run(context.Background(), tc.opts)
			if !errors.Is(err, fault.ErrInvalid) {
				t.Fatalf("Run(%+v) = %v; want an invalid fault", tc.opts, err)
			}
		})
	}
}

func TestDenseLinksUseEveryPair(t *testing.T) {
	store := memory.NewStore()
	res, err := newSeeder(store).Run(context.Background(), seed.Options{Entities: 12, Links: 66, Owner: "carol"})
	if err != nil {
		t.Fatal(err)
	}
	checkBoard(t, store, res, 12, 66, seed.Defaults.Tags)
}

// TestSeedSpeedOnSQLite keeps the promise of `enquete seed`: a large board
// in reasonable time on the embedded database (the full 10 000/20 000 run is
// measured in the README; this is a fifth of it, to keep `make test` fast).
func TestSeedSpeedOnSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("seed speed: skipped in -short mode")
	}
	store := gormtest.NewSQLite(t).Store()
	start := time.Now()
	res, err := newSeeder(store).Run(context.Background(), seed.Options{Entities: 2000, Links: 4000, Owner: "dave"})
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 60*time.Second {
		t.Fatalf("seeding 2000 entities and 4000 links took %v; want well under a minute", el)
	}
	checkBoard(t, store, res, 2000, 4000, seed.Defaults.Tags)
}
