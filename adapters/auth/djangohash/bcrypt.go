package djangohash

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"

	"golang.org/x/crypto/bcrypt"
)

// bcryptFormat is the modular crypt form Python's bcrypt writes: version,
// two-digit cost, 22 characters of salt and 31 of hash. x/crypto/bcrypt is
// more lenient (it ignores trailing bytes); Django compares the whole string,
// so anything else is refused up front.
var bcryptFormat = regexp.MustCompile(`^\$2[aby]\$([0-9]{2})\$[./A-Za-z0-9]{53}$`)

// verifyBcrypt checks secret against a bcrypt hash (what follows "bcrypt$" or
// "bcrypt_sha256$"). checked is false when data is not a bcrypt hash or its
// cost is beyond the limit. Like the C implementation Django's bcrypt
// package wraps, x/crypto only reads the first 72 bytes of secret, so long
// passwords verify against hashes made by Django from the same truncation.
func verifyBcrypt(secret, data string, lim limits) (ok, checked bool) {
	m := bcryptFormat.FindStringSubmatch(data)
	if m == nil {
		return false, false
	}
	cost, _ := strconv.Atoi(m[1])
	if cost < bcrypt.MinCost || cost > lim.maxBcryptCost {
		return false, false
	}
	// CompareHashAndPassword compares in constant time.
	return bcrypt.CompareHashAndPassword([]byte(data), []byte(secret)) == nil, true
}

// sha256Hex is the pre-hash of Django's BCryptSHA256PasswordHasher: the hex
// digest keeps the bcrypt input at 64 bytes, so no password is truncated.
func sha256Hex(password string) string {
	sum := sha256.Sum256([]byte(password))
	return hex.EncodeToString(sum[:])
}
