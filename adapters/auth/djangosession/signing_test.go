package djangosession

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The django_session row and SECRET_KEY recorded in reference/django-auth.md.
const (
	secretKey   = "enquete-local-measurement-secret-key-not-for-production"
	realKey     = "arzfmii7a3n6y0t0t4h3r5jligqz4whm"
	realData    = ".eJxVjMsOwiAQRf-FtSEMT3Hpvt9ABhikaiAp7cr479qkC93ec859sYDbWsM2aAlzZhcG7PS7RUwPajvId2y3zlNv6zJHviv8oINPPdPzerh_BxVH_dZkyICBGKMpYNTZOS-8JKsUWHCgjZWJIKEApVOyVFD7TFhUdNILQvb-AMTtN5U:1xWTSl:P6P-ZuHxEiw4kmz2BlxO11uR0TZqhA3oGFO77IKoJWM"
	realHash    = "e5e5151bbb5f1538779092e633161714562ce1ca0134cc6efa49deaf3b7290ea"
	aliceHash   = "pbkdf2_sha256$600000$vhup0P7Bk2rQSzx0D51NWt$oJ726nHh9isdfWY3k9SVSI2ffKiq+1+3eyiDicQfXFc="
	realBackend = "django.contrib.auth.backends.ModelBackend"
)

var realExpires = time.Date(2026, 12, 10, 7, 0, 11, 630198000, time.UTC)

func TestDecodeRealRow(t *testing.T) {
	got, err := Decode(secretKey, realData)
	if err != nil {
		t.Fatalf("Decode(real row) error: %v", err)
	}
	want := map[string]any{"_auth_user_id": "1", "_auth_user_backend": realBackend, "_auth_user_hash": realHash}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Decode(real row) = %v; want %v", got, want)
	}
	if h := AuthHash(secretKey, aliceHash); h != realHash {
		t.Errorf("AuthHash(secret, alice) = %q; want %q", h, realHash)
	}
	// The timestamp the reference decoded: 2026-11-26T07:00:11Z.
	if n, err := b62Decode("1xWTSl"); err != nil || n != 1795676411 {
		t.Errorf("b62Decode(1xWTSl) = %d, %v; want 1795676411", n, err)
	}
}

func TestEncodeMatchesDjango(t *testing.T) {
	// Printed by Python's json/zlib/hmac following Django's signing.dumps
	// (too short to compress), so it must match byte for byte.
	data := map[string]any{"a": "Témoin clé 😀", "b": []any{1, true, nil}, "c": "<&>"}
	const want = "eyJhIjoiVFx1MDBlOW1vaW4gY2xcdTAwZTkgXHVkODNkXHVkZTAwIiwiYiI6WzEsdHJ1ZSxudWxsXSwiYyI6IjwmPiJ9:1xWTSl:l6_25_oKCpp8wnrP99vSNu6yHPV82LiE48hFzMwsGLo"
	if got := Encode(secretKey, data, time.Unix(1795676411, 0)); got != want {
		t.Errorf("Encode = %q; want %q", got, want)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	small := map[string]any{"_auth_user_id": "7", "k": "é"}
	large := map[string]any{"_auth_user_id": "7", "notes": strings.Repeat("compressible ", 50)}
	for _, tc := range []struct {
		name       string
		data       map[string]any
		compressed bool
	}{{"uncompressed", small, false}, {"compressed", large, true}, {"empty", map[string]any{}, false}} {
		t.Run(tc.name, func(t *testing.T) {
			encoded := Encode(secretKey, tc.data, time.Unix(1795676411, 0))
			if strings.HasPrefix(encoded, ".") != tc.compressed {
				t.Errorf("Encode(%s) = %q; want compressed=%v", tc.name, encoded, tc.compressed)
			}
			got, err := Decode(secretKey, encoded)
			if err != nil || !reflect.DeepEqual(got, tc.data) {
				t.Errorf("Decode(Encode(%v)) = %v, %v; want the same map", tc.data, got, err)
			}
		})
	}
}

// signed signs an arbitrary value, to reach the checks after the signature.
func signed(value string) string { return value + ":" + signature(secretKey, value) }

func zlibB64(b []byte) string {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return "." + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

func TestDecodeRejects(t *testing.T) {
	value, sig, _ := cutLast(realData, ":")
	payload, ts, _ := cutLast(value, ":")
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	cases := []struct {
		name   string
		secret string
		data   string
		want   error
	}{
		{"wrong secret", "another-secret", realData, ErrBadSignature},
		{"empty secret", "", realData, ErrBadSignature},
		{"empty", secretKey, "", ErrBadSignature},
		{"no colon", secretKey, "abc", ErrBadSignature},
		{"tampered payload", secretKey, flip(payload, 10) + ":" + ts + ":" + sig, ErrBadSignature},
		{"tampered timestamp", secretKey, payload + ":1xWTSm:" + sig, ErrBadSignature},
		{"tampered signature", secretKey, value + ":" + flip(sig, 5), ErrBadSignature},
		{"truncated signature", secretKey, value + ":" + sig[:len(sig)-1], ErrBadSignature},
		{"padded signature", secretKey, value + ":" + sig + "=", ErrBadSignature},
		{"uncompressed flag dropped", secretKey, signed(payload[1:] + ":" + ts), ErrMalformed},
		{"no timestamp", secretKey, signed(payload), ErrMalformed},
		{"bad timestamp", secretKey, signed(payload + ":1x!TSl"), ErrMalformed},
		{"empty timestamp", secretKey, signed(payload + ":"), ErrMalformed},
		{"huge timestamp", secretKey, signed(payload + ":zzzzzzzzzzzzzzzz"), ErrMalformed},
		{"bad base64", secretKey, signed("e30*:1xWTSl"), ErrMalformed},
		{"bad zlib", secretKey, signed(".e30:1xWTSl"), ErrMalformed},
		{"zip bomb", secretKey, signed(zlibB64(make([]byte, maxDecompressed+1)) + ":1xWTSl"), ErrMalformed},
		{"json array", secretKey, signed(b64([]byte(`[1,2]`)) + ":1xWTSl"), ErrMalformed},
		{"json null", secretKey, signed(b64([]byte(`null`)) + ":1xWTSl"), ErrMalformed},
		{"json trailing data", secretKey, signed(b64([]byte(`{}{}`)) + ":1xWTSl"), ErrMalformed},
		{"not json", secretKey, signed(b64([]byte(`{'a': 1}`)) + ":1xWTSl"), ErrMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.secret, tc.data)
			if !errors.Is(err, tc.want) {
				t.Errorf("Decode(%.50q) = %v, %v; want %v", tc.data, got, err, tc.want)
			}
		})
	}
}

func TestBase62(t *testing.T) {
	for _, n := range []int64{0, 1, 61, 62, 1795676411, -1, -62, 1<<63 - 1, -1 << 63} {
		s := b62Encode(n)
		if got, err := b62Decode(s); n != -1<<63 && (err != nil || got != n) {
			t.Errorf("b62Decode(b62Encode(%d) = %q) = %d, %v; want %d", n, s, got, err, n)
		}
	}
	if got := b62Encode(1795676411); got != "1xWTSl" {
		t.Errorf("b62Encode(1795676411) = %q; want 1xWTSl", got)
	}
}
