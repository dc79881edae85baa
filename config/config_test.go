package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestLoadDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	c, err := Load(nil)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"database.url", c.Database.URL, "sqlite:./data/enquete.db"},
		{"http.addr", c.HTTP.Addr, ":8080"},
		{"token_lifetime", c.Auth.TokenLifetime, 7 * 24 * time.Hour},
		{"password_iterations", c.Auth.PasswordIterations, 600000},
		{"time_zone", c.Location.String(), "Europe/Paris"},
		{"media.url", c.Media.URL, "/media/"},
		{"max_attachment", c.Uploads.MaxAttachmentBytes, int64(25 << 20)},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %v; want %v", ck.name, ck.got, ck.want)
		}
	}
}

func TestLoadEnvironmentAndLegacyNames(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("DATABASE_URL", "postgres://u:pw@db/x")
	t.Setenv("PORT", "9000")
	t.Setenv("JWT_SECRET", "legacy-secret")
	t.Setenv("DJANGO_SECRET_KEY", "django-key")
	t.Setenv("CSRF_TRUSTED_ORIGINS", "http://a.example, http://b.example")
	t.Setenv("ENQUETE_AUTH_TOKEN_LIFETIME", "1h")
	t.Setenv("MEDIA_ROOT", "/srv/media")
	c, err := Load(nil)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if c.Database.URL != "postgres://u:pw@db/x" || c.HTTP.Addr != ":9000" || c.Auth.JWTSecret != "legacy-secret" ||
		c.Django.SecretKey != "django-key" || c.Auth.TokenLifetime != time.Hour || c.Media.Root != "/srv/media" {
		t.Errorf("Load() = %+v; environment not applied", c)
	}
	if got := strings.Join(c.Django.CSRFTrustedOrigins, "|"); got != "http://a.example|http://b.example" {
		t.Errorf("CSRFTrustedOrigins = %q", got)
	}
	if got := c.Masked().Database.URL; got != "postgres://u:***@db/x" {
		t.Errorf("Masked URL = %q", got)
	}
	// The ENQUETE_ name wins over the legacy one.
	t.Setenv("ENQUETE_DATABASE_URL", "sqlite:/tmp/x.db")
	if c, err = Load(nil); err != nil || c.Database.URL != "sqlite:/tmp/x.db" {
		t.Errorf("Load() URL = %v, %v; want the ENQUETE_ value", c.Database.URL, err)
	}
}

func TestLoadFileThenFlags(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	yaml := "http:\n  addr: \":7000\"\nlog:\n  level: debug\ndatabase:\n  url: sqlite:./file.db\n"
	if err := os.WriteFile(filepath.Join(dir, "enquete.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	RegisterFlags(fs)
	if err := fs.Parse([]string{"--addr", ":7100"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(fs)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if c.HTTP.Addr != ":7100" || c.Log.Level != "debug" || c.Database.URL != "sqlite:./file.db" {
		t.Errorf("Load() addr=%q level=%q url=%q; want flag over file", c.HTTP.Addr, c.Log.Level, c.Database.URL)
	}
}

func TestProductionNeedsStrongSecret(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("ENQUETE_ENV", "production")
	for _, secret := range []string{"", "short"} {
		t.Setenv("JWT_SECRET", secret)
		if _, err := Load(nil); err == nil || !strings.Contains(err.Error(), "jwt_secret") {
			t.Errorf("Load() with secret %q in production = %v; want a jwt_secret error", secret, err)
		}
	}
	t.Setenv("JWT_SECRET", strings.Repeat("x", 40))
	if _, err := Load(nil); err != nil {
		t.Errorf("Load() with a long secret = %v", err)
	}
}

func TestInvalidValuesFail(t *testing.T) {
	t.Chdir(t.TempDir())
	for env, val := range map[string]string{
		"ENQUETE_TIME_ZONE":     "Mars/Olympus",
		"ENQUETE_ENV":           "staging",
		"ENQUETE_MEDIA_URL":     "media",
		"ENQUETE_MEDIA_BACKEND": "ftp",
	} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, val)
			if _, err := Load(nil); err == nil {
				t.Errorf("Load() with %s=%s = nil; want an error", env, val)
			}
		})
	}
}

func TestDevelopmentSecretIsGeneratedOnceAndKept(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	c, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	path, err := c.EnsureJWTSecret()
	if err != nil || path == "" || len(c.Auth.JWTSecret) < MinSecretLength {
		t.Fatalf("EnsureJWTSecret() = %q, %v; secret %q", path, err, c.Auth.JWTSecret)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("secret file %s: %v mode %v; want 0600", path, err, fi.Mode())
	}
	again, _ := Load(nil)
	if _, err := again.EnsureJWTSecret(); err != nil || again.Auth.JWTSecret != c.Auth.JWTSecret {
		t.Errorf("second EnsureJWTSecret() = %q; want the persisted %q", again.Auth.JWTSecret, c.Auth.JWTSecret)
	}
}

func TestJWTKeysFromFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	yaml := "auth:\n  jwt_keys:\n    - id: k2\n      secret: " + strings.Repeat("n", 40) + "\n    - id: k1\n      secret: " + strings.Repeat("o", 40) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "enquete.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(nil)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if len(c.Auth.JWTKeys) != 2 || c.Auth.JWTKeys[0].ID != "k2" {
		t.Errorf("JWTKeys = %+v; want k2 then k1", c.Auth.JWTKeys)
	}
	if m := c.Masked(); m.Auth.JWTKeys[0].Secret != "***" {
		t.Errorf("Masked() kept a key secret: %+v", m.Auth.JWTKeys)
	}
	if path, _ := c.EnsureJWTSecret(); path != "" {
		t.Errorf("EnsureJWTSecret() generated %s although keys are configured", path)
	}
	dup := "auth:\n  jwt_keys:\n    - id: a\n      secret: " + strings.Repeat("n", 40) + "\n    - id: a\n      secret: " + strings.Repeat("o", 40) + "\n"
	os.WriteFile(filepath.Join(dir, "enquete.yaml"), []byte(dup), 0o600)
	if _, err := Load(nil); err == nil {
		t.Error("Load() with duplicate key ids = nil; want an error")
	}
}
