package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/djangosession"
	"github.com/enquete/enquete/adapters/auth/jwt"
	"github.com/enquete/enquete/adapters/blob/disk"
	s3store "github.com/enquete/enquete/adapters/blob/s3"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/http/legacy"
	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/adapters/persistence/memory"
	rlmemory "github.com/enquete/enquete/adapters/ratelimit/memory"
	rlredis "github.com/enquete/enquete/adapters/ratelimit/redis"
	appaudit "github.com/enquete/enquete/application/audit"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	applive "github.com/enquete/enquete/application/live"
	"github.com/enquete/enquete/config"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// App is the assembled service.
type App struct {
	Config   *config.Config
	Log      *slog.Logger
	Handler  http.Handler
	Store    *ports.Store
	Blobs    ports.BlobStore
	Identity *appidentity.Service
	Casework *appcasework.Service
	Board    *appboard.Service
	Audit    *appaudit.Service
	Live     *applive.Service
}

func provideClock() ports.Clock { return ports.SystemClock{} }

// provideStore opens the storage the configuration names: memory: for a
// throw-away demo, otherwise SQLite or PostgreSQL through GORM, migrated at
// start when configured.
func provideStore(ctx context.Context, cfg *config.Config, log *slog.Logger, m *httpapi.Metrics) (*ports.Store, func(), error) {
	if strings.HasPrefix(cfg.Database.URL, "memory:") {
		log.Warn("in-memory storage: nothing is kept when the process stops")
		return memory.NewStore(), func() {}, nil
	}
	db, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	if m != nil {
		if err := httpapi.RegisterDBStats(m.Registry, "enquete", db.SQL().Stats); err != nil {
			db.Close()
			return nil, nil, err
		}
	}
	if cfg.Database.MigrateOnStart {
		rep, err := db.Migrate(ctx)
		if err != nil {
			db.Close()
			return nil, nil, fmt.Errorf("migrate: %w", err)
		}
		log.Info("migrations", "report", rep.String())
	}
	return db.Store(), func() { db.Close() }, nil
}

func openDatabase(ctx context.Context, cfg *config.Config, log *slog.Logger) (*gormstore.DB, error) {
	return gormstore.Open(ctx, gormstore.Options{URL: cfg.Database.URL, MaxOpenConns: cfg.Database.MaxOpenConns, Logger: log})
}

// provideRateLimiter picks where rate-limit budgets live: in the process
// (one instance), in Redis (several instances), or nowhere.
func provideRateLimiter(cfg *config.Config, log *slog.Logger) (ports.RateLimiter, func(), error) {
	switch cfg.RateLimit.Backend {
	case "off":
		log.Warn("rate limits are off")
		return nil, func() {}, nil
	case "redis":
		l, err := rlredis.Open(rlredis.Options{URL: cfg.RateLimit.RedisURL, Prefix: cfg.RateLimit.Prefix, Timeout: cfg.RateLimit.Timeout})
		if err != nil {
			return nil, nil, err
		}
		return l, func() { l.Close() }, nil
	}
	if cfg.Production() {
		log.Warn("rate limits are kept in memory: with several instances, use ratelimit.backend=redis")
	}
	return rlmemory.New(rlmemory.Options{MaxKeys: cfg.RateLimit.MaxKeys}), func() {}, nil
}

// perPeriod turns a configured count into a limit: 0 keeps the default (the
// zero Limit), a negative count turns the limit off.
func perPeriod(n int, p time.Duration) ports.Limit {
	if n == 0 {
		return ports.Limit{}
	}
	return ports.Limit{Burst: n, Period: p}
}

func httpLimits(cfg *config.Config) httpapi.Limits {
	r, h := cfg.RateLimit, cfg.HTTP
	return httpapi.Limits{
		RequestTimeout: h.RequestTimeout, TransferTimeout: h.TransferTimeout,
		PageSize: h.PageSize, MaxPageSize: h.MaxPageSize,
		Rate: httpapi.RateLimits{
			LoginPerIP:     perPeriod(r.LoginPerIP, time.Minute),
			LoginPerIPUser: perPeriod(r.LoginPerIPUser, time.Minute),
			LoginPerUser:   perPeriod(r.LoginPerUser, time.Minute),
			RegisterPerIP:  perPeriod(r.RegisterPerIP, time.Hour),
			JoinPerIP:      perPeriod(r.JoinPerIP, time.Minute),
			JoinPerUser:    perPeriod(r.JoinPerUser, time.Minute),
			WritesPerUser:  perPeriod(r.WritesPerUser, time.Minute),
		},
	}
}

// provideMetrics is the Prometheus registry behind /metrics, unless disabled.
func provideMetrics(cfg *config.Config) *httpapi.Metrics {
	if !cfg.Metrics.Enabled {
		return nil
	}
	return httpapi.NewMetrics()
}

// provideMemoryStore is the storage of the test injector.
func provideMemoryStore() *ports.Store { return memory.NewStore() }

// provideBlobStore picks the file storage: the media folder (Django's
// MEDIA_ROOT) or S3-compatible object storage for several instances.
func provideBlobStore(ctx context.Context, cfg *config.Config) (ports.BlobStore, error) {
	if cfg.Media.Backend == "s3" {
		s := cfg.S3
		return s3store.New(ctx, s3store.Options{Endpoint: s.Endpoint, Region: s.Region, Bucket: s.Bucket,
			AccessKey: s.AccessKey, SecretKey: s.SecretKey, PathStyle: s.PathStyle, Prefix: s.Prefix, UseSSL: s.UseSSL})
	}
	return disk.New(cfg.Media.Root)
}

func provideHasher(cfg *config.Config) ports.PasswordHasher {
	return djangohash.New(cfg.Auth.PasswordIterations)
}

// provideTokens signs with the first configured key and verifies with all of
// them (key rotation); a lone jwt_secret is one unnamed key.
func provideTokens(cfg *config.Config, clock ports.Clock) (ports.TokenService, error) {
	keys := make([]jwt.Key, 0, len(cfg.Auth.JWTKeys))
	for _, k := range cfg.Auth.JWTKeys {
		keys = append(keys, jwt.Key{ID: k.ID, Secret: []byte(k.Secret)})
	}
	if len(keys) == 0 {
		keys = []jwt.Key{{Secret: []byte(cfg.Auth.JWTSecret)}}
	}
	return jwt.New(jwt.Options{Keys: keys, Lifetime: cfg.Auth.TokenLifetime, Leeway: cfg.Auth.ClockSkew, Clock: clock})
}

// provideIdentity is the identity use cases with server-side token revocation.
func provideIdentity(users ports.UserRepository, hasher ports.PasswordHasher, tokens ports.TokenService,
	sessions ports.SessionReader, clock ports.Clock, store *ports.Store) *appidentity.Service {
	return appidentity.NewService(users, hasher, tokens, sessions, clock).WithRevocations(store.Revocations)
}

func provideSessions(cfg *config.Config, sessions ports.DjangoSessionStore, users ports.UserRepository, clock ports.Clock) ports.SessionReader {
	return djangosession.NewReader(cfg.Django.SecretKey, sessions, users, clock)
}

// provideRouter assembles the REST API, Django's legacy routes on the same
// use cases, and (when configured) the media files Django exposes.
func provideRouter(cfg *config.Config, log *slog.Logger, ping ports.Pinger, id *appidentity.Service, avatars *appidentity.Avatars, cw *appcasework.Service, bd *appboard.Service, audit *appaudit.Service, blobs ports.BlobStore, m *httpapi.Metrics, limiter ports.RateLimiter, live *applive.Service) http.Handler {
	engine := httpapi.NewRouter(httpapi.Deps{
		Identity: id, Avatars: avatars, Casework: cw, Board: bd, Audit: audit, Metrics: m, Limiter: limiter, Live: live, Ping: ping, Log: log,
		Options: httpapi.Options{
			Location:           cfg.Location,
			MediaURL:           cfg.Media.URL,
			CORSOrigins:        cfg.HTTP.CORSOrigins,
			MaxBodyBytes:       cfg.HTTP.MaxBodyBytes,
			TrustedProxies:     cfg.HTTP.TrustedProxies,
			MaxAttachmentBytes: cfg.Uploads.MaxAttachmentBytes,
			MaxImageBytes:      cfg.Uploads.MaxImageBytes,
			MetricsToken:       cfg.Metrics.Token,
			Limits:             httpLimits(cfg),
		},
	})
	legacy.Register(engine, legacy.Deps{
		Identity: id, Casework: cw, Board: bd, Log: log,
		Location:           cfg.Location,
		MediaURL:           cfg.Media.URL,
		CSRFTrustedOrigins: cfg.Django.CSRFTrustedOrigins,
		MaxBodyBytes:       cfg.HTTP.MaxBodyBytes,
		MaxImageBytes:      cfg.Uploads.MaxImageBytes,
		AfterAuth:          []gin.HandlerFunc{httpapi.WriteLimiter(limiter, httpLimits(cfg), log)},
	})
	if cfg.Media.Serve {
		legacy.RegisterMedia(engine, cfg.Media.URL, blobs)
	}
	return engine
}
