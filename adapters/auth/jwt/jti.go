package jwt

import (
	"crypto/rand"
	"encoding/binary"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// newJTI returns a token id: a UUID version 7, whose first 48 bits are the
// issue time in Unix milliseconds and whose other 74 bits are random. The
// id lets one token be revoked (logout); the embedded time lets "log out
// everywhere" compare issue times to the millisecond, where iat only counts
// seconds (a token issued just after a revocation, in the same second, must
// still work). The time comes from the service's clock, not uuid.NewV7's.
func newJTI(now time.Time) (string, error) {
	var id uuid.UUID
	if _, err := rand.Read(id[:]); err != nil {
		return "", err
	}
	ms := uint64(now.UnixMilli())
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], ms)
	copy(id[:6], ts[2:])
	id[6] = id[6]&0x0f | 0x70 // version 7
	id[8] = id[8]&0x3f | 0x80 // RFC 9562 variant
	return id.String(), nil
}

// issuedAt is the token's issue time: the jti's millisecond time when the
// jti is a version 7 UUID within the second iat names (both are signed, so
// the refinement is as trustworthy as iat), iat otherwise.
func issuedAt(jti string, iat *gojwt.NumericDate) time.Time {
	id, err := uuid.Parse(jti)
	if err != nil || id.Version() != 7 || len(jti) != 36 {
		return iat.Time
	}
	sec, nsec := id.Time().UnixTime()
	precise := time.Unix(sec, nsec)
	if precise.Unix() != iat.Unix() {
		return iat.Time
	}
	return precise
}
