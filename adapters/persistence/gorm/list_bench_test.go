package gormstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/application/seed"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// BenchmarkRepositoryList measures the list queries alone (no HTTP, no
// JSON), so that the router benchmarks of adapters/http can be split into
// storage and encoding. Boards of growing size show how the cost scales.
func BenchmarkRepositoryList(b *testing.B) {
	for _, c := range []struct {
		name string
		open func(testing.TB) *gormstore.DB
	}{{"sqlite", gormtest.NewSQLite}, {"postgres", gormtest.NewPostgres}} {
		b.Run(c.name, func(b *testing.B) {
			store := c.open(b).Store()
			ctx := context.Background()
			// Every board is seeded before any query: a query planned while
			// the tables were small keeps its cached plan on PostgreSQL until
			// statistics change, which would measure a stale plan (see
			// BenchmarkStalePlan).
			sizes := [][2]int{{200, 300}, {1000, 1500}, {10000, 20000}}
			boards := make([]uuid.UUID, len(sizes))
			for i, sz := range sizes {
				res, err := seed.New(store, djangohash.New(1000), ports.SystemClock{}).Run(ctx,
					seed.Options{Entities: sz[0], Links: sz[1], Comments: sz[0] / 10, Owner: "bench"})
				if err != nil {
					b.Fatal(err)
				}
				boards[i] = res.InvestigationID
			}
			for i, sz := range sizes {
				id := boards[i]
				b.Run(fmt.Sprintf("entities=%d", sz[0]), func(b *testing.B) {
					b.ReportAllocs()
					for range b.N {
						if v, err := store.Entities.List(ctx, id, ports.EntityFilter{}); err != nil || len(v) != sz[0] {
							b.Fatalf("Entities.List = %d, %v", len(v), err)
						}
					}
				})
				b.Run(fmt.Sprintf("links=%d", sz[1]), func(b *testing.B) {
					b.ReportAllocs()
					for range b.N {
						if v, err := store.Links.List(ctx, id, ports.LinkFilter{}); err != nil || len(v) != sz[1] {
							b.Fatalf("Links.List = %d, %v", len(v), err)
						}
					}
				})
			}
		})
	}
}
