package gormstore_test

import (
	"context"
	"testing"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/application/seed"
	"github.com/enquete/enquete/ports"
)

// BenchmarkStalePlan shows a PostgreSQL hazard of bulk loads (`enquete
// seed`, `enquete import`) into a database a server is already using: the
// link list is planned while the tables are small, the server's pooled
// connections keep that plan (pgx caches prepared statements; after five
// runs PostgreSQL may settle on a generic plan), 10 000 entities and 20 000
// links arrive, and until statistics change (autovacuum's ANALYZE, within a
// minute or so, or an explicit ANALYZE) listing them costs seconds instead
// of a fraction of one. On this machine: 14 to 20 s per list with the
// cached plan, 0.19 s when the connection asks for custom plans.
//
//   - cached: the default connection settings;
//   - custom-plans: plan_cache_mode=force_custom_plan in the URL (pgx sends
//     unknown URL parameters as session settings), which plans every
//     execution for its own parameter.
func BenchmarkStalePlan(b *testing.B) {
	for _, c := range []struct{ name, params string }{
		{"cached", ""}, {"custom-plans", "&plan_cache_mode=force_custom_plan"},
	} {
		b.Run(c.name, func(b *testing.B) {
			store := gormtest.Open(b, gormtest.CreateDatabase(b)+c.params).Store()
			ctx := context.Background()
			seeder := seed.New(store, djangohash.New(1000), ports.SystemClock{})
			small, err := seeder.Run(ctx, seed.Options{Entities: 200, Links: 300, Owner: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			for range 10 { // the server at work on a small board
				if _, err := store.Links.List(ctx, small.InvestigationID, ports.LinkFilter{}); err != nil {
					b.Fatal(err)
				}
			}
			large, err := seeder.Run(ctx, seed.Options{Entities: 10000, Links: 20000, Owner: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if v, err := store.Links.List(ctx, large.InvestigationID, ports.LinkFilter{}); err != nil || len(v) != 20000 {
					b.Fatalf("Links.List = %d, %v", len(v), err)
				}
			}
		})
	}
}
