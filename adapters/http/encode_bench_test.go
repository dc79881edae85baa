package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/application/seed"
	"github.com/enquete/enquete/ports"
)

// seededViews returns the entity list of a seeded board of n entities, as
// the repository hands it to the handler.
func seededViews(b *testing.B, n int) []ports.EntityView {
	b.Helper()
	store := memory.NewStore()
	res, err := seed.New(store, djangohash.New(1000), ports.SystemClock{}).Run(context.Background(),
		seed.Options{Entities: n, Links: 0, Comments: n / 10, Owner: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	views, err := store.Entities.List(context.Background(), res.InvestigationID, ports.EntityFilter{})
	if err != nil {
		b.Fatal(err)
	}
	return views
}

// BenchmarkEncodeEntities measures the REST response of an entity list
// without HTTP or storage: views → DTOs (UUIDs and datetimes formatted,
// media URLs) → JSON as writeJSON encodes it (no HTML escaping).
func BenchmarkEncodeEntities(b *testing.B) {
	s := newServer(Deps{Options: Options{MediaURL: "/media/"}})
	for _, n := range []int{200, 10000} {
		views := seededViews(b, n)
		b.Run(fmt.Sprintf("dto/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				_ = s.toEntitiesResponse(views)
			}
		})
		b.Run(fmt.Sprintf("dto+json/n=%d", n), func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for range b.N {
				buf.Reset()
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(s.toEntitiesResponse(views)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "B/resp")
		})
	}
}
