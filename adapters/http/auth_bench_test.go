package httpapi_test

import (
	"net/http"
	"testing"
)

// BenchmarkBearerAuth measures what every API call pays to be recognised:
//
//   - verify:   the JWT check alone (HS256 signature, claims);
//   - me:       GET /api/auth/me through the router on the memory store —
//     the middleware chain, the JWT check, the "user still active" lookup
//     and the smallest handler;
//   - rejected: a token with a bad signature, refused with 401 before any
//     storage is touched.
func BenchmarkBearerAuth(b *testing.B) {
	s := newBenchServer(b, benchStore(b, "memory"))
	s.seedBoard(b, 1, 0)
	b.Run("verify", func(b *testing.B) {
		if _, err := s.tokens.Verify(s.token); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			if _, err := s.tokens.Verify(s.token); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("me", func(b *testing.B) {
		s.serve(b, s.request(http.MethodGet, "/api/auth/me"), nil, http.StatusOK)
	})
	b.Run("rejected", func(b *testing.B) {
		req := s.request(http.MethodGet, "/api/auth/me")
		tampered := []byte(s.token)
		tampered[len(tampered)-2] ^= 1
		req.Header.Set("Authorization", "Bearer "+string(tampered))
		s.serve(b, req, nil, http.StatusUnauthorized)
	})
}
