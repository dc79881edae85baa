package openapi

import (
	"strings"
	"testing"
)

func TestYAMLToJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"order kept", "b: 1\na: 2\nc: 3\n", `{"b":1,"a":2,"c":3}`},
		{"numeric keys are strings", "responses:\n  200: {d: ok}\n  '404': {d: no}\n", `{"responses":{"200":{"d":"ok"},"404":{"d":"no"}}}`},
		{"timestamps kept as written", "at: 2025-11-26T07:00:00.123456+00:00\n", `{"at":"2025-11-26T07:00:00.123456+00:00"}`},
		{"scalars", "s: text\ni: -3\nf: 1.5\nb: true\nn: null\nq: 'true'\n", `{"s":"text","i":-3,"f":1.5,"b":true,"n":null,"q":"true"}`},
		{"aliases", "a: &x {k: [1, 2]}\nb: *x\n", `{"a":{"k":[1,2]},"b":{"k":[1,2]}}`},
		{"no HTML escaping", "s: '<a & b>'\n", `{"s":"<a & b>"}`},
		{"block text", "d: |\n  line one\n  line two\n", `{"d":"line one\nline two\n"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := yamlToJSON([]byte(tc.in))
			if err != nil || string(got) != tc.want {
				t.Errorf("yamlToJSON(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestYAMLToJSONRefuses(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"duplicate key", "a: 1\nb: 2\na: 3\n", `duplicate key "a"`},
		{"merge key", "a: &x {k: 1}\nb:\n  <<: *x\n", "plain scalars"},
		{"complex key", "? [a, b]\n: 1\n", "plain scalars"},
		{"infinity", "f: .inf\n", "unsupported value"},
		{"two documents", "a: 1\n---\nb: 2\n", "one YAML document"},
		{"syntax", "a: [1, 2\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := yamlToJSON([]byte(tc.in))
			if err == nil {
				t.Fatalf("yamlToJSON(%q) = %s; want an error", tc.in, got)
			}
			if err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("yamlToJSON(%q) = %v; want an error containing %q", tc.in, err, tc.want)
			}
		})
	}
}
