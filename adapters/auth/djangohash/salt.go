package djangohash

import "crypto/rand"

// randomString is Django's get_random_string: n characters drawn uniformly
// from [a-zA-Z0-9] with a cryptographic source. Bytes at or above 248 (the
// largest multiple of 62 that fits a byte) are rejected so that b%62 has no
// bias towards the first letters.
func randomString(n int) string {
	const limit = 256 - 256%len(saltAlphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+4)
	for len(out) < n {
		// crypto/rand.Read never fails since Go 1.24 (it aborts the process).
		_, _ = rand.Read(buf)
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, saltAlphabet[int(b)%len(saltAlphabet)])
			}
		}
	}
	return string(out)
}
