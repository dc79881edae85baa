package djangosession

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// authHashSalt is the key salt of AbstractBaseUser.get_session_auth_hash.
const authHashSalt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"

// AuthHash is what Django stores as _auth_user_hash in a session: the hex
// HMAC-SHA256 of the user's password column under a key derived from
// SECRET_KEY. It binds the session to the password, so that changing the
// password logs out every other session.
func AuthHash(secretKey, passwordHash string) string {
	key := sha256.Sum256([]byte(authHashSalt + secretKey))
	mac := hmac.New(sha256.New, key[:])
	mac.Write([]byte(passwordHash))
	return hex.EncodeToString(mac.Sum(nil))
}
