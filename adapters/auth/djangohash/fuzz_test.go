package djangohash

import "testing"

// FuzzVerify feeds arbitrary encodings to Verify: it must never panic, and a
// failed check never asks for an upgrade. The caps are lowered so that a
// mutated work factor costs milliseconds, not minutes.
func FuzzVerify(f *testing.F) {
	f.Add("lètmein", "pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=")
	f.Add("pw", djangoPBKDF2(algPBKDF2SHA256, "pw", "somesalt", 5))
	f.Add("pw", djangoPBKDF2(algPBKDF2SHA1, "pw", "somesalt", 5))
	f.Add("secret", "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q")
	f.Add("U*U", "bcrypt$$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")
	f.Add("U*U", "bcrypt_sha256$$2a$04$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")
	f.Add(alicePassword, aliceHash)
	for _, g := range garbled {
		f.Add("lètmein", g)
	}
	h := New(10)
	h.limits = limits{maxIterations: 2000, maxBcryptCost: 5, maxArgon2Time: 2, maxArgon2Memory: 256}
	f.Fuzz(func(t *testing.T, password, encoded string) {
		ok, update := h.Verify(password, encoded)
		if !ok && update {
			t.Errorf("Verify(%q, %q) = false, true; want no upgrade without a match", password, encoded)
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	h := New(DefaultIterations)
	for b.Loop() {
		if ok, _ := h.Verify(alicePassword, aliceHash); !ok {
			b.Fatal("Verify(alice) = false; want true")
		}
	}
}

func BenchmarkWasteTime(b *testing.B) {
	h := New(DefaultIterations)
	for b.Loop() {
		h.WasteTime(alicePassword)
	}
}
