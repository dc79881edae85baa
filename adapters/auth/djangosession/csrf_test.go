package djangosession

import (
	"crypto/tls"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/enquete/enquete/domain/fault"
)

// The app's CSRF_TRUSTED_ORIGINS, plus a wildcard entry.
var trusted = []string{
	"https://investigation.raspotin.com", "http://localhost:8000", "http://127.0.0.1:8000",
	"https://*.enquete.example",
}

const csrfSecret = "pGhzzCcVb2N4kQ9rT1xY7aLmE5sWdF3u" // 32 characters, like alice's cookie

// csrfRequest describes a request; zero fields are left out.
type csrfRequest struct {
	method, host, origin, referer string
	tls                           bool
	cookies                       []string // csrftoken values, in order
	header                        string   // X-CSRFToken; "-" sends it empty
	form                          url.Values
	json                          string
}

func (c csrfRequest) build() *http.Request {
	method := c.method
	if method == "" {
		method = http.MethodPost
	}
	var r *http.Request
	switch {
	case c.form != nil:
		r = httptest.NewRequest(method, "/api/investigation/1/delete/", strings.NewReader(c.form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case c.json != "":
		r = httptest.NewRequest(method, "/api/investigation/1/presence/heartbeat/", strings.NewReader(c.json))
		r.Header.Set("Content-Type", "application/json")
	default:
		r = httptest.NewRequest(method, "/api/investigation/1/presence/heartbeat/", nil)
	}
	r.Host = "127.0.0.1:8000"
	if c.host != "" {
		r.Host = c.host
	}
	if c.tls {
		r.TLS = &tls.ConnectionState{}
	}
	if c.origin != "" {
		r.Header.Set("Origin", c.origin)
	}
	if c.referer != "" {
		r.Header.Set("Referer", c.referer)
	}
	for _, v := range c.cookies {
		r.AddCookie(&http.Cookie{Name: CSRFCookieName, Value: v})
	}
	switch c.header {
	case "":
	case "-":
		r.Header.Set(CSRFHeaderName, "")
	default:
		r.Header.Set(CSRFHeaderName, c.header)
	}
	return r
}

func TestCheckCSRF(t *testing.T) {
	masked := MaskToken(csrfSecret)
	other := "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	cookie := []string{csrfSecret}
	cases := []struct {
		name string
		req  csrfRequest
		want string // "" accepts; otherwise Django's reason
	}{
		{"GET needs nothing", csrfRequest{method: http.MethodGet}, ""},
		{"HEAD needs nothing", csrfRequest{method: http.MethodHead}, ""},
		{"masked header token", csrfRequest{cookies: cookie, header: masked}, ""},
		{"raw header token", csrfRequest{cookies: cookie, header: csrfSecret}, ""},
		{"header on DELETE", csrfRequest{method: http.MethodDelete, cookies: cookie, header: masked}, ""},
		{"form field, raw", csrfRequest{cookies: cookie, form: url.Values{CSRFFormField: {csrfSecret}}}, ""},
		{"form field, masked", csrfRequest{cookies: cookie, form: url.Values{CSRFFormField: {masked}}}, ""},
		{"empty form field falls back to header", csrfRequest{cookies: cookie, form: url.Values{CSRFFormField: {""}}, header: masked}, ""},
		{"masked cookie (Django < 4.0)", csrfRequest{cookies: []string{MaskToken(csrfSecret)}, header: masked}, ""},
		{"last cookie wins", csrfRequest{cookies: []string{other, csrfSecret}, header: csrfSecret}, ""},

		{"missing cookie", csrfRequest{header: masked}, ReasonNoCSRFCookie},
		{"missing token", csrfRequest{cookies: cookie}, ReasonCSRFTokenMissing},
		{"JSON body field is not read", csrfRequest{cookies: cookie, json: `{"csrfmiddlewaretoken":"` + csrfSecret + `"}`}, ReasonCSRFTokenMissing},
		{"wrong header token", csrfRequest{cookies: cookie, header: other}, "CSRF token from the 'X-Csrftoken' HTTP header incorrect."},
		{"wrong masked token", csrfRequest{cookies: cookie, header: MaskToken(other)}, "CSRF token from the 'X-Csrftoken' HTTP header incorrect."},
		{"wrong form token", csrfRequest{cookies: cookie, form: url.Values{CSRFFormField: {other}}}, "CSRF token from POST incorrect."},
		{"empty header token", csrfRequest{cookies: cookie, header: "-"}, "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."},
		{"short header token", csrfRequest{cookies: cookie, header: csrfSecret[:31]}, "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."},
		{"bad characters in token", csrfRequest{cookies: cookie, header: csrfSecret[:31] + "-"}, "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters."},
		{"bad form token length", csrfRequest{cookies: cookie, form: url.Values{CSRFFormField: {"abc"}}}, "CSRF token from POST has incorrect length."},
		{"bad cookie length", csrfRequest{cookies: []string{"abc"}, header: masked}, "CSRF cookie has incorrect length."},
		{"bad cookie characters", csrfRequest{cookies: []string{csrfSecret[:31] + "_"}, header: masked}, "CSRF cookie has invalid characters."},

		{"same origin", csrfRequest{host: "enquete.test", origin: "http://enquete.test", cookies: cookie, header: masked}, ""},
		{"same origin over TLS", csrfRequest{host: "enquete.test", tls: true, origin: "https://enquete.test", cookies: cookie, header: masked}, ""},
		{"trusted origin", csrfRequest{origin: "https://investigation.raspotin.com", cookies: cookie, header: masked}, ""},
		{"trusted origin, other port", csrfRequest{origin: "http://127.0.0.1:8000", host: "enquete.test", cookies: cookie, header: masked}, ""},
		{"wildcard subdomain", csrfRequest{origin: "https://a.enquete.example", cookies: cookie, header: masked}, ""},
		{"wildcard apex", csrfRequest{origin: "https://enquete.example", cookies: cookie, header: masked}, ""},
		{"foreign origin with a valid token", csrfRequest{origin: "http://evil.example", cookies: cookie, header: masked},
			"Origin checking failed - http://evil.example does not match any trusted origins."},
		{"scheme differs from the request's", csrfRequest{host: "enquete.test", origin: "https://enquete.test", cookies: cookie, header: masked},
			"Origin checking failed - https://enquete.test does not match any trusted origins."},
		{"wildcard, wrong scheme", csrfRequest{origin: "http://a.enquete.example", cookies: cookie, header: masked},
			"Origin checking failed - http://a.enquete.example does not match any trusted origins."},
		{"wildcard, lookalike", csrfRequest{origin: "https://evilenquete.example", cookies: cookie, header: masked},
			"Origin checking failed - https://evilenquete.example does not match any trusted origins."},
		{"null origin", csrfRequest{origin: "null", cookies: cookie, header: masked},
			"Origin checking failed - null does not match any trusted origins."},

		{"HTTPS, same-host referer", csrfRequest{host: "enquete.test", tls: true, referer: "https://enquete.test/investigation/1/", cookies: cookie, header: masked}, ""},
		{"HTTPS, trusted referer", csrfRequest{host: "enquete.test", tls: true, referer: "https://investigation.raspotin.com/x", cookies: cookie, header: masked}, ""},
		{"HTTPS, wildcard referer", csrfRequest{host: "enquete.test", tls: true, referer: "https://b.enquete.example/", cookies: cookie, header: masked}, ""},
		{"HTTPS, no referer", csrfRequest{host: "enquete.test", tls: true, cookies: cookie, header: masked}, ReasonNoReferer},
		{"HTTPS, malformed referer", csrfRequest{host: "enquete.test", tls: true, referer: "not a url", cookies: cookie, header: masked}, ReasonMalformedReferer},
		{"HTTPS, insecure referer", csrfRequest{host: "enquete.test", tls: true, referer: "http://enquete.test/", cookies: cookie, header: masked}, ReasonInsecureReferer},
		{"HTTPS, foreign referer", csrfRequest{host: "enquete.test", tls: true, referer: "https://evil.example/page", cookies: cookie, header: masked},
			"Referer checking failed - https://evil.example/page does not match any trusted origins."},
		{"HTTP ignores the referer", csrfRequest{host: "enquete.test", referer: "https://evil.example/", cookies: cookie, header: masked}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckCSRF(tc.req.build(), trusted)
			if tc.want == "" {
				if err != nil {
					t.Errorf("CheckCSRF = %v; want nil", err)
				}
				return
			}
			f, ok := fault.As(err)
			if !ok || !errors.Is(err, fault.ErrForbidden) || f.Message != tc.want {
				t.Errorf("CheckCSRF = %v; want forbidden %q", err, tc.want)
			}
		})
	}
}

func TestMaskToken(t *testing.T) {
	a, b := MaskToken(csrfSecret), MaskToken(csrfSecret)
	if a == b || len(a) != 64 || tokenFormatError(a) != "" {
		t.Errorf("MaskToken(%q) = %q, %q; want two different 64-character tokens", csrfSecret, a, b)
	}
	for _, tok := range []string{a, b} {
		if got := unmaskCipherToken(tok); got != csrfSecret {
			t.Errorf("unmaskCipherToken(%q) = %q; want %q", tok, got, csrfSecret)
		}
	}
	// Masked by Django 4.2's _mask_cipher_secret formula in Python, with
	// a fixed mask instead of a random one.
	const djangoMasked = "Zq8LmN0pQr5StUv9WxYz1A2bC3dE4fG6eWfaLf2aRjIMDAuqFolnYADn6Yvq7Kzq"
	if got := unmaskCipherToken(djangoMasked); got != csrfSecret {
		t.Errorf("unmaskCipherToken(%q) = %q; want %q", djangoMasked, got, csrfSecret)
	}
	if got := maskCipherSecret(csrfSecret, djangoMasked[:32]); got != djangoMasked {
		t.Errorf("maskCipherSecret(%q) = %q; want %q", csrfSecret, got, djangoMasked)
	}
	// A mask of "a" (index 0) leaves the secret as the cipher.
	if got := unmaskCipherToken(strings.Repeat("a", 32) + csrfSecret); got != csrfSecret {
		t.Errorf("unmask with a zero mask = %q; want %q", got, csrfSecret)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("MaskToken(%q) did not panic; want a panic", "short")
		}
	}()
	MaskToken("short")
}
