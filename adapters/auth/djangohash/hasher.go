// Package djangohash implements ports.PasswordHasher in Django's encoded
// password format, so that Go and Django can verify each other's hashes
// while both share the investigation_user table.
//
// New hashes are always "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>",
// Django 4.2's default. Verify also accepts the other encodings a Django
// installation may have stored: pbkdf2_sha1, bcrypt_sha256, bcrypt and argon2
// (argon2id and argon2i, version 19).
package djangohash

import (
	"crypto/subtle"
	"math"
	"strings"

	"github.com/enquete/enquete/ports"
)

// DefaultIterations is Django 4.2's PBKDF2 iteration count (every 4.2.x
// release). Django re-hashes any pbkdf2_sha256 hash with another count on the
// next login, so production must use exactly this value.
const DefaultIterations = 600000

// saltEntropy is Django's BasePasswordHasher.salt_entropy, in bits.
const saltEntropy = 128

// saltAlphabet is Django's RANDOM_STRING_CHARS, used by get_random_string.
const saltAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// saltLength is ceil(128 / log2(62)) = 22, the length Django's salt() draws.
var saltLength = int(math.Ceil(saltEntropy / math.Log2(float64(len(saltAlphabet)))))

// Algorithm prefixes, as Django's hashers name them.
const (
	algPBKDF2SHA256 = "pbkdf2_sha256"
	algPBKDF2SHA1   = "pbkdf2_sha1"
	algBcryptSHA256 = "bcrypt_sha256"
	algBcrypt       = "bcrypt"
	algArgon2       = "argon2"
)

// unusablePrefix marks a password set with set_unusable_password().
const unusablePrefix = "!"

// Hasher hashes with pbkdf2_sha256 at a fixed iteration count and verifies
// every encoding listed in the package comment. It is safe for concurrent use.
type Hasher struct {
	iterations int
	limits     limits
}

var _ ports.PasswordHasher = (*Hasher)(nil)

// limits caps the work factors read from a stored hash. Django has no caps,
// but a garbled or hostile value (pbkdf2_sha256$2000000000$...) would pin a
// CPU for minutes or allocate gigabytes; the caps sit far above anything a
// Django release has produced. Tests lower them to fuzz quickly.
type limits struct {
	maxIterations   int    // PBKDF2 (Django 4.2: 600000, 6.0: 1200000)
	maxBcryptCost   int    // bcrypt log2 rounds (Django: 12)
	maxArgon2Time   uint32 // passes (Django: 2)
	maxArgon2Memory uint32 // KiB (Django: 102400)
}

var defaultLimits = limits{
	maxIterations:   10_000_000,
	maxBcryptCost:   16,
	maxArgon2Time:   64,
	maxArgon2Memory: 1 << 20, // 1 GiB
}

// New returns a Hasher that encodes new passwords with the given PBKDF2
// iteration count. iterations < 1 selects DefaultIterations. Tests may lower
// the count; Verify then reports upgrade=true for 600000-iteration hashes,
// exactly as Django would with that setting.
func New(iterations int) *Hasher {
	if iterations < 1 {
		iterations = DefaultIterations
	}
	return &Hasher{iterations: iterations, limits: defaultLimits}
}

// Iterations returns the PBKDF2 iteration count used for new hashes.
func (h *Hasher) Iterations() int { return h.iterations }

// Hash encodes password as pbkdf2_sha256 with a fresh 22-character salt.
func (h *Hasher) Hash(password string) (string, error) {
	return encodePBKDF2(algPBKDF2SHA256, password, randomString(saltLength), h.iterations)
}

// Verify reports whether password matches encoded and, when it does, whether
// Django would re-hash it (its must_update). It follows Django 4.2.14+'s
// verify_password: unusable and unrecognised encodings cost one default hash
// so that they take as long as a real check, and a wrong password against a
// weaker pbkdf2_sha256 hash is padded to the configured cost (harden_runtime).
func (h *Hasher) Verify(password, encoded string) (ok, upgrade bool) {
	if strings.HasPrefix(encoded, unusablePrefix) {
		h.WasteTime(password)
		return false, false
	}
	algorithm, _, _ := strings.Cut(encoded, "$")
	var checked bool
	switch algorithm {
	case algPBKDF2SHA256, algPBKDF2SHA1:
		var p pbkdf2Hash
		p, checked = parsePBKDF2(encoded, h.limits)
		if checked {
			ok = p.verify(password, encoded)
			upgrade = h.mustUpdate(p)
			if !ok && p.algorithm == algPBKDF2SHA256 && p.iterations < h.iterations {
				h.harden(password, p)
			}
		}
	case algBcryptSHA256:
		ok, checked = verifyBcrypt(sha256Hex(password), strings.TrimPrefix(encoded, algBcryptSHA256+"$"), h.limits)
		upgrade = true
	case algBcrypt:
		ok, checked = verifyBcrypt(password, strings.TrimPrefix(encoded, algBcrypt+"$"), h.limits)
		upgrade = true
	case algArgon2:
		ok, checked = verifyArgon2(password, strings.TrimPrefix(encoded, algArgon2+"$"), h.limits)
		upgrade = true
	}
	if !checked {
		h.WasteTime(password)
		return false, false
	}
	// upgrade only means something for a password that verified.
	return ok, ok && upgrade
}

// WasteTime runs one hash at the configured cost and discards it. Login calls
// it for unknown users so that they cannot be told apart by response time.
func (h *Hasher) WasteTime(password string) {
	// A fixed salt is fine: the result is thrown away, only the cost matters.
	_, _ = encodePBKDF2(algPBKDF2SHA256, password, "wastetimewastetimewast", h.iterations)
}

// mustUpdate is Django's PBKDF2PasswordHasher.must_update for the preferred
// hasher: any other algorithm, another iteration count or a salt with less
// than 128 bits of entropy means the stored hash should be replaced.
func (h *Hasher) mustUpdate(p pbkdf2Hash) bool {
	if p.algorithm != algPBKDF2SHA256 || p.iterations != h.iterations {
		return true
	}
	return float64(len(p.salt))*math.Log2(float64(len(saltAlphabet))) < saltEntropy
}

// harden is Django's harden_runtime: it spends the iterations a wrong
// password against a weaker hash saved, so that the response time does not
// reveal that the account has an outdated hash.
func (h *Hasher) harden(password string, p pbkdf2Hash) {
	_, _ = encodePBKDF2(algPBKDF2SHA256, password, p.salt, h.iterations-p.iterations)
}

// constantTimeEqual compares two strings without leaking where they differ.
func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
