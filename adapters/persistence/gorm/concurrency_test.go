package gormstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
)

// TestSQLiteWritersNeverSeeBusy hammers one SQLite file from two handles (as
// two processes would) with read-then-write transactions, the pattern that
// fails with "database is locked" when transactions begin DEFERRED, plus
// autocommit writes. With IMMEDIATE transactions and a busy timeout every
// writer waits its turn: no error at all is acceptable.
func TestSQLiteWritersNeverSeeBusy(t *testing.T) {
	url := "sqlite:" + filepath.Join(t.TempDir(), "contended.db")
	handles := []*gormstore.DB{openURL(t, url, 0), openURL(t, url, 0)}
	owner := mustUser(t, handles[0], "owner")
	inv := mustInvestigation(t, handles[0], owner)
	const goroutines, rounds = 32, 10
	users := make([]*identity.User, goroutines)
	for i := range users {
		users[i] = mustUser(t, handles[0], fmt.Sprintf("user%d", i))
		if err := handles[0].Store().Members.Add(context.Background(), inv.Join(users[i].ID(), t0)); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, goroutines*rounds*2)
	var wg sync.WaitGroup
	for g := range goroutines {
		db := handles[g%2]
		s := db.Store()
		wg.Go(func() {
			for r := range rounds {
				ctx := context.Background()
				errs <- db.InTx(ctx, func(ctx context.Context) error {
					m, err := s.Members.Get(ctx, inv.ID(), users[g].ID())
					if err != nil {
						return err
					}
					m.Heartbeat(t0.Add(time.Duration(r) * time.Second))
					if err := s.Members.Save(ctx, m); err != nil {
						return err
					}
					e, err := board.NewEntity(inv.ID(), board.EntityDraft{Kind: "event", Title: fmt.Sprintf("%d-%d", g, r)}, users[g].ID(), t0)
					if err != nil {
						return err
					}
					return s.Entities.Create(ctx, e)
				})
				errs <- s.Members.Touch(ctx, inv.ID(), users[g].ID(), t0)
			}
		})
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			failed++
			if failed <= 3 {
				t.Errorf("concurrent write = %v", err)
			}
		}
	}
	if failed > 0 {
		t.Fatalf("%d of %d concurrent writes failed; want none", failed, goroutines*rounds*2)
	}
	views, err := handles[1].Store().Entities.List(context.Background(), inv.ID(), ports.EntityFilter{})
	if err != nil || len(views) != goroutines*rounds {
		t.Errorf("Entities.List = %d entities, %v; want %d", len(views), err, goroutines*rounds)
	}
}
