package httpapi

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/enquete/enquete/domain/fault"
)

// FuzzDecodeJSON checks that the strict decoder never panics and answers
// every body with success or a client fault (400/413), never a 500.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"type":"event","title":"x","tags":["a"],"event_date":null}`, `{"title":"a\u0000"}`,
		`{"is_timeslot":"false"}`, `{"tags":"xy"}`, `[]`, `{"a":1} {}`, `{"TITLE":"x"}`, `{"title":"x","title":"y"}`, "{\"title\":\"\xff\"}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		var dst entityRequest
		err := decodeJSON(httptest.NewRecorder(), req, 1<<16, &dst)
		if err == nil {
			return
		}
		if k := fault.KindOf(err); k != fault.KindInvalid && k != fault.KindTooLarge {
			t.Fatalf("decodeJSON(%q) = %v; want an invalid or too-large fault", body, err)
		}
	})
}

func TestHasNULEscape(t *testing.T) {
	tests := []struct {
		raw  string
		want bool
	}{
		{`"a\u0000"`, true}, {`"\u0000"`, true}, {`["x","\u0000"]`, true},
		{`"a\\u0000"`, false}, {`"\\\u0000"`, true}, {`"\u00001"`, true}, {`"\u0001"`, false}, {`"u0000"`, false}, {`"\u000"`, false},
	}
	for _, tt := range tests {
		if got := hasNULEscape([]byte(tt.raw)); got != tt.want {
			t.Errorf("hasNULEscape(%s) = %v; want %v", tt.raw, got, tt.want)
		}
	}
}
