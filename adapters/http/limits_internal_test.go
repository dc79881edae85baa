package httpapi

import (
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// FuzzCursor: any cursor text is refused or decodes to a cursor that
// encodes back to a decodable one, and resuming from it never panics nor
// returns more than the limit.
func FuzzCursor(f *testing.F) {
	f.Add(cursor{Key: timeKey(time.Unix(1700000000, 0)), ID: uuid.NewString()}.encode(), 3)
	f.Add(cursor{Key: "Témoin", ID: "x"}.encode(), 1)
	f.Add("", 0)
	f.Add("e30", 2)
	f.Add("eyJrIjoiIiwiaSI6IiJ9", 5)
	f.Fuzz(func(t *testing.T, raw string, limit int) {
		cur, err := decodeCursor(raw)
		if err != nil {
			return
		}
		again, err := decodeCursor(cur.encode())
		if err != nil || again != cur {
			t.Fatalf("decodeCursor(encode(%+v)) = %+v, %v", cur, again, err)
		}
		items := []string{"a", "b", "c", "d", "e"}
		o := order[string]{key: func(s string) cursor { return cursor{Key: s, ID: s} }}
		limit = 1 + (limit%5+5)%5
		page, next := paginate(items, pageQuery{limit: limit, after: &cur}, o)
		if len(page) > limit || next != "" && len(page) != limit {
			t.Fatalf("paginate after %+v by %d = %v, %q", cur, limit, page, next)
		}
	})
}

// FuzzPeekUsername: reading the username of a login body for the rate
// limiter leaves the body byte for byte to the handler, whatever it is,
// and yields a short hex key or nothing.
func FuzzPeekUsername(f *testing.F) {
	f.Add(`{"username":"alice","password":"x"}`)
	f.Add(`{"USERNAME":"Alice"}`)
	f.Add(`{"username":1}`)
	f.Add(`{"username":"a","username":"b"}`)
	f.Add(strings.Repeat("x", 70))
	f.Add("")
	rl := newRateLimiter(nil, RateLimits{}, 64, slog.New(slog.DiscardHandler))
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/auth/login", strings.NewReader(body))
		key := rl.peekUsername(req)
		rest, err := io.ReadAll(req.Body)
		if err != nil || !bytes.Equal(rest, []byte(body)) {
			t.Fatalf("body after peeking = %q, %v; want %q", rest, err, body)
		}
		if key != "" && len(key) != 32 {
			t.Fatalf("key %q; want 32 hex digits or none", key)
		}
	})
}

func TestIPKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.9":          "203.0.113.9",
		"::ffff:203.0.113.9":   "203.0.113.9",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"fe80::1%eth0":         "fe80::/64",
		"not an address":       "not an address",
	} {
		if got := ipKey(in); got != want {
			t.Errorf("ipKey(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Microsecond: "1", time.Second: "1", 1001 * time.Millisecond: "2", 6 * time.Second: "6", time.Hour: "3600",
	} {
		if got := retryAfterSeconds(d); got != want {
			t.Errorf("retryAfterSeconds(%v) = %q; want %q", d, got, want)
		}
	}
}
