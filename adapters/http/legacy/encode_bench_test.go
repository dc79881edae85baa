package legacy

import (
	"context"
	"fmt"
	"testing"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/http/legacy/pyjson"
	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/application/seed"
	"github.com/enquete/enquete/ports"
)

// BenchmarkEncodeEntities measures the legacy response of an entity list
// without HTTP or storage: views → ordered pyjson objects → bytes exactly as
// Django's json.dumps writes them (every non-ASCII character escaped).
func BenchmarkEncodeEntities(b *testing.B) {
	s := newServer(Deps{MediaURL: "/media/"})
	for _, n := range []int{200, 10000} {
		store := memory.NewStore()
		res, err := seed.New(store, djangohash.New(1000), ports.SystemClock{}).Run(context.Background(),
			seed.Options{Entities: n, Comments: n / 10, Owner: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		views, err := store.Entities.List(context.Background(), res.InvestigationID, ports.EntityFilter{})
		if err != nil {
			b.Fatal(err)
		}
		encode := func() []byte {
			list := make([]pyjson.Object, len(views))
			for i, v := range views {
				list[i] = s.entityObject(v)
			}
			return pyjson.Marshal(obj("entities", list))
		}
		b.Run(fmt.Sprintf("objects+pyjson/n=%d", n), func(b *testing.B) {
			var out []byte
			b.ReportAllocs()
			for range b.N {
				out = encode()
			}
			b.ReportMetric(float64(len(out)), "B/resp")
		})
	}
}
