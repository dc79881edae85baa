package casework

import (
	"crypto/rand"
	"strings"

	"github.com/enquete/enquete/domain/fault"
)

// CodeLength and codeAlphabet define join codes: 8 characters of A-Z0-9, so
// 36^8 ≈ 2.8·10^12 possible codes.
const (
	CodeLength   = 8
	codeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// Code is an investigation's join code.
type Code struct{ s string }

// NewCode draws a code from the operating system's cryptographic source,
// without modulo bias.
func NewCode() Code {
	b := make([]byte, CodeLength)
	out := make([]byte, 0, CodeLength)
	for len(out) < CodeLength {
		if _, err := rand.Read(b); err != nil {
			panic("casework: crypto/rand failed: " + err.Error())
		}
		for _, c := range b {
			// 252 = 7*36: reject bytes that would bias the distribution.
			if c < 252 && len(out) < CodeLength {
				out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
			}
		}
	}
	return Code{string(out)}
}

// ParseCode reads a code typed by a user: surrounding space ignored, case-insensitive.
func ParseCode(s string) (Code, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != CodeLength || strings.Trim(s, codeAlphabet) != "" {
		return Code{}, fault.Invalid("code", "must be 8 letters or digits")
	}
	return Code{s}, nil
}

func (c Code) String() string { return c.s }
