package pyjson

import "testing"

func TestMarshalMatchesPython(t *testing.T) {
	s := "x"
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"django delete message", Object{{"message", "Enquête supprimée"}, {"redirect", "/dashboard/"}},
			`{"message": "Enqu\u00eate supprim\u00e9e", "redirect": "/dashboard/"}`},
		{"empty list", Object{{"entities", []Object{}}}, `{"entities": []}`},
		{"nested and scalars", Object{{"a", nil}, {"b", true}, {"c", false}, {"d", 2}, {"e", int64(-3)}, {"f", &s}, {"g", (*string)(nil)}},
			`{"a": null, "b": true, "c": false, "d": 2, "e": -3, "f": "x", "g": null}`},
		{"escapes", "q\"\\\n\r\t\b\f\x01\x7f<>&", `"q\"\\\n\r\t\b\f\u0001\u007f<>&"`},
		{"beyond the BMP", "🔍", `"\ud83d\udd0d"`},
		{"typographic apostrophe", "n’est", `"n\u2019est"`},
		{"list of objects", []Object{{{"id", "1"}}, {{"id", "2"}}}, `[{"id": "1"}, {"id": "2"}]`},
		{"strings", []string{"a", "é"}, `["a", "\u00e9"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Marshal(tt.in)); got != tt.want {
				t.Errorf("Marshal(%v) = %s; want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestDjangoExampleIs69Bytes(t *testing.T) {
	got := Marshal(Object{{"message", "Enquête supprimée"}, {"redirect", "/dashboard/"}})
	if len(got) != 69 {
		t.Errorf("len = %d; want 69 (django-api.md)", len(got))
	}
}

func BenchmarkMarshalEntity(b *testing.B) {
	o := Object{{"id", "6b2e5ebb-9111-471a-95b8-ad5d1485df52"}, {"type", "person"}, {"title", "Jean Dupont (père)"},
		{"description", "Disparu le 12"}, {"tags", []Object{{{"id", "x"}, {"name", "Témoin"}, {"color", ""}}}}}
	b.ReportAllocs()
	for b.Loop() {
		Marshal(o)
	}
}
