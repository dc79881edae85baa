package jwt

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"

	"github.com/enquete/enquete/domain/fault"
)

var (
	secret    = []byte("0123456789abcdef0123456789abcdef")
	oldSecret = []byte("an older secret, rotated out of signing")
	t0        = time.Date(2026, 11, 26, 7, 0, 11, 0, time.UTC)
)

// clock is a settable ports.Clock.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func newService(t testing.TB, c *clock, keys ...Key) *Service {
	t.Helper()
	if len(keys) == 0 {
		keys = []Key{{Secret: secret}}
	}
	s, err := New(Options{Keys: keys, Clock: c})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// sign builds a token by hand, for claims and headers Issue never writes.
func sign(t testing.TB, method gojwt.SigningMethod, key any, header map[string]any, claims gojwt.MapClaims) string {
	t.Helper()
	tok := gojwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("SignedString: %v", err)
	}
	return s
}

func validClaims() gojwt.MapClaims {
	return gojwt.MapClaims{"sub": "42", "username": "alice", "iat": t0.Unix(), "exp": t0.Add(time.Hour).Unix()}
}

func isInvalidToken(err error) bool {
	f, ok := fault.As(err)
	return ok && errors.Is(err, fault.ErrUnauthenticated) && f.Message == "Invalid token"
}

func TestRoundTrip(t *testing.T) {
	c := &clock{now: t0.Add(500 * time.Millisecond)}
	s := newService(t, c)
	token, err := s.Issue(42, "alice")
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	got, err := s.Verify(token)
	if err != nil {
		t.Fatalf("Verify(Issue(42, alice)) error: %v", err)
	}
	// IssuedAt is precise to the millisecond (the jti carries it), exp to the second.
	if got.UserID != 42 || got.Username != "alice" || !got.IssuedAt.Equal(c.now) || !got.ExpiresAt.Equal(t0.Add(DefaultLifetime)) {
		t.Errorf("Verify(Issue(42, alice)) = %+v; want user 42 alice, issued %v, exp %v", got, c.now, t0.Add(DefaultLifetime))
	}
	// sub is a string on the wire (RFC 7519 StringOrURI).
	payload, _ := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	if !strings.Contains(string(payload), `"sub":"42"`) {
		t.Errorf("payload = %s; want sub as the string \"42\"", payload)
	}
}

func TestVerifyTimes(t *testing.T) {
	c := &clock{now: t0}
	s := newService(t, c)
	token, _ := s.Issue(7, "bob")
	nbf := sign(t, gojwt.SigningMethodHS256, secret, nil, gojwt.MapClaims{
		"sub": "7", "iat": t0.Unix(), "exp": t0.Add(time.Hour).Unix(), "nbf": t0.Add(time.Minute).Unix()})
	cases := []struct {
		name  string
		token string
		at    time.Time
		ok    bool
	}{
		{"fresh", token, t0, true},
		{"just before expiry", token, t0.Add(DefaultLifetime - time.Second), true},
		{"expired within leeway", token, t0.Add(DefaultLifetime + 20*time.Second), true},
		{"expired", token, t0.Add(DefaultLifetime + time.Minute), false},
		{"issued in the future, within leeway", token, t0.Add(-20 * time.Second), true},
		{"issued in the future", token, t0.Add(-time.Hour), false},
		{"not before, not yet", nbf, t0, false},
		{"not before, reached", nbf, t0.Add(time.Minute), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.now = tc.at
			_, err := s.Verify(tc.token)
			if (err == nil) != tc.ok || (err != nil && !isInvalidToken(err)) {
				t.Errorf("Verify at %v = %v; want ok=%v (or Invalid token)", tc.at, err, tc.ok)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	c := &clock{now: t0}
	s := newService(t, c)
	good, _ := s.Issue(42, "alice")
	parts := strings.Split(good, ".")
	tamperedPayload := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"1","username":"admin","iat":1795676411,"exp":1895676411}`))
	claimsWithout := func(key string) gojwt.MapClaims {
		m := validClaims()
		delete(m, key)
		return m
	}
	withSub := func(sub any) gojwt.MapClaims {
		m := validClaims()
		m["sub"] = sub
		return m
	}
	cases := map[string]string{
		"empty":              "",
		"garbage":            "not a token",
		"two segments":       parts[0] + "." + parts[1],
		"four segments":      good + ".x",
		"bearer prefix":      "Bearer " + good,
		"huge":               strings.Repeat("a", maxTokenLength+1),
		"tampered payload":   parts[0] + "." + tamperedPayload + "." + parts[2],
		"tampered signature": parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])),
		"signature dropped":  parts[0] + "." + parts[1] + ".",
		"wrong key":          sign(t, gojwt.SigningMethodHS256, []byte("another secret entirely"), nil, validClaims()),
		"alg none":           sign(t, gojwt.SigningMethodNone, gojwt.UnsafeAllowNoneSignatureType, nil, validClaims()),
		"alg HS512":          sign(t, gojwt.SigningMethodHS512, secret, nil, validClaims()),
		"alg HS384":          sign(t, gojwt.SigningMethodHS384, secret, nil, validClaims()),
		"unknown kid":        sign(t, gojwt.SigningMethodHS256, secret, map[string]any{"kid": "nope"}, validClaims()),
		"numeric kid":        sign(t, gojwt.SigningMethodHS256, secret, map[string]any{"kid": 1}, validClaims()),
		"no exp":             sign(t, gojwt.SigningMethodHS256, secret, nil, claimsWithout("exp")),
		"no iat":             sign(t, gojwt.SigningMethodHS256, secret, nil, claimsWithout("iat")),
		"no sub":             sign(t, gojwt.SigningMethodHS256, secret, nil, claimsWithout("sub")),
		"sub zero":           sign(t, gojwt.SigningMethodHS256, secret, nil, withSub("0")),
		"sub negative":       sign(t, gojwt.SigningMethodHS256, secret, nil, withSub(-3)),
		"sub fraction":       sign(t, gojwt.SigningMethodHS256, secret, nil, withSub(4.5)),
		"sub word":           sign(t, gojwt.SigningMethodHS256, secret, nil, withSub("alice")),
		"sub signed":         sign(t, gojwt.SigningMethodHS256, secret, nil, withSub("+42")),
		"sub overflow":       sign(t, gojwt.SigningMethodHS256, secret, nil, withSub("99999999999999999999")),
		"sub null":           sign(t, gojwt.SigningMethodHS256, secret, nil, withSub(nil)),
		"sub object":         sign(t, gojwt.SigningMethodHS256, secret, nil, withSub(map[string]any{"id": 1})),
	}
	for name, token := range cases {
		t.Run(name, func(t *testing.T) {
			if got, err := s.Verify(token); !isInvalidToken(err) {
				t.Errorf("Verify(%.40q) = %+v, %v; want Invalid token", token, got, err)
			}
		})
	}
}

func TestVerifyNumericSubject(t *testing.T) {
	s := newService(t, &clock{now: t0})
	m := validClaims()
	m["sub"] = 42
	got, err := s.Verify(sign(t, gojwt.SigningMethodHS256, secret, nil, m))
	if err != nil || got.UserID != 42 || got.Username != "alice" {
		t.Errorf("Verify(numeric sub 42) = %+v, %v; want user 42", got, err)
	}
}

func TestKeyRotation(t *testing.T) {
	c := &clock{now: t0}
	before := newService(t, c, Key{ID: "2025", Secret: oldSecret})
	after := newService(t, c, Key{ID: "2026", Secret: secret}, Key{ID: "2025", Secret: oldSecret})
	oldToken, _ := before.Issue(5, "carol")
	newToken, _ := after.Issue(5, "carol")
	noKid := sign(t, gojwt.SigningMethodHS256, oldSecret, nil, validClaims())
	// A token naming the new key but signed with the old secret must fail:
	// kid selects exactly one key.
	mislabelled := sign(t, gojwt.SigningMethodHS256, oldSecret, map[string]any{"kid": "2026"}, validClaims())
	cases := []struct {
		name    string
		service *Service
		token   string
		ok      bool
	}{
		{"old token, new service", after, oldToken, true},
		{"new token, new service", after, newToken, true},
		{"new token, old service", before, newToken, false},
		{"no kid tries every key", after, noKid, true},
		{"kid picks one key", after, mislabelled, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.service.Verify(tc.token)
			if (err == nil) != tc.ok {
				t.Errorf("Verify = %v; want ok=%v", err, tc.ok)
			}
		})
	}
	header, _ := base64.RawURLEncoding.DecodeString(strings.Split(newToken, ".")[0])
	if !strings.Contains(string(header), `"kid":"2026"`) {
		t.Errorf("header = %s; want kid 2026 (the first key)", header)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	cases := map[string]Options{
		"no keys":           {},
		"empty secret":      {Keys: []Key{{ID: "a"}}},
		"duplicate id":      {Keys: []Key{{ID: "a", Secret: secret}, {ID: "a", Secret: oldSecret}}},
		"negative lifetime": {Keys: []Key{{Secret: secret}}, Lifetime: -time.Second},
		"negative leeway":   {Keys: []Key{{Secret: secret}}, Leeway: -time.Second},
	}
	for name, opts := range cases {
		if _, err := New(opts); err == nil {
			t.Errorf("New(%s) = nil error; want an error", name)
		}
	}
}

func TestOptions(t *testing.T) {
	c := &clock{now: t0}
	s, err := New(Options{Keys: []Key{{Secret: secret}}, Lifetime: time.Hour, Leeway: time.Second, Clock: c})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	token, _ := s.Issue(1, "a")
	got, err := s.Verify(token)
	if err != nil || !got.ExpiresAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("Verify = %+v, %v; want exp %v", got, err, t0.Add(time.Hour))
	}
	c.now = t0.Add(time.Hour + 2*time.Second) // beyond the 1 s leeway
	if _, err := s.Verify(token); !isInvalidToken(err) {
		t.Errorf("Verify 2 s after exp with 1 s leeway = %v; want Invalid token", err)
	}
	if _, err := s.Issue(0, "nobody"); err == nil {
		t.Errorf("Issue(0) = nil error; want an error")
	}
}
