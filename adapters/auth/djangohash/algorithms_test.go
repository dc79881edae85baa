package djangohash

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// bcryptHash hashes secret at the lowest cost with x/crypto/bcrypt.
func bcryptHash(t testing.TB, secret string) string {
	t.Helper()
	b, err := bcrypt.GenerateFromPassword([]byte(secret), bcrypt.MinCost)
	if err != nil {
		t.Fatalf("bcrypt.GenerateFromPassword: %v", err)
	}
	return string(b)
}

// argon2Hash writes what Django's Argon2PasswordHasher stores, from the
// primitive in x/crypto/argon2 and a random 16-byte salt.
func argon2Hash(variety, password string, time, memory uint32, threads uint8) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	derive := argon2.IDKey
	if variety == "argon2i" {
		derive = argon2.Key
	}
	key := derive([]byte(password), salt, time, memory, threads, 32)
	return fmt.Sprintf("argon2$%s$v=19$m=%d,t=%d,p=%d$%s$%s", variety, memory, time, threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

func TestVerifyAlgorithms(t *testing.T) {
	long := strings.Repeat("0123456789", 8) // 80 bytes: beyond bcrypt's 72
	cases := []struct {
		name     string
		password string
		encoded  string
		want     bool
	}{
		// Vectors printed by Django 4.2's own test suite (tests/auth_tests/test_hashers.py).
		{"django pbkdf2_sha256", "lètmein", "pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=", true},
		{"django pbkdf2_sha1", "lètmein", "pbkdf2_sha1$600000$seasalt2$2CLsaL1MZhq6JOG6QOHtVbiopHE=", true},
		{"django argon2i v19", "secret", "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q", true},
		{"django argon2i v19, wrong", "wrong", "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q", false},
		// The crypt_blowfish / OpenBSD test vector, in Django's "bcrypt$" wrapping.
		{"bcrypt reference vector", "U*U", "bcrypt$$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", true},

		{"pbkdf2_sha1 low count", "pw", djangoPBKDF2(algPBKDF2SHA1, "pw", "somesalt", 3), true},
		{"pbkdf2_sha256 one iteration", "pw", djangoPBKDF2(algPBKDF2SHA256, "pw", "somesalt", 1), true},
		{"pbkdf2_sha256 empty password", "", djangoPBKDF2(algPBKDF2SHA256, "", "somesalt", 10), true},
		{"pbkdf2_sha256 blank is not empty", " ", djangoPBKDF2(algPBKDF2SHA256, "", "somesalt", 10), false},

		{"bcrypt", "lètmein", "bcrypt$" + bcryptHash(t, "lètmein"), true},
		{"bcrypt wrong", "lètmeinz", "bcrypt$" + bcryptHash(t, "lètmein"), false},
		{"bcrypt empty", "", "bcrypt$" + bcryptHash(t, ""), true},
		// Plain bcrypt reads 72 bytes, in Python's bcrypt as in x/crypto.
		{"bcrypt truncates at 72 bytes", long, "bcrypt$" + bcryptHash(t, long[:72]), true},

		{"bcrypt_sha256", "lètmein", "bcrypt_sha256$" + bcryptHash(t, sha256Hex("lètmein")), true},
		{"bcrypt_sha256 wrong", "lètmeinz", "bcrypt_sha256$" + bcryptHash(t, sha256Hex("lètmein")), false},
		{"bcrypt_sha256 long password", long, "bcrypt_sha256$" + bcryptHash(t, sha256Hex(long)), true},
		{"bcrypt_sha256 does not truncate", long[:72], "bcrypt_sha256$" + bcryptHash(t, sha256Hex(long)), false},
		{"bcrypt_sha256 is not bcrypt", "lètmein", "bcrypt_sha256$" + bcryptHash(t, "lètmein"), false},

		{"argon2id", "lètmein", argon2Hash("argon2id", "lètmein", 2, 64, 2), true},
		{"argon2id wrong", "lètmeinz", argon2Hash("argon2id", "lètmein", 2, 64, 2), false},
		{"argon2i", "lètmein", argon2Hash("argon2i", "lètmein", 1, 32, 1), true},
	}
	h := New(testIterations)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if ok, _ := h.Verify(tc.password, tc.encoded); ok != tc.want {
				t.Errorf("Verify(%q, %q) = %v; want %v", tc.password, tc.encoded, ok, tc.want)
			}
		})
	}
}

// garbled lists encodings that must be refused even with the right password
// ("lètmein" where a password applies). The fuzz test seeds from it too.
var garbled = []string{
	"",
	"!",
	"!bl00HYIdAmh1LD6w7YXOmBp4F9Lr2SrhOQ9As0di",
	"!pbkdf2_sha256$10$seasalt$ZCMtHp3yD0ZcmY6Lz0BKjvVHYTjYVtuaJA0oK1mTGXg=",
	"$",
	"$$$",
	"pbkdf2_sha256",
	"pbkdf2_sha256$",
	"pbkdf2_sha256$10",
	"pbkdf2_sha256$10$seasalt",
	"pbkdf2_sha256$$seasalt$x",
	"pbkdf2_sha256$abc$seasalt$x",
	"pbkdf2_sha256$-10$seasalt$x",
	"pbkdf2_sha256$+10$seasalt$x",
	"pbkdf2_sha256$0$seasalt$x",
	"pbkdf2_sha256$ 10$seasalt$x",
	"pbkdf2_sha256$99999999999999999999999$seasalt$x",
	"pbkdf2_sha256$2000000000$seasalt$x",
	"pbkdf2_sha256$10$$x",
	"PBKDF2_SHA256$10$seasalt$x",
	"pbkdf2_sha512$10$seasalt$x",
	// Django's md5, unsalted md5 and unsalted sha1 vectors: not accepted here.
	"md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3",
	"88a434c88cca4e900f7874cd98123f43",
	"sha1$$6d138ca3ae545631b3abd71a4f076ce759c5700b",
	"scrypt$16384$seasalt$8$1$x",
	"bcrypt",
	"bcrypt$",
	"bcrypt$$2b$12$short",
	"bcrypt$$2b$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
	"bcrypt$$2b$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
	"bcrypt$$2b$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
	"bcrypt$$3b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
	"bcrypt$$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeWextra",
	"bcrypt$$2a$05$CCCCCCCCCCCCCCCCCCCCC!E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
	"bcrypt_sha256$",
	"bcrypt_sha256$$2b$+5$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
	"argon2",
	"argon2$",
	"argon2$argon2id",
	// Argon2 1.0 (no version field): Django's own vector, which x/crypto cannot compute.
	"argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg",
	"argon2$argon2d$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=16$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$t=1,m=8,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$m=8,t=0,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$m=8,t=1,p=0$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$m=8,t=1,p=256$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$m=7,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$m=8,t=1,p=2$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$m=8,t=4294967295,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdA$YC9+jJCrQhs5R6db7LlN8Q",
	"argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ=$YC9+jJCrQhs5R6db7LlN8Q==",
	"argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+",
	"argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$!!!!",
	"argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q$",
	"\x00\xff$\xfe",
}

func TestVerifyGarbled(t *testing.T) {
	h := New(testIterations)
	// Non-canonical forms of a hash that does verify: Django compares the
	// re-encoded string, so these must fail too.
	good := djangoPBKDF2(algPBKDF2SHA256, "lètmein", "seasalt", 10)
	extra := []string{
		strings.Replace(good, "$10$", "$010$", 1),
		strings.TrimRight(good, "="),
		good + "$",
		good + " ",
		" " + good,
		"!" + good,
	}
	for _, encoded := range append(extra, garbled...) {
		for _, password := range []string{"lètmein", "secret", "U*U", ""} {
			if ok, update := h.Verify(password, encoded); ok || update {
				t.Errorf("Verify(%q, %q) = %v, %v; want false, false", password, encoded, ok, update)
			}
		}
	}
}
