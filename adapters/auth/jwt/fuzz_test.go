package jwt

import (
	"testing"

	gojwt "github.com/golang-jwt/jwt/v5"
)

// FuzzVerify: Verify never panics, fails only with Invalid token, and what it
// accepts names a real user id.
func FuzzVerify(f *testing.F) {
	c := &clock{now: t0}
	s := newService(f, c)
	good, _ := s.Issue(42, "alice")
	f.Add(good)
	f.Add(sign(f, gojwt.SigningMethodNone, gojwt.UnsafeAllowNoneSignatureType, nil, validClaims()))
	f.Add(sign(f, gojwt.SigningMethodHS256, secret, map[string]any{"kid": "x"}, validClaims()))
	f.Add("")
	f.Add("a.b.c")
	f.Add("eyJhbGciOiJIUzI1NiJ9.e30.")
	f.Fuzz(func(t *testing.T, token string) {
		got, err := s.Verify(token)
		if err != nil && !isInvalidToken(err) {
			t.Fatalf("Verify(%q) error = %v; want Invalid token", token, err)
		}
		if err == nil && got.UserID <= 0 {
			t.Fatalf("Verify(%q) accepted user id %d", token, got.UserID)
		}
	})
}
