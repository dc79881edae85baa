package config

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DataDir is the folder of the embedded database (its secret lives beside it).
func (c *Config) DataDir() string {
	if p, ok := strings.CutPrefix(c.Database.URL, "sqlite:"); ok {
		p = strings.TrimPrefix(p, "//")
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		return filepath.Dir(p)
	}
	return "./data"
}

// EnsureJWTSecret fills in a missing JWT secret in development: a random one
// is generated once and kept in <data dir>/jwt-secret, so that tokens survive
// restarts. It reports whether it did so, for the caller to warn. In
// production a missing secret has already failed validation.
func (c *Config) EnsureJWTSecret() (generatedPath string, err error) {
	if c.Auth.JWTSecret != "" || len(c.Auth.JWTKeys) > 0 || c.Production() {
		return "", nil
	}
	path := filepath.Join(c.DataDir(), "jwt-secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= MinSecretLength {
		c.Auth.JWTSecret = strings.TrimSpace(string(b))
		return path, nil
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	secret := hex.EncodeToString(buf)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("jwt secret: %w", err)
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("jwt secret: %w", err)
	}
	c.Auth.JWTSecret = secret
	return path, nil
}
