package djangohash

import (
	"crypto/subtle"
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// argon2Params matches the parameter field of the PHC string argon2-cffi
// writes and its reference decoder accepts: exactly m, t, p in that order.
var argon2Params = regexp.MustCompile(`^m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,10})$`)

// Bounds the argon2 reference implementation enforces on decoding.
const (
	argon2MinSalt = 8
	argon2MinHash = 4
	argon2MaxHash = 1024 // far above Django's 32; keeps allocation bounded
)

// verifyArgon2 checks password against what follows "argon2$" in a Django
// hash: "argon2id$v=19$m=102400,t=2,p=8$<salt>$<hash>" (Django ≥ 3.2) or the
// same with "argon2i" (older Django releases). Salt and hash are standard
// base64 without padding.
//
// Hashes without a "v=" field were written by Argon2 version 1.0 (Django 1.10
// with an old argon2-cffi); x/crypto/argon2 only computes version 1.3 (19),
// so they are reported as unchecked and never verify. argon2d is refused for
// the same reason.
func verifyArgon2(password, rest string, lim limits) (ok, checked bool) {
	parts := strings.Split(rest, "$")
	if len(parts) != 5 || parts[1] != "v=19" {
		return false, false
	}
	var derive func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte
	switch parts[0] {
	case "argon2id":
		derive = argon2.IDKey
	case "argon2i":
		derive = argon2.Key
	default:
		return false, false
	}
	m := argon2Params.FindStringSubmatch(parts[2])
	if m == nil {
		return false, false
	}
	memory, err1 := strconv.ParseUint(m[1], 10, 32)
	time, err2 := strconv.ParseUint(m[2], 10, 32)
	threads, err3 := strconv.ParseUint(m[3], 10, 8)
	if err1 != nil || err2 != nil || err3 != nil ||
		threads < 1 || time < 1 || time > uint64(lim.maxArgon2Time) ||
		memory < 8*threads || memory > uint64(lim.maxArgon2Memory) {
		return false, false
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[3])
	if err != nil || len(salt) < argon2MinSalt {
		return false, false
	}
	want, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil || len(want) < argon2MinHash || len(want) > argon2MaxHash {
		return false, false
	}
	got := derive([]byte(password), salt, uint32(time), uint32(memory), uint8(threads), uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, true
}
