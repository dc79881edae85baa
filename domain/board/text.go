package board

import (
	"strings"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/text"
)

// maxLen checks a column's varchar limit in characters, as PostgreSQL counts them.
func maxLen(field, value string, limit int) error { return text.Bounded(field, value, limit) }

// requiredTitle trims a title and checks it is 1..limit characters.
func requiredTitle(field, value string, limit int) (string, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return "", fault.Invalid(field, "is required")
	}
	return value, maxLen(field, value, limit)
}

// validText rejects NUL bytes, which PostgreSQL text cannot hold, and invalid UTF-8.
func validText(field, value string) error { return text.Valid(field, value) }

// Fold is the key under which names are compared case-insensitively; it folds
// Unicode case, so "Témoin clé" and "TÉMOIN CLÉ" meet.
func Fold(s string) string { return strings.ToLower(strings.ToUpper(s)) }
