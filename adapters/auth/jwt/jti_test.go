package jwt

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// TestPayloadCarriesNoSecrets decodes an issued token as anyone holding it
// can (the payload is only base64): it says who and when, nothing more.
func TestPayloadCarriesNoSecrets(t *testing.T) {
	s := newService(t, &clock{now: t0})
	token, err := s.Issue(42, "alice")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var payload map[string]any
	if err := json.Unmarshal(raw, &payload); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range payload {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if strings.Join(keys, ",") != "exp,iat,jti,sub,username" {
		t.Errorf("payload keys = %v; want exactly exp, iat, jti, sub, username", keys)
	}
	for _, secret := range []string{string(secret), "pbkdf2", "password"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("payload %s contains %q", raw, secret)
		}
	}
}

func TestJTI(t *testing.T) {
	c := &clock{now: t0.Add(734 * time.Millisecond)}
	s := newService(t, c)
	seen := map[string]bool{}
	for range 1000 {
		token, err := s.Issue(1, "alice")
		if err != nil {
			t.Fatal(err)
		}
		claims, err := s.Verify(token)
		if err != nil {
			t.Fatal(err)
		}
		if seen[claims.ID] {
			t.Fatalf("jti %s issued twice", claims.ID)
		}
		seen[claims.ID] = true
		if id := uuid.MustParse(claims.ID); id.Version() != 7 || id.Variant() != uuid.RFC4122 {
			t.Fatalf("jti %s is not a version 7 UUID", claims.ID)
		}
		if !claims.IssuedAt.Equal(c.now) {
			t.Fatalf("IssuedAt = %v; want %v (to the millisecond)", claims.IssuedAt, c.now)
		}
	}
}

// TestIssuedAtTrustsOnlyAConsistentJTI: a jti that is not a version 7 UUID
// within iat's second (another issuer's id) leaves iat as the issue time.
func TestIssuedAtTrustsOnlyAConsistentJTI(t *testing.T) {
	iat := gojwt.NewNumericDate(t0)
	ahead, _ := newJTI(t0.Add(1500 * time.Millisecond))
	within, _ := newJTI(t0.Add(999 * time.Millisecond))
	for _, c := range []struct {
		name, jti string
		want      time.Time
	}{
		{"none", "", t0},
		{"not a uuid", "abc", t0},
		{"version 4", uuid.NewString(), t0},
		{"another second", ahead, t0},
		{"same second", within, t0.Add(999 * time.Millisecond)},
	} {
		if got := issuedAt(c.jti, iat); !got.Equal(c.want) {
			t.Errorf("issuedAt(%s) = %v; want %v", c.name, got, c.want)
		}
	}
}

// TestIssueNamesTheSigningKey: with key ids configured, every token says
// which key signed it, so that verification needs no trial.
func TestIssueNamesTheSigningKey(t *testing.T) {
	s, err := New(Options{Keys: []Key{{ID: "2026-11", Secret: []byte("new secret")}, {ID: "2026-05", Secret: []byte("old secret")}}})
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.Issue(1, "alice")
	if err != nil {
		t.Fatal(err)
	}
	parsed, _, err := gojwt.NewParser().ParseUnverified(token, &claims{})
	if err != nil || parsed.Header["kid"] != "2026-11" {
		t.Errorf("kid = %v (%v); want 2026-11, the first key's", parsed.Header["kid"], err)
	}
}
