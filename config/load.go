package config

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// key describes one setting: its Viper key, default, the environment
// variables that set it (the ENQUETE_ one first, then legacy names used by
// the Rust port or Django), and an optional command-line flag.
type key struct {
	name  string
	def   any
	env   []string
	flag  string
	usage string
}

var keys = []key{
	{"env", "development", []string{"ENQUETE_ENV"}, "env", "development or production"},
	{"database.url", "sqlite:./data/enquete.db", []string{"ENQUETE_DATABASE_URL", "DATABASE_URL"}, "database-url", "postgres://..., sqlite:<path> or memory:"},
	{"database.migrate_on_start", true, []string{"ENQUETE_DATABASE_MIGRATE_ON_START"}, "migrate", "run migrations when serve starts"},
	{"database.max_open_conns", 20, []string{"ENQUETE_DATABASE_MAX_OPEN_CONNS"}, "", ""},
	{"http.addr", ":8080", []string{"ENQUETE_HTTP_ADDR"}, "addr", "listen address"},
	{"http.cors_origins", []string{}, []string{"ENQUETE_HTTP_CORS_ORIGINS", "CORS_ALLOWED_ORIGINS"}, "", ""},
	{"http.read_header_timeout", 5 * time.Second, []string{"ENQUETE_HTTP_READ_HEADER_TIMEOUT"}, "", ""},
	{"http.read_timeout", 60 * time.Second, []string{"ENQUETE_HTTP_READ_TIMEOUT"}, "", ""},
	{"http.write_timeout", 60 * time.Second, []string{"ENQUETE_HTTP_WRITE_TIMEOUT"}, "", ""},
	{"http.idle_timeout", 120 * time.Second, []string{"ENQUETE_HTTP_IDLE_TIMEOUT"}, "", ""},
	{"http.shutdown_grace", 20 * time.Second, []string{"ENQUETE_HTTP_SHUTDOWN_GRACE"}, "", ""},
	{"http.max_body_bytes", int64(1 << 20), []string{"ENQUETE_HTTP_MAX_BODY_BYTES"}, "", ""},
	{"http.request_timeout", 30 * time.Second, []string{"ENQUETE_HTTP_REQUEST_TIMEOUT"}, "", ""},
	{"http.transfer_timeout", 15 * time.Minute, []string{"ENQUETE_HTTP_TRANSFER_TIMEOUT"}, "", ""},
	{"http.max_header_bytes", 64 << 10, []string{"ENQUETE_HTTP_MAX_HEADER_BYTES"}, "", ""},
	{"http.page_size", 100, []string{"ENQUETE_HTTP_PAGE_SIZE"}, "", ""},
	{"http.max_page_size", 500, []string{"ENQUETE_HTTP_MAX_PAGE_SIZE"}, "", ""},
	{"http.tls_cert_file", "", []string{"ENQUETE_HTTP_TLS_CERT_FILE"}, "", ""},
	{"http.tls_key_file", "", []string{"ENQUETE_HTTP_TLS_KEY_FILE"}, "", ""},
	{"ratelimit.backend", "memory", []string{"ENQUETE_RATELIMIT_BACKEND"}, "", ""},
	{"ratelimit.redis_url", "", []string{"ENQUETE_RATELIMIT_REDIS_URL", "REDIS_URL"}, "", ""},
	{"ratelimit.prefix", "enquete:ratelimit:", []string{"ENQUETE_RATELIMIT_PREFIX"}, "", ""},
	{"ratelimit.timeout", 250 * time.Millisecond, []string{"ENQUETE_RATELIMIT_TIMEOUT"}, "", ""},
	{"ratelimit.max_keys", 100000, []string{"ENQUETE_RATELIMIT_MAX_KEYS"}, "", ""},
	{"ratelimit.login_per_ip", 0, []string{"ENQUETE_RATELIMIT_LOGIN_PER_IP"}, "", ""},
	{"ratelimit.login_per_ip_user", 0, []string{"ENQUETE_RATELIMIT_LOGIN_PER_IP_USER"}, "", ""},
	{"ratelimit.login_per_user", 0, []string{"ENQUETE_RATELIMIT_LOGIN_PER_USER"}, "", ""},
	{"ratelimit.register_per_ip", 0, []string{"ENQUETE_RATELIMIT_REGISTER_PER_IP"}, "", ""},
	{"ratelimit.join_per_ip", 0, []string{"ENQUETE_RATELIMIT_JOIN_PER_IP"}, "", ""},
	{"ratelimit.join_per_user", 0, []string{"ENQUETE_RATELIMIT_JOIN_PER_USER"}, "", ""},
	{"ratelimit.writes_per_user", 0, []string{"ENQUETE_RATELIMIT_WRITES_PER_USER"}, "", ""},
	{"http.trusted_proxies", []string{}, []string{"ENQUETE_HTTP_TRUSTED_PROXIES"}, "", ""},
	{"auth.jwt_secret", "", []string{"ENQUETE_AUTH_JWT_SECRET", "ENQUETE_JWT_SECRET", "JWT_SECRET"}, "", ""},
	{"auth.clock_skew", 30 * time.Second, []string{"ENQUETE_AUTH_CLOCK_SKEW"}, "", ""},
	{"auth.token_lifetime", 7 * 24 * time.Hour, []string{"ENQUETE_AUTH_TOKEN_LIFETIME"}, "", ""},
	{"auth.password_iterations", 600000, []string{"ENQUETE_AUTH_PASSWORD_ITERATIONS"}, "", ""},
	{"django.secret_key", "", []string{"ENQUETE_DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"}, "", ""},
	{"django.csrf_trusted_origins", []string{}, []string{"ENQUETE_CSRF_TRUSTED_ORIGINS", "CSRF_TRUSTED_ORIGINS"}, "", ""},
	{"media.root", "./data/media", []string{"ENQUETE_MEDIA_ROOT", "MEDIA_ROOT"}, "media-root", "folder of uploaded files"},
	{"media.url", "/media/", []string{"ENQUETE_MEDIA_URL", "MEDIA_URL"}, "", ""},
	{"media.serve", true, []string{"ENQUETE_MEDIA_SERVE"}, "", ""},
	{"media.backend", "disk", []string{"ENQUETE_MEDIA_BACKEND"}, "", ""},
	{"uploads.max_attachment_bytes", int64(25 << 20), []string{"ENQUETE_UPLOADS_MAX_ATTACHMENT_BYTES"}, "", ""},
	{"uploads.max_image_bytes", int64(5 << 20), []string{"ENQUETE_UPLOADS_MAX_IMAGE_BYTES"}, "", ""},
	{"s3.endpoint", "", []string{"ENQUETE_S3_ENDPOINT"}, "", ""},
	{"s3.region", "us-east-1", []string{"ENQUETE_S3_REGION"}, "", ""},
	{"s3.bucket", "", []string{"ENQUETE_S3_BUCKET"}, "", ""},
	{"s3.access_key", "", []string{"ENQUETE_S3_ACCESS_KEY"}, "", ""},
	{"s3.secret_key", "", []string{"ENQUETE_S3_SECRET_KEY"}, "", ""},
	{"s3.path_style", true, []string{"ENQUETE_S3_PATH_STYLE"}, "", ""},
	{"s3.prefix", "", []string{"ENQUETE_S3_PREFIX"}, "", ""},
	{"s3.use_ssl", true, []string{"ENQUETE_S3_USE_SSL"}, "", ""},
	{"live.bus", "auto", []string{"ENQUETE_LIVE_BUS"}, "", ""},
	{"live.listen_url", "", []string{"ENQUETE_LIVE_LISTEN_URL"}, "", ""},
	{"live.nats_url", "", []string{"ENQUETE_LIVE_NATS_URL", "NATS_URL"}, "", ""},
	{"live.instance_id", "", []string{"ENQUETE_LIVE_INSTANCE_ID"}, "", ""},
	{"live.keep_alive", 15 * time.Second, []string{"ENQUETE_LIVE_KEEP_ALIVE"}, "", ""},
	{"live.retention", 7 * 24 * time.Hour, []string{"ENQUETE_LIVE_RETENTION"}, "", ""},
	{"live.ticket_ttl", 30 * time.Second, []string{"ENQUETE_LIVE_TICKET_TTL"}, "", ""},
	{"live.prune_every", time.Hour, []string{"ENQUETE_LIVE_PRUNE_EVERY"}, "", ""},
	{"metrics.enabled", true, []string{"ENQUETE_METRICS_ENABLED"}, "", ""},
	{"metrics.token", "", []string{"ENQUETE_METRICS_TOKEN"}, "", ""},
	{"log.level", "info", []string{"ENQUETE_LOG_LEVEL"}, "log-level", "debug, info, warn or error"},
	{"log.format", "json", []string{"ENQUETE_LOG_FORMAT"}, "", ""},
	{"time_zone", "Europe/Paris", []string{"ENQUETE_TIME_ZONE", "TIME_ZONE"}, "", ""},
}

// RegisterFlags adds the command-line flags Load understands to fs.
func RegisterFlags(fs *pflag.FlagSet) {
	fs.String("config", "", "configuration file (default: ./enquete.yaml if present)")
	for _, k := range keys {
		if k.flag == "" {
			continue
		}
		switch d := k.def.(type) {
		case string:
			fs.String(k.flag, d, k.usage)
		case bool:
			fs.Bool(k.flag, d, k.usage)
		}
	}
}

// Load reads the configuration. fs may be nil (no flags); it must have been
// prepared by RegisterFlags and parsed.
func Load(fs *pflag.FlagSet) (*Config, error) {
	v := viper.New()
	for _, k := range keys {
		v.SetDefault(k.name, k.def)
		// Every key is bound explicitly: AutomaticEnv alone ignores keys that
		// appear in no file, and would not know the legacy names.
		if err := v.BindEnv(append([]string{k.name}, k.env...)...); err != nil {
			return nil, err
		}
		if fs != nil && k.flag != "" {
			if f := fs.Lookup(k.flag); f != nil {
				if err := v.BindPFlag(k.name, f); err != nil {
					return nil, err
				}
			}
		}
	}
	// PORT, as the Rust port and most platforms set it, gives the listen address.
	if port := os.Getenv("PORT"); port != "" && os.Getenv("ENQUETE_HTTP_ADDR") == "" {
		v.SetDefault("http.addr", ":"+port)
	}
	if err := readFile(v, fs); err != nil {
		return nil, err
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	// Comma-separated lists from the environment (CSRF_TRUSTED_ORIGINS as Django reads it).
	c.HTTP.CORSOrigins = splitList(c.HTTP.CORSOrigins)
	c.HTTP.TrustedProxies = splitList(c.HTTP.TrustedProxies)
	c.Django.CSRFTrustedOrigins = splitList(c.Django.CSRFTrustedOrigins)
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return &c, nil
}

func readFile(v *viper.Viper, fs *pflag.FlagSet) error {
	path := os.Getenv("ENQUETE_CONFIG")
	if fs != nil {
		if f := fs.Lookup("config"); f != nil && f.Value.String() != "" {
			path = f.Value.String()
		}
	}
	if path != "" {
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return fmt.Errorf("config file %s: %w", path, err)
		}
		return nil
	}
	// Look for the default file by its exact names: Viper's own search also
	// matches a file called just "enquete" — the binary itself.
	for _, name := range []string{"enquete.yaml", "enquete.yml"} {
		if _, err := os.Stat(name); err == nil {
			v.SetConfigFile(name)
			if err := v.ReadInConfig(); err != nil {
				return fmt.Errorf("config file %s: %w", name, err)
			}
			return nil
		}
	}
	return nil
}

func splitList(in []string) []string {
	out := []string{}
	for _, s := range in {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}
