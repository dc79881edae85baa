package identity

import (
	_ "embed"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/enquete/enquete/domain/fault"
)

// MinPasswordLength is Django's MinimumLengthValidator default.
const MinPasswordLength = 8

// maxSimilarity is Django's UserAttributeSimilarityValidator default.
const maxSimilarity = 0.7

//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = func() map[string]struct{} {
	m := make(map[string]struct{})
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			m[strings.ToLower(line)] = struct{}{}
		}
	}
	return m
}()

var nonWord = regexp.MustCompile(`\W+`)

// ValidatePassword applies Django's four default password validators, in
// Django's order: similarity to the user's attributes, minimum length, common
// passwords and entirely numeric passwords. The first failure is returned.
func ValidatePassword(password string, attributes ...string) error {
	if password == "" {
		return fault.Invalid("password", "is required")
	}
	lower := strings.ToLower(password)
	for _, attr := range attributes {
		if attr == "" {
			continue
		}
		parts := append(nonWord.Split(attr, -1), attr)
		for _, part := range parts {
			part = strings.ToLower(part)
			if part == "" || exceedsMaximumLengthRatio(lower, part) {
				continue
			}
			if quickRatio(lower, part) >= maxSimilarity {
				return fault.Invalid("password", "is too similar to the username or e-mail address")
			}
		}
	}
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return fault.Invalid("password", "must contain at least 8 characters")
	}
	if _, ok := commonPasswords[strings.TrimSpace(lower)]; ok {
		return fault.Invalid("password", "is too common")
	}
	if isAllDigits(password) {
		return fault.Invalid("password", "is entirely numeric")
	}
	return nil
}

// exceedsMaximumLengthRatio mirrors Django's shortcut: a password much longer
// than the attribute cannot be "too similar" to it.
func exceedsMaximumLengthRatio(password, value string) bool {
	pwdLen := utf8.RuneCountInString(password)
	valueLen := utf8.RuneCountInString(value)
	lengthBound := maxSimilarity / 2 * float64(pwdLen)
	return pwdLen >= 10*valueLen && float64(valueLen) < lengthBound
}

// quickRatio is difflib.SequenceMatcher.quick_ratio: twice the size of the
// multiset intersection of characters over the total length.
func quickRatio(a, b string) float64 {
	counts := make(map[rune]int)
	for _, r := range b {
		counts[r]++
	}
	matches, total := 0, utf8.RuneCountInString(a)+utf8.RuneCountInString(b)
	for _, r := range a {
		if counts[r] > 0 {
			counts[r]--
			matches++
		}
	}
	if total == 0 {
		return 1
	}
	return 2 * float64(matches) / float64(total)
}

func isAllDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
