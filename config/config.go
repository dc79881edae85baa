// Package config loads Enquête's configuration once, from defaults, an
// optional file (enquete.yaml), the environment and command-line flags (in
// increasing priority), into one typed and validated Config. Nothing else in
// the program reads Viper.
package config

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Config is the whole configuration.
type Config struct {
	Env       string          `mapstructure:"env"` // "development" or "production"
	Database  DatabaseConfig  `mapstructure:"database"`
	HTTP      HTTPConfig      `mapstructure:"http"`
	Auth      AuthConfig      `mapstructure:"auth"`
	Django    DjangoConfig    `mapstructure:"django"`
	Media     MediaConfig     `mapstructure:"media"`
	Uploads   UploadsConfig   `mapstructure:"uploads"`
	S3        S3Config        `mapstructure:"s3"`
	Log       LogConfig       `mapstructure:"log"`
	Metrics   MetricsConfig   `mapstructure:"metrics"`
	RateLimit RateLimitConfig `mapstructure:"ratelimit"`
	Live      LiveConfig      `mapstructure:"live"`
	// TimeZone reads naive datetimes, as Django's TIME_ZONE does.
	TimeZone string `mapstructure:"time_zone"`
	// Location is TimeZone loaded; set by Load.
	Location *time.Location `mapstructure:"-"`
}

// DatabaseConfig selects the storage.
type DatabaseConfig struct {
	// URL is postgres://... for PostgreSQL, sqlite:<path> for the embedded
	// database, or memory: for a throw-away in-memory store (demos).
	URL            string `mapstructure:"url"`
	MigrateOnStart bool   `mapstructure:"migrate_on_start"`
	MaxOpenConns   int    `mapstructure:"max_open_conns"`
}

// HTTPConfig configures the listener.
type HTTPConfig struct {
	Addr              string        `mapstructure:"addr"`
	CORSOrigins       []string      `mapstructure:"cors_origins"`
	ReadHeaderTimeout time.Duration `mapstructure:"read_header_timeout"`
	ReadTimeout       time.Duration `mapstructure:"read_timeout"`
	WriteTimeout      time.Duration `mapstructure:"write_timeout"`
	IdleTimeout       time.Duration `mapstructure:"idle_timeout"`
	ShutdownGrace     time.Duration `mapstructure:"shutdown_grace"`
	MaxBodyBytes      int64         `mapstructure:"max_body_bytes"`
	TrustedProxies    []string      `mapstructure:"trusted_proxies"`
	RequestTimeout    time.Duration `mapstructure:"request_timeout"`
	TransferTimeout   time.Duration `mapstructure:"transfer_timeout"`
	MaxHeaderBytes    int           `mapstructure:"max_header_bytes"`
	PageSize          int           `mapstructure:"page_size"`
	MaxPageSize       int           `mapstructure:"max_page_size"`
	TLSCertFile       string        `mapstructure:"tls_cert_file"`
	TLSKeyFile        string        `mapstructure:"tls_key_file"`
}

// RateLimitConfig configures the rate limits; the per-route counts are per
// minute (register: per hour), 0 meaning the default and a negative value
// turning that limit off.
type RateLimitConfig struct {
	Backend        string        `mapstructure:"backend"` // memory, redis or off
	RedisURL       string        `mapstructure:"redis_url"`
	Prefix         string        `mapstructure:"prefix"`
	Timeout        time.Duration `mapstructure:"timeout"`
	MaxKeys        int           `mapstructure:"max_keys"`
	LoginPerIP     int           `mapstructure:"login_per_ip"`
	LoginPerIPUser int           `mapstructure:"login_per_ip_user"`
	LoginPerUser   int           `mapstructure:"login_per_user"`
	RegisterPerIP  int           `mapstructure:"register_per_ip"`
	JoinPerIP      int           `mapstructure:"join_per_ip"`
	JoinPerUser    int           `mapstructure:"join_per_user"`
	WritesPerUser  int           `mapstructure:"writes_per_user"`
}

// AuthConfig configures tokens and password hashing.
type AuthConfig struct {
	JWTSecret string `mapstructure:"jwt_secret"`
	// JWTKeys, when set, replace JWTSecret: the first signs, all verify, so
	// a new key can be put first while the old one still verifies tokens
	// issued before the rotation.
	JWTKeys            []JWTKey      `mapstructure:"jwt_keys"`
	ClockSkew          time.Duration `mapstructure:"clock_skew"`
	TokenLifetime      time.Duration `mapstructure:"token_lifetime"`
	PasswordIterations int           `mapstructure:"password_iterations"`
}

// JWTKey is one named signing key.
type JWTKey struct {
	ID     string `mapstructure:"id"`
	Secret string `mapstructure:"secret"`
}

// DjangoConfig holds the settings shared with the Django application.
type DjangoConfig struct {
	SecretKey          string   `mapstructure:"secret_key"`
	CSRFTrustedOrigins []string `mapstructure:"csrf_trusted_origins"`
}

// MediaConfig locates uploaded files, as Django's MEDIA_ROOT and MEDIA_URL.
type MediaConfig struct {
	Root    string `mapstructure:"root"`
	URL     string `mapstructure:"url"`
	Serve   bool   `mapstructure:"serve"`
	Backend string `mapstructure:"backend"` // "disk" or "s3"
}

// UploadsConfig caps upload sizes.
type UploadsConfig struct {
	MaxAttachmentBytes int64 `mapstructure:"max_attachment_bytes"`
	MaxImageBytes      int64 `mapstructure:"max_image_bytes"`
}

// S3Config configures S3-compatible object storage.
type S3Config struct {
	Endpoint  string `mapstructure:"endpoint"`
	Region    string `mapstructure:"region"`
	Bucket    string `mapstructure:"bucket"`
	AccessKey string `mapstructure:"access_key"`
	SecretKey string `mapstructure:"secret_key"`
	PathStyle bool   `mapstructure:"path_style"`
	Prefix    string `mapstructure:"prefix"`
	UseSSL    bool   `mapstructure:"use_ssl"`
}

// LiveConfig configures the event stream.
type LiveConfig struct {
	// Bus wakes streams on changes: auto (LISTEN/NOTIFY on PostgreSQL,
	// in-process otherwise), local, postgres or nats.
	Bus string `mapstructure:"bus"`
	// ListenURL is the PostgreSQL URL for LISTEN ("" = database.url); set a
	// direct one when database.url goes through a transaction pooler.
	ListenURL  string        `mapstructure:"listen_url"`
	NATSURL    string        `mapstructure:"nats_url"`
	InstanceID string        `mapstructure:"instance_id"` // "" = random
	KeepAlive  time.Duration `mapstructure:"keep_alive"`
	Retention  time.Duration `mapstructure:"retention"` // how long the event log is kept
	TicketTTL  time.Duration `mapstructure:"ticket_ttl"`
	PruneEvery time.Duration `mapstructure:"prune_every"`
}

// MetricsConfig configures the Prometheus endpoint.
type MetricsConfig struct {
	Enabled bool   `mapstructure:"enabled"`
	Token   string `mapstructure:"token"` // when set, scrapes must send it as a bearer token
}

// LogConfig configures logging.
type LogConfig struct {
	Level  string `mapstructure:"level"`  // debug, info, warn, error
	Format string `mapstructure:"format"` // json or text
}

// Production reports ENQUETE_ENV=production.
func (c *Config) Production() bool { return c.Env == "production" }

// MinSecretLength is the shortest JWT secret accepted in production.
const MinSecretLength = 32

// Validate checks the configuration after loading; it fails fast with every
// problem listed.
func (c *Config) Validate() error {
	var errs []error
	if c.Env != "development" && c.Env != "production" {
		errs = append(errs, fmt.Errorf("env must be development or production, not %q", c.Env))
	}
	if c.Database.URL == "" {
		errs = append(errs, errors.New("database.url is required"))
	}
	if c.HTTP.Addr == "" {
		errs = append(errs, errors.New("http.addr is required"))
	}
	seen := map[string]bool{}
	for _, k := range c.Auth.JWTKeys {
		if len(c.Auth.JWTKeys) > 1 && (k.ID == "" || seen[k.ID]) {
			errs = append(errs, errors.New("auth.jwt_keys: with several keys, each needs a distinct id"))
		}
		seen[k.ID] = true
		if (c.Production() && len(k.Secret) < MinSecretLength) || k.Secret == "" {
			errs = append(errs, fmt.Errorf("auth.jwt_keys %q: the secret must have at least %d characters", k.ID, MinSecretLength))
		}
	}
	if c.Auth.ClockSkew < 0 || c.Auth.ClockSkew > 5*time.Minute {
		errs = append(errs, errors.New("auth.clock_skew must be between 0 and 5m"))
	}
	if c.Production() && len(c.Auth.JWTKeys) == 0 && len(c.Auth.JWTSecret) < MinSecretLength {
		errs = append(errs, fmt.Errorf("auth.jwt_secret (JWT_SECRET) must be set to at least %d characters in production", MinSecretLength))
	}
	if c.Auth.TokenLifetime <= 0 {
		errs = append(errs, errors.New("auth.token_lifetime must be positive"))
	}
	if c.Auth.PasswordIterations < 1 {
		errs = append(errs, errors.New("auth.password_iterations must be positive"))
	}
	if c.Production() && c.Auth.PasswordIterations < 600000 {
		errs = append(errs, errors.New("auth.password_iterations must be at least 600000 in production (Django's count)"))
	}
	if !strings.HasPrefix(c.Media.URL, "/") || !strings.HasSuffix(c.Media.URL, "/") {
		errs = append(errs, fmt.Errorf("media.url must start and end with '/', not %q", c.Media.URL))
	}
	switch c.Live.Bus {
	case "auto", "local", "postgres":
	case "nats":
		if c.Live.NATSURL == "" {
			errs = append(errs, errors.New("live.nats_url is required when live.bus is nats"))
		}
	default:
		errs = append(errs, fmt.Errorf("live.bus must be auto, local, postgres or nats, not %q", c.Live.Bus))
	}
	switch c.RateLimit.Backend {
	case "memory", "off":
	case "redis":
		if c.RateLimit.RedisURL == "" {
			errs = append(errs, errors.New("ratelimit.redis_url is required when ratelimit.backend is redis"))
		}
	default:
		errs = append(errs, fmt.Errorf("ratelimit.backend must be memory, redis or off, not %q", c.RateLimit.Backend))
	}
	if (c.HTTP.TLSCertFile == "") != (c.HTTP.TLSKeyFile == "") {
		errs = append(errs, errors.New("http.tls_cert_file and http.tls_key_file go together"))
	}
	if c.Media.Backend != "disk" && c.Media.Backend != "s3" {
		errs = append(errs, fmt.Errorf("media.backend must be disk or s3, not %q", c.Media.Backend))
	}
	if c.Media.Backend == "s3" && c.S3.Bucket == "" {
		errs = append(errs, errors.New("s3.bucket is required when media.backend is s3"))
	}
	if c.Uploads.MaxAttachmentBytes <= 0 || c.Uploads.MaxImageBytes <= 0 || c.HTTP.MaxBodyBytes <= 0 {
		errs = append(errs, errors.New("upload and body limits must be positive"))
	}
	if loc, err := time.LoadLocation(c.TimeZone); err != nil {
		errs = append(errs, fmt.Errorf("time_zone %q: %v", c.TimeZone, err))
	} else {
		c.Location = loc
	}
	return errors.Join(errs...)
}

// Masked returns a copy safe to log: secrets are replaced.
func (c Config) Masked() Config {
	mask := func(s string) string {
		if s == "" {
			return ""
		}
		return "***"
	}
	c.Auth.JWTSecret = mask(c.Auth.JWTSecret)
	keys := make([]JWTKey, len(c.Auth.JWTKeys))
	for i, k := range c.Auth.JWTKeys {
		keys[i] = JWTKey{ID: k.ID, Secret: mask(k.Secret)}
	}
	c.Auth.JWTKeys = keys
	c.Django.SecretKey = mask(c.Django.SecretKey)
	c.S3.SecretKey = mask(c.S3.SecretKey)
	c.Metrics.Token = mask(c.Metrics.Token)
	c.RateLimit.RedisURL = maskURL(c.RateLimit.RedisURL)
	c.Live.ListenURL = maskURL(c.Live.ListenURL)
	c.Database.URL = maskURL(c.Database.URL)
	return c
}

// maskURL hides a password in a database URL.
func maskURL(u string) string {
	at := strings.LastIndex(u, "@")
	scheme := strings.Index(u, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return u
	}
	userinfo := u[scheme+3 : at]
	if i := strings.IndexByte(userinfo, ':'); i >= 0 {
		return u[:scheme+3] + userinfo[:i] + ":***" + u[at:]
	}
	return u
}
