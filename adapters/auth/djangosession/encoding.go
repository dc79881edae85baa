package djangosession

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf16"
)

// b62Alphabet is django.core.signing.BASE62_ALPHABET.
const b62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// b62Encode is signing.b62_encode.
func b62Encode(n int64) string {
	if n == 0 {
		return "0"
	}
	sign := ""
	u := uint64(n)
	if n < 0 {
		sign, u = "-", uint64(-(n+1))+1 // |math.MinInt64| without overflow
	}
	var out []byte
	for u > 0 {
		out = append(out, b62Alphabet[u%62])
		u /= 62
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return sign + string(out)
}

// b62Decode is signing.b62_decode, refusing values beyond int64 (Python's
// integers are unbounded, but no Unix time gets there).
func b62Decode(s string) (int64, error) {
	if s == "" {
		return 0, errors.New("empty base62 value")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var n int64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(b62Alphabet, s[i])
		if d < 0 {
			return 0, fmt.Errorf("invalid base62 digit %q", s[i])
		}
		if n > (math.MaxInt64-int64(d))/62 {
			return 0, errors.New("base62 value out of range")
		}
		n = n*62 + int64(d)
	}
	if neg {
		n = -n
	}
	return n, nil
}

// pythonJSON marshals v like json.dumps(v, separators=(",", ":")): no HTML
// escaping, and every non-ASCII character as \uXXXX (surrogate pairs above
// the BMP), which Python's default ensure_ascii=True produces.
func pythonJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	var out bytes.Buffer
	// Non-ASCII bytes only occur inside JSON strings, so escaping them
	// wherever they appear is safe.
	for _, r := range string(b) {
		switch {
		case r < 0x80:
			out.WriteByte(byte(r))
		case r > 0xFFFF:
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&out, `\u%04x\u%04x`, hi, lo)
		default:
			fmt.Fprintf(&out, `\u%04x`, r)
		}
	}
	return out.Bytes(), nil
}
