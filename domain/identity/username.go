package identity

import (
	"net/mail"
	"strings"
	"unicode"

	"github.com/enquete/enquete/domain/fault"
)

// ValidateUsername applies Django's UnicodeUsernameValidator and max_length:
// 1 to 150 characters, each a letter, a digit or one of "@.+-_".
func ValidateUsername(username string) error {
	n := 0
	for _, r := range username {
		n++
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("@.+-_", r)) {
			return fault.Invalid("username", "may contain only letters, digits and @/./+/-/_ characters")
		}
	}
	if n == 0 {
		return fault.Invalid("username", "is required")
	}
	if n > 150 {
		return fault.Invalid("username", "must be at most 150 characters")
	}
	return nil
}

// NormalizeEmail validates an address and lower-cases its domain part, as
// Django's normalize_email does. The column is varchar(254).
func NormalizeEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", fault.Invalid("email", "is required")
	}
	if len(email) > 254 {
		return "", fault.Invalid("email", "must be at most 254 characters")
	}
	addr, err := mail.ParseAddress(email)
	at := strings.LastIndexByte(email, '@')
	if err != nil || addr.Address != email || at < 1 || !strings.Contains(email[at:], ".") {
		return "", fault.Invalid("email", "is not a valid e-mail address")
	}
	return email[:at] + strings.ToLower(email[at:]), nil
}

// FoldEmail is the key under which e-mail uniqueness is checked (case-insensitive).
func FoldEmail(email string) string { return strings.ToLower(strings.ToUpper(email)) }
