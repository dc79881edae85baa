// Package djangosession reads what Django's session and CSRF machinery
// writes, so that the Go service can accept a browser already logged in to
// the Django application: signed session data from django_session, the
// session's password-hash binding, and the csrftoken cookie.
//
// Only Django 4.2's formats are handled: JSONSerializer sessions signed with
// SHA-256 by TimestampSigner (no SECRET_KEY_FALLBACKS, no pre-3.1 legacy
// encoding), and CsrfViewMiddleware with the token in a cookie.
package djangosession

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// sessionSalt is Django's SessionBase.key_salt for the db backend's class
// (django.contrib.sessions.backends.db.SessionStore, by __qualname__).
const sessionSalt = "django.contrib.sessions.SessionStore"

// maxDecompressed bounds what a compressed payload may inflate to. Session
// data is signed, so this only guards against a leaked key or a bug.
const maxDecompressed = 4 << 20

// Decode failures. Django treats both as an empty (anonymous) session.
var (
	ErrBadSignature = errors.New("djangosession: bad signature")
	ErrMalformed    = errors.New("djangosession: malformed session data")
)

// Decode verifies and decodes a django_session.session_data value:
// "<payload>:<base62 timestamp>:<signature>", where payload is url-safe
// base64 (no padding) of compact JSON, zlib-compressed and prefixed with "."
// when that was shorter. Like signing.loads without max_age, it checks that
// the timestamp is well formed but not its age: the row's expire_date is
// what bounds a session's life. JSON numbers come back as json.Number.
func Decode(secretKey, sessionData string) (map[string]any, error) {
	value, sig, ok := cutLast(sessionData, ":")
	if !ok {
		return nil, ErrBadSignature
	}
	want := signature(secretKey, value)
	if subtle.ConstantTimeCompare([]byte(sig), []byte(want)) != 1 {
		return nil, ErrBadSignature
	}
	payload, ts, ok := cutLast(value, ":")
	if !ok {
		return nil, fmt.Errorf("%w: no timestamp", ErrMalformed)
	}
	if _, err := b62Decode(ts); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	compressed := strings.HasPrefix(payload, ".")
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(payload, "."))
	if err != nil {
		return nil, fmt.Errorf("%w: payload: %v", ErrMalformed, err)
	}
	if compressed {
		if raw, err = inflate(raw); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
	}
	return decodeObject(raw)
}

// Encode signs data as Django's SessionStore.encode would, at time now:
// compact JSON with non-ASCII escaped (json.dumps defaults), compressed when
// that saves more than one byte (signing.dumps(compress=True)). Keys come
// out sorted rather than in Python's insertion order; Django reads either.
// It panics if data cannot be marshalled to JSON (a programming error:
// session values are strings, numbers, booleans, lists and maps).
func Encode(secretKey string, data map[string]any, now time.Time) string {
	js, err := pythonJSON(data)
	if err != nil {
		panic(fmt.Sprintf("djangosession: Encode: %v", err))
	}
	prefix := ""
	if z := deflate(js); len(z) < len(js)-1 {
		js, prefix = z, "."
	}
	value := prefix + base64.RawURLEncoding.EncodeToString(js) + ":" + b62Encode(now.Unix())
	return value + ":" + signature(secretKey, value)
}

// signature is base64_hmac(salt + "signer", value, SECRET_KEY, "sha256"):
// Django's salted_hmac derives the HMAC key as SHA-256(salt + secret).
func signature(secretKey, value string) string {
	key := sha256.Sum256([]byte(sessionSalt + "signer" + secretKey))
	mac := hmac.New(sha256.New, key[:])
	mac.Write([]byte(value))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// cutLast is Python's s.rsplit(sep, 1).
func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func inflate(z []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxDecompressed+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxDecompressed {
		return nil, errors.New("payload inflates beyond the limit")
	}
	return out, nil
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf) // level 6, as Python's zlib.compress
	_, _ = w.Write(b)         // writes to a bytes.Buffer cannot fail
	_ = w.Close()
	return buf.Bytes()
}

// decodeObject parses one JSON object and nothing after it.
func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: json: %v", ErrMalformed, err)
	}
	if m == nil {
		return nil, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the JSON object", ErrMalformed)
	}
	return m, nil
}
