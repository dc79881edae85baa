// Package text holds the rules every context applies to free text: it must
// be valid UTF-8 without NUL characters (PostgreSQL's text cannot hold NUL),
// and lengths are counted in characters, as PostgreSQL's varchar(n) counts.
package text

import (
	"strings"
	"unicode/utf8"

	"github.com/enquete/enquete/domain/fault"
)

// Valid rejects invalid UTF-8 and NUL characters.
func Valid(field, value string) error {
	if !utf8.ValidString(value) || strings.ContainsRune(value, 0) {
		return fault.Invalid(field, "must be valid UTF-8 text without NUL characters")
	}
	return nil
}

// Bounded is Valid plus a maximum length in characters.
func Bounded(field, value string, max int) error {
	if err := Valid(field, value); err != nil {
		return err
	}
	if utf8.RuneCountInString(value) > max {
		return fault.Invalid(field, "must be at most "+itoa(max)+" characters")
	}
	return nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}
