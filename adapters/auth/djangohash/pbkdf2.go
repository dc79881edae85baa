package djangohash

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"strconv"
	"strings"
)

// pbkdf2Hash is a decoded "<algorithm>$<iterations>$<salt>$<hash>" value.
type pbkdf2Hash struct {
	algorithm  string
	iterations int
	salt       string
}

// parsePBKDF2 splits encoded as Django's PBKDF2PasswordHasher.decode does
// (encoded.split("$", 3)). It reports false for anything Django could not
// re-encode: a non-numeric or out-of-range count, or an empty salt.
func parsePBKDF2(encoded string, lim limits) (pbkdf2Hash, bool) {
	parts := strings.SplitN(encoded, "$", 4)
	if len(parts) != 4 || parts[2] == "" || !isDigits(parts[1]) {
		return pbkdf2Hash{}, false
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < 1 || n > lim.maxIterations {
		return pbkdf2Hash{}, false
	}
	return pbkdf2Hash{algorithm: parts[0], iterations: n, salt: parts[2]}, true
}

// verify re-encodes password with the stored salt and count and compares the
// whole string, as Django does; a non-canonical encoding (leading zeros in
// the count, missing base64 padding) therefore never verifies, in either.
func (p pbkdf2Hash) verify(password, encoded string) bool {
	again, err := encodePBKDF2(p.algorithm, password, p.salt, p.iterations)
	return err == nil && constantTimeEqual(again, encoded)
}

// encodePBKDF2 is Django's PBKDF2PasswordHasher.encode: the derived key has
// the digest's size and is written in standard base64 with padding.
func encodePBKDF2(algorithm, password, salt string, iterations int) (string, error) {
	var digest func() hash.Hash
	var size int
	if algorithm == algPBKDF2SHA1 {
		digest, size = sha1.New, sha1.Size
	} else {
		digest, size = sha256.New, sha256.Size
	}
	key, err := pbkdf2.Key(digest, password, []byte(salt), iterations, size)
	if err != nil {
		return "", err
	}
	return algorithm + "$" + strconv.Itoa(iterations) + "$" + salt + "$" +
		base64.StdEncoding.EncodeToString(key), nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
