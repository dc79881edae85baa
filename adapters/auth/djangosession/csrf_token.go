package djangosession

import (
	"crypto/rand"
	"strings"
)

// csrfAlphabet is CSRF_ALLOWED_CHARS: string.ascii_letters + string.digits.
// The order matters: masking adds alphabet indices modulo 62.
const csrfAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

const (
	csrfSecretLength = 32
	csrfTokenLength  = 2 * csrfSecretLength
)

// tokenFormatError is _check_token_format: "" for 32 or 64 characters of
// the alphabet, else Django's phrase for what is wrong.
func tokenFormatError(token string) string {
	if len(token) != csrfSecretLength && len(token) != csrfTokenLength {
		return "has incorrect length"
	}
	for i := 0; i < len(token); i++ {
		if strings.IndexByte(csrfAlphabet, token[i]) < 0 {
			return "has invalid characters"
		}
	}
	return ""
}

// unmaskCipherToken is _unmask_cipher_token. token must have passed
// tokenFormatError with 64 characters: the first half is the mask, and each
// secret character is the cipher's index minus the mask's, modulo 62.
func unmaskCipherToken(token string) string {
	mask, cipher := token[:csrfSecretLength], token[csrfSecretLength:]
	out := make([]byte, csrfSecretLength)
	for i := range out {
		d := strings.IndexByte(csrfAlphabet, cipher[i]) - strings.IndexByte(csrfAlphabet, mask[i])
		out[i] = csrfAlphabet[(d+len(csrfAlphabet))%len(csrfAlphabet)]
	}
	return string(out)
}

// maskCipherSecret is _mask_cipher_secret with a given mask.
func maskCipherSecret(secret, mask string) string {
	out := make([]byte, csrfSecretLength)
	for i := range out {
		s := strings.IndexByte(csrfAlphabet, secret[i]) + strings.IndexByte(csrfAlphabet, mask[i])
		out[i] = csrfAlphabet[s%len(csrfAlphabet)]
	}
	return mask + string(out)
}

// MaskToken returns a fresh 64-character masked form of a 32-character CSRF
// secret, as Django's get_token() renders into pages. It panics when secret
// is not 32 characters of [a-zA-Z0-9]; it serves tests and tools.
func MaskToken(secret string) string {
	if len(secret) != csrfSecretLength || tokenFormatError(secret) != "" {
		panic("djangosession: MaskToken needs a 32-character [a-zA-Z0-9] secret")
	}
	return maskCipherSecret(secret, randomCSRFString())
}

// randomCSRFString draws 32 characters uniformly from csrfAlphabet, rejecting
// bytes from 248 up so that the modulo has no bias.
func randomCSRFString() string {
	const limit = 256 - 256%len(csrfAlphabet)
	out := make([]byte, 0, csrfSecretLength)
	var buf [64]byte
	for len(out) < csrfSecretLength {
		_, _ = rand.Read(buf[:]) // never fails since Go 1.24
		for _, b := range buf {
			if int(b) < limit && len(out) < csrfSecretLength {
				out = append(out, csrfAlphabet[int(b)%len(csrfAlphabet)])
			}
		}
	}
	return string(out)
}
