package djangohash

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"strings"
	"testing"
)

// aliceHash is the value Django 4.2 stored for alice (reference/django-auth.md).
const (
	aliceHash     = "pbkdf2_sha256$600000$vhup0P7Bk2rQSzx0D51NWt$oJ726nHh9isdfWY3k9SVSI2ffKiq+1+3eyiDicQfXFc="
	alicePassword = "correct horse battery staple"
)

// testIterations keeps the PBKDF2 tests fast; the known-answer test runs the
// real 600000-iteration cost.
const testIterations = 1000

// referencePBKDF2 computes PBKDF2-HMAC from RFC 8018 §5.2 with crypto/hmac
// alone, independently of crypto/pbkdf2 (which x/crypto/pbkdf2 now wraps).
// One block suffices because Django derives exactly one digest's worth.
func referencePBKDF2(digest func() hash.Hash, password, salt string, iterations int) []byte {
	mac := hmac.New(digest, []byte(password))
	mac.Write([]byte(salt))
	mac.Write([]byte{0, 0, 0, 1})
	u := mac.Sum(nil)
	out := append([]byte(nil), u...)
	for i := 1; i < iterations; i++ {
		mac.Reset()
		mac.Write(u)
		u = mac.Sum(u[:0])
		for j := range out {
			out[j] ^= u[j]
		}
	}
	return out
}

// djangoPBKDF2 builds an encoded hash with referencePBKDF2.
func djangoPBKDF2(algorithm, password, salt string, iterations int) string {
	digest := sha256.New
	if algorithm == algPBKDF2SHA1 {
		digest = sha1.New
	}
	sum := referencePBKDF2(digest, password, salt, iterations)
	return fmt.Sprintf("%s$%d$%s$%s", algorithm, iterations, salt, base64.StdEncoding.EncodeToString(sum))
}

func TestVerifyKnownAnswer(t *testing.T) {
	// The real cost, as in production: ~0.5 s per Verify.
	cases := []struct {
		name       string
		iterations int
		password   string
		ok, update bool
	}{
		{"production count", DefaultIterations, alicePassword, true, false},
		{"production count, wrong password", DefaultIterations, "wrong", false, false},
		// With a lowered count Django would re-hash alice on login.
		{"lowered count", testIterations, alicePassword, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, update := New(tc.iterations).Verify(tc.password, aliceHash)
			if ok != tc.ok || update != tc.update {
				t.Errorf("Verify(%q, alice) = %v, %v; want %v, %v", tc.password, ok, update, tc.ok, tc.update)
			}
		})
	}
}

func TestKnownAnswerIndependently(t *testing.T) {
	// The reference says hashlib computed alice's hash; so must our reference.
	got := djangoPBKDF2(algPBKDF2SHA256, alicePassword, "vhup0P7Bk2rQSzx0D51NWt", DefaultIterations)
	if got != aliceHash {
		t.Fatalf("reference PBKDF2 = %q; want %q", got, aliceHash)
	}
}

func TestHashIsDjangoFormat(t *testing.T) {
	h := New(testIterations)
	seen := map[string]bool{}
	for _, password := range []string{"", "lètmein", alicePassword, strings.Repeat("x", 200)} {
		encoded, err := h.Hash(password)
		if err != nil {
			t.Fatalf("Hash(%q) error: %v", password, err)
		}
		parts := strings.Split(encoded, "$")
		if len(parts) != 4 || parts[0] != "pbkdf2_sha256" || parts[1] != "1000" {
			t.Fatalf("Hash(%q) = %q; want pbkdf2_sha256$1000$<salt>$<hash>", password, encoded)
		}
		salt := parts[2]
		if len(salt) != 22 || strings.Trim(salt, saltAlphabet) != "" {
			t.Errorf("Hash(%q) salt = %q; want 22 characters of [a-zA-Z0-9]", password, salt)
		}
		if seen[salt] {
			t.Errorf("Hash(%q) reused salt %q", password, salt)
		}
		seen[salt] = true
		if want := djangoPBKDF2(algPBKDF2SHA256, password, salt, testIterations); encoded != want {
			t.Errorf("Hash(%q) = %q; independent PBKDF2 gives %q", password, encoded, want)
		}
		if ok, update := h.Verify(password, encoded); !ok || update {
			t.Errorf("Verify(%q, own hash) = %v, %v; want true, false", password, ok, update)
		}
		if ok, _ := h.Verify(password+"z", encoded); ok {
			t.Errorf("Verify(%q, hash of %q) = true; want false", password+"z", password)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	for _, n := range []int{0, -5} {
		if got := New(n).Iterations(); got != DefaultIterations {
			t.Errorf("New(%d).Iterations() = %d; want %d", n, got, DefaultIterations)
		}
	}
}

func TestRandomStringIsUniformEnough(t *testing.T) {
	// Every character of the alphabet should show up in 62*200 draws; a
	// mapping bug (modulo of the wrong length) would leave some out.
	counts := map[rune]int{}
	for _, r := range randomString(62 * 200) {
		counts[r]++
	}
	for _, r := range saltAlphabet {
		if counts[r] == 0 {
			t.Errorf("randomString never produced %q", r)
		}
	}
	if len(counts) != len(saltAlphabet) {
		t.Errorf("randomString produced %d distinct characters; want %d", len(counts), len(saltAlphabet))
	}
}

func TestUpgrade(t *testing.T) {
	h := New(testIterations)
	const pw = "lètmein"
	strong := "abcdefghijklmnopqrstuv" // 22 characters: 131 bits
	cases := []struct {
		name    string
		encoded string
		want    bool
	}{
		{"current", djangoPBKDF2(algPBKDF2SHA256, pw, strong, testIterations), false},
		{"longer salt", djangoPBKDF2(algPBKDF2SHA256, pw, strong+"wxyz", testIterations), false},
		{"fewer iterations", djangoPBKDF2(algPBKDF2SHA256, pw, strong, testIterations-1), true},
		{"more iterations", djangoPBKDF2(algPBKDF2SHA256, pw, strong, testIterations+1), true},
		{"21-character salt", djangoPBKDF2(algPBKDF2SHA256, pw, strong[:21], testIterations), true},
		{"Django's iodizedsalt", djangoPBKDF2(algPBKDF2SHA256, pw, "iodizedsalt", testIterations), true},
		{"pbkdf2_sha1", djangoPBKDF2(algPBKDF2SHA1, pw, strong, testIterations), true},
		{"bcrypt", "bcrypt$" + bcryptHash(t, pw), true},
		{"bcrypt_sha256", "bcrypt_sha256$" + bcryptHash(t, sha256Hex(pw)), true},
		{"argon2", argon2Hash("argon2id", pw, 1, 64, 1), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ok, update := h.Verify(pw, tc.encoded)
			if !ok || update != tc.want {
				t.Errorf("Verify(%q, %q) = %v, %v; want true, %v", pw, tc.encoded, ok, update, tc.want)
			}
			// A wrong password never asks for an upgrade.
			if ok, update := h.Verify(pw+"z", tc.encoded); ok || update {
				t.Errorf("Verify(%q, %q) = %v, %v; want false, false", pw+"z", tc.encoded, ok, update)
			}
		})
	}
}
