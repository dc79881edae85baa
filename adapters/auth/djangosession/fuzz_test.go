package djangosession

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// FuzzDecode: Decode never panics, fails only with its two sentinels, and
// what it accepts is an object that survives Encode and Decode again. Each
// input is also tried with a valid signature appended, since a fuzzer
// cannot forge HMACs and would otherwise never reach the payload parsing.
func FuzzDecode(f *testing.F) {
	f.Add(realData)
	f.Add(Encode(secretKey, map[string]any{"_auth_user_id": "1", "n": 1.5}, time.Unix(0, 0)))
	f.Add(".e30:1xWTSl")
	f.Add("e30:-")
	f.Add("e30:")
	f.Add("eyJhIjpbMSwyLHsiYiI6bnVsbH1dfQ:1xWTSl")
	f.Add(".eJyrVkpUsoo21DHSMY6tBQAYHgN-:1xWTSl")
	f.Add("::")
	f.Add("")
	f.Fuzz(func(t *testing.T, data string) {
		for _, d := range []string{data, signed(data)} {
			m, err := Decode(secretKey, d)
			if err != nil {
				if !errors.Is(err, ErrBadSignature) && !errors.Is(err, ErrMalformed) {
					t.Fatalf("Decode(%q) error = %v; want ErrBadSignature or ErrMalformed", d, err)
				}
				continue
			}
			if m == nil {
				t.Fatalf("Decode(%q) = nil map, nil error", d)
			}
			if _, err := Decode(secretKey, Encode(secretKey, m, time.Now())); err != nil {
				t.Fatalf("Decode(Encode(Decode(%q))) error = %v", d, err)
			}
		}
	})
}

// FuzzUnmask: any well-formed token unmasks to a well-formed secret that
// masks back to it, and CheckCSRF never panics on arbitrary cookie and
// header values (and accepts a well-formed value sent as both).
func FuzzUnmask(f *testing.F) {
	f.Add("Zq8LmN0pQr5StUv9WxYz1A2bC3dE4fG6eWfaLf2aRjIMDAuqFolnYADn6Yvq7Kzq")
	f.Add(csrfSecret)
	f.Add("")
	f.Add("9999999999999999999999999999999999999999999999999999999999999999")
	f.Add("é-------------------------------------------------------------")
	f.Fuzz(func(t *testing.T, token string) {
		valid := tokenFormatError(token) == ""
		if valid && len(token) == csrfTokenLength {
			secret := unmaskCipherToken(token)
			if tokenFormatError(secret) != "" || len(secret) != csrfSecretLength {
				t.Fatalf("unmaskCipherToken(%q) = %q; want 32 characters of the alphabet", token, secret)
			}
			if again := maskCipherSecret(secret, token[:csrfSecretLength]); again != token {
				t.Fatalf("maskCipherSecret(unmaskCipherToken(%q)) = %q", token, again)
			}
		}
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		r.Header.Set("Cookie", CSRFCookieName+"="+token)
		r.Header.Set(CSRFHeaderName, token)
		err := CheckCSRF(r, nil)
		if valid && err != nil {
			t.Fatalf("CheckCSRF(cookie = header = %q) = %v; want nil", token, err)
		}
	})
}
