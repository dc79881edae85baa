package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/enquete/enquete/application/seed"
)

// boardSizes are the benchmark boards: the load scenario's small and large
// ones, and one in between to show how the cost of a list grows.
var boardSizes = [][2]int{{200, 300}, {1000, 1500}, {10000, 20000}}

// BenchmarkList measures GET of the entity and link lists through the whole
// router (middleware, bearer auth, access check, query, DTOs, JSON) on
// SQLite and PostgreSQL:
//
//   - rest:      GET /api/investigations/:id/entities (first page, the default size)
//   - rest-500:  the same with ?limit=500 (the largest page), where paginated
//   - legacy:    GET /api/investigation/:id/entities/ (Django's route: the whole list)
//
// The stores are seeded once per backend, outside the timers.
func BenchmarkList(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			s := newBenchServer(b, benchStore(b, kind))
			boards := make([]seed.Result, len(boardSizes))
			for i, sz := range boardSizes {
				boards[i] = s.seedBoard(b, sz[0], sz[1])
			}
			for i, sz := range boardSizes {
				id := boards[i].InvestigationID.String()
				for _, list := range []struct {
					name  string
					count int
					rest  string
					old   string
				}{
					{"entities", sz[0], "/api/investigations/" + id + "/entities", "/api/investigation/" + id + "/entities/"},
					{"links", sz[1], "/api/investigations/" + id + "/links", "/api/investigation/" + id + "/links/"},
				} {
					prefix := fmt.Sprintf("%s=%d/", list.name, list.count)
					b.Run(prefix+"rest", func(b *testing.B) {
						s.serve(b, s.request(http.MethodGet, list.rest), nil, http.StatusOK)
					})
					b.Run(prefix+"rest-500", func(b *testing.B) {
						s.serve(b, s.request(http.MethodGet, list.rest+"?limit=500"), nil, http.StatusOK)
					})
					b.Run(prefix+"legacy", func(b *testing.B) {
						s.serve(b, s.request(http.MethodGet, list.old), nil, http.StatusOK)
					})
				}
			}
		})
	}
}

// BenchmarkCreateEntity measures POST /api/investigations/:id/entities with
// one tag (validation, transaction, tag lookup, insert, change record).
func BenchmarkCreateEntity(b *testing.B) {
	for _, kind := range []string{"memory", "sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			s := newBenchServer(b, benchStore(b, kind))
			res := s.seedBoard(b, 200, 300)
			body := []byte(`{"type":"person","title":"Jean Dupont","description":"Témoin de la scène","role":"Témoin","tags":["Témoin clé"]}`)
			req := s.request(http.MethodPost, "/api/investigations/"+res.InvestigationID.String()+"/entities")
			s.serve(b, req, body, http.StatusCreated)
		})
	}
}
