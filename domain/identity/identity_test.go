package identity

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/fault"
)

func TestValidateUsername(t *testing.T) {
	for _, ok := range []string{"alice", "jean.dupont+test@x-y_z", "Émile", strings.Repeat("a", 150)} {
		if err := ValidateUsername(ok); err != nil {
			t.Errorf("ValidateUsername(%q) = %v; want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "a b", "a/b", "a\x00", strings.Repeat("a", 151), "<script>"} {
		if err := ValidateUsername(bad); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("ValidateUsername(%q) = %v; want invalid", bad, err)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	if got, err := NormalizeEmail(" Alice@EXAMPLE.com "); err != nil || got != "Alice@example.com" {
		t.Errorf("NormalizeEmail() = %q, %v; want the domain lower-cased", got, err)
	}
	for _, bad := range []string{"", "alice", "alice@", "@example.com", "a b@example.com", "alice@localhost", "Alice <a@example.com>"} {
		if _, err := NormalizeEmail(bad); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("NormalizeEmail(%q) = %v; want invalid", bad, err)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		password string
		attrs    []string
		ok       bool
	}{
		{"correct horse battery", []string{"alice", "alice@example.com"}, true},
		{"short1!", nil, false},
		{"12345678901", nil, false},
		{"password123", nil, false},
		{"azertyuiop", nil, false},
		{"alice2024", []string{"alice2024x"}, false},
		{"jean.dupont@example.com", []string{"jean.dupont@example.com"}, false},
		{"a very long passphrase about nothing", []string{"al"}, true},
	}
	for _, tt := range tests {
		err := ValidatePassword(tt.password, tt.attrs...)
		if (err == nil) != tt.ok {
			t.Errorf("ValidatePassword(%q, %q) = %v; want ok=%v", tt.password, tt.attrs, err, tt.ok)
		}
	}
}

func TestNewUser(t *testing.T) {
	now := time.Date(2026, 11, 26, 7, 0, 0, 1234567, time.UTC)
	u, err := NewUser("alice", "alice@Example.COM", " Alice ", "", "pbkdf2_sha256$1$s$h", now)
	if err != nil {
		t.Fatal(err)
	}
	s := u.Snapshot()
	if s.Email != "alice@example.com" || s.FirstName != "Alice" || !s.IsActive || s.Avatar != "" || s.CreatedAt.Nanosecond() != 1234000 {
		t.Errorf("NewUser() = %+v", s)
	}
	if _, err := NewUser("alice", "alice@example.com", strings.Repeat("x", 151), "", "h", now); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("NewUser(long first name) = %v; want invalid", err)
	}
	if _, err := NewUser("alice", "alice@example.com", "", "", "", now); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("NewUser(no hash) = %v; want invalid", err)
	}
}
