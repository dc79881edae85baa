package jwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	gojwt "github.com/golang-jwt/jwt/v5"
)

// claims is the token payload. It implements gojwt.Claims by hand because
// RegisteredClaims types sub as a string and we also accept a number there.
type claims struct {
	Subject   subject            `json:"sub"`
	Username  string             `json:"username"`
	IssuedAt  *gojwt.NumericDate `json:"iat"`
	ExpiresAt *gojwt.NumericDate `json:"exp"`
	NotBefore *gojwt.NumericDate `json:"nbf,omitempty"`
	// ID (jti) names the token for revocation; see newJTI.
	ID string `json:"jti,omitempty"`
}

func (c *claims) GetExpirationTime() (*gojwt.NumericDate, error) { return c.ExpiresAt, nil }
func (c *claims) GetIssuedAt() (*gojwt.NumericDate, error)       { return c.IssuedAt, nil }
func (c *claims) GetNotBefore() (*gojwt.NumericDate, error)      { return c.NotBefore, nil }
func (c *claims) GetIssuer() (string, error)                     { return "", nil }
func (c *claims) GetAudience() (gojwt.ClaimStrings, error)       { return nil, nil }
func (c *claims) GetSubject() (string, error) {
	return strconv.FormatInt(int64(c.Subject), 10), nil
}

// subject is a user id. It is written as a decimal string, as RFC 7519
// requires of sub, and read from a string or from a JSON integer, which other
// issuers (the Rust port among them) have used.
type subject int64

func (s subject) MarshalJSON() ([]byte, error) {
	return json.Marshal(strconv.FormatInt(int64(s), 10))
}

var errSubject = errors.New("sub is not a positive integer user id")

func (s *subject) UnmarshalJSON(b []byte) error {
	digits := b
	if bytes.HasPrefix(b, []byte(`"`)) {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		digits = []byte(str)
	}
	// Only plain decimal digits: no sign, exponent, fraction or spaces.
	if len(digits) == 0 || len(digits) > 19 {
		return errSubject
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return errSubject
		}
	}
	n, err := strconv.ParseInt(string(digits), 10, 64)
	if err != nil || n <= 0 {
		return errSubject
	}
	*s = subject(n)
	return nil
}
