package board

import (
	"strings"
	"unicode/utf8"

	"github.com/enquete/enquete/domain/fault"
)

// maxLen checks a column's varchar limit in characters, as PostgreSQL counts them.
func maxLen(field, value string, limit int) error {
	if utf8.RuneCountInString(value) > limit {
		return fault.Invalid(field, "must be at most "+itoa(limit)+" characters")
	}
	return nil
}

// requiredTitle trims a title and checks it is 1..limit characters.
func requiredTitle(field, value string, limit int) (string, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return "", fault.Invalid(field, "is required")
	}
	return value, maxLen(field, value, limit)
}

// validText rejects NUL bytes, which PostgreSQL text cannot hold, and invalid UTF-8.
func validText(field, value string) error {
	if !utf8.ValidString(value) || strings.ContainsRune(value, 0) {
		return fault.Invalid(field, "must be valid UTF-8 text without NUL characters")
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

// Fold is the key under which names are compared case-insensitively; it folds
// Unicode case, so "Témoin clé" and "TÉMOIN CLÉ" meet.
func Fold(s string) string { return strings.ToLower(strings.ToUpper(s)) }
