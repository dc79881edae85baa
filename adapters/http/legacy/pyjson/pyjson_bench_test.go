package pyjson_test

import (
	"fmt"
	"testing"

	"github.com/enquete/enquete/adapters/http/legacy/pyjson"
)

// entityLike is an object of the shape and content of a legacy entity:
// 19 keys, French text with accents (escaped as \uXXXX), a null, a nested
// list of tags.
func entityLike(i int) pyjson.Object {
	title := fmt.Sprintf("Élodie Lefèvre n°%d", i)
	return pyjson.Object{
		{Key: "id", Value: "7f0c6f8e-2f1d-4e55-9d55-5b2d0a8f7c1e"}, {Key: "type", Value: "person"},
		{Key: "title", Value: title}, {Key: "description", Value: "Témoin clé, entendue le 12 mars près de la gare."},
		{Key: "role", Value: "Témoin"}, {Key: "location", Value: ""}, {Key: "address", Value: ""},
		{Key: "event_date", Value: nil}, {Key: "event_end_date", Value: nil}, {Key: "is_timeslot", Value: false},
		{Key: "evidence_type", Value: ""}, {Key: "created_at", Value: "2025-11-26T07:00:00.123456+00:00"},
		{Key: "updated_at", Value: "2025-11-26T07:00:00.123456+00:00"}, {Key: "created_by", Value: "alice"},
		{Key: "photo_url", Value: (*string)(nil)},
		{Key: "tags", Value: []pyjson.Object{{{Key: "id", Value: "1c9a"}, {Key: "name", Value: "Témoin clé"}, {Key: "color", Value: "#e74c3c"}}}},
		{Key: "comments_count", Value: 2}, {Key: "attachments_count", Value: 0},
	}
}

// BenchmarkMarshal measures the encoder alone on entity-like lists.
func BenchmarkMarshal(b *testing.B) {
	for _, n := range []int{200, 10000} {
		list := make([]pyjson.Object, n)
		for i := range list {
			list[i] = entityLike(i)
		}
		v := pyjson.Object{{Key: "entities", Value: list}}
		b.Run(fmt.Sprintf("entities/n=%d", n), func(b *testing.B) {
			var out []byte
			b.ReportAllocs()
			for range b.N {
				out = pyjson.Marshal(v)
			}
			b.SetBytes(int64(len(out)))
		})
	}
}
