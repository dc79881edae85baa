// Package httpapi is the inbound REST adapter: a Gin router that turns HTTP
// requests into calls of the application use cases and their results (or
// faults) into the JSON responses API.md describes. Handlers hold no business
// rules; they decode, call one use case, and encode.
package httpapi

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/enquete/enquete/adapters/http/openapi"
	appaudit "github.com/enquete/enquete/application/audit"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	applive "github.com/enquete/enquete/application/live"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// Options are the HTTP-level settings.
type Options struct {
	// Location reads naive datetimes (Django's TIME_ZONE); Europe/Paris when nil.
	Location *time.Location
	// MediaURL prefixes stored file names in photo_url and avatar ("/media/").
	MediaURL string
	// CORSOrigins are the origins allowed to call the API from a browser;
	// there is no wildcard.
	CORSOrigins []string
	// MaxBodyBytes caps JSON bodies (413 beyond); 1 MiB when not positive.
	MaxBodyBytes int64
	// TrustedProxies are the proxies whose X-Forwarded-For is believed; none
	// when empty.
	TrustedProxies []string
	// MaxAttachmentBytes caps an attachment (413 beyond); 25 MiB when not
	// positive.
	MaxAttachmentBytes int64
	// MaxImageBytes caps an entity photo or an avatar (413 beyond); 5 MiB
	// when not positive.
	MaxImageBytes int64
	// Limits are the request deadlines, rate limits and page sizes (limits.go).
	Limits Limits
	// MetricsToken, when set, is the bearer token a /metrics scrape must send.
	MetricsToken string
}

// Deps are the use cases and services the router calls.
type Deps struct {
	Identity *appidentity.Service
	Casework *appcasework.Service
	Board    *appboard.Service
	Avatars  *appidentity.Avatars
	Ping     ports.Pinger
	Log      *slog.Logger
	Options  Options
	// Limiter enforces Options.Limits.Rate; nil limits nothing.
	Limiter ports.RateLimiter
	// Audit serves the investigations' history; nil serves none.
	Audit *appaudit.Service
	// Metrics are measured and served at /metrics; nil measures nothing.
	Metrics *Metrics
	// Live serves the event stream, its tickets and the ?since= deltas;
	// nil serves none (the lists keep their ETag).
	Live *applive.Service
}

const (
	defaultMaxBodyBytes       = 1 << 20
	defaultMaxAttachmentBytes = 25 << 20
	defaultMaxImageBytes      = 5 << 20
)

// server carries the dependencies every handler needs. Handlers are its
// methods, grouped per bounded context in their own files.
type server struct {
	identity *appidentity.Service
	casework *appcasework.Service
	board    *appboard.Service
	avatars  *appidentity.Avatars
	ping     ports.Pinger
	log      *slog.Logger
	opts     Options
	cors     map[string]bool
	live     *applive.Service
	auth     []authenticator
	metrics  *Metrics // nil-safe
}

func newServer(d Deps) *server {
	s := &server{identity: d.Identity, casework: d.Casework, board: d.Board, avatars: d.Avatars,
		ping: d.Ping, log: d.Log, opts: d.Options, metrics: d.Metrics, live: d.Live}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.opts.Location == nil {
		s.opts.Location = defaultLocation()
	}
	if s.opts.MaxBodyBytes <= 0 {
		s.opts.MaxBodyBytes = defaultMaxBodyBytes
	}
	if s.opts.MaxAttachmentBytes <= 0 {
		s.opts.MaxAttachmentBytes = defaultMaxAttachmentBytes
	}
	if s.opts.MaxImageBytes <= 0 {
		s.opts.MaxImageBytes = defaultMaxImageBytes
	}
	s.opts.Limits = s.opts.Limits.withDefaults()
	s.cors = make(map[string]bool, len(s.opts.CORSOrigins))
	for _, o := range s.opts.CORSOrigins {
		s.cors[o] = true
	}
	// The Django session authenticator of the legacy routes will be appended
	// here; the first authenticator that finds credentials decides.
	s.auth = []authenticator{bearerAuthenticator{identity: s.identity}}
	return s
}

func defaultLocation() *time.Location {
	if loc, err := time.LoadLocation("Europe/Paris"); err == nil {
		return loc
	}
	return time.UTC
}

// NewRouter builds the Gin engine of the REST API: release mode, no default
// logger, the middleware chain and every route of API.md.
func NewRouter(d Deps) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	s := newServer(d)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// Paths are exact: a trailing slash is another (unknown) path, answered
	// with a JSON 404 rather than a redirect that would drop a POST body.
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	if err := r.SetTrustedProxies(s.opts.TrustedProxies); err != nil {
		// config validates the list; trusting nobody is the safe fallback.
		s.log.Error("invalid trusted proxies; trusting none", "err", err)
		_ = r.SetTrustedProxies(nil)
	}
	r.Use(s.requestID, securityHeaders, transportSecurity(s.opts.TrustedProxies), s.metrics.observe, s.accessLog,
		s.recoverPanics, s.corsMiddleware, s.requestDeadline)
	r.Use(s.requestMeta) // the audit trail's address, request id and user agent
	rl := newRateLimiter(d.Limiter, s.opts.Limits.Rate, s.opts.MaxBodyBytes, s.log)
	r.NoRoute(func(c *gin.Context) { writeError(c, http.StatusNotFound, "Not found", codeNotFound, "") })
	r.NoMethod(func(c *gin.Context) {
		writeError(c, http.StatusMethodNotAllowed, "Method not allowed", "method_not_allowed", "")
	})

	r.GET("/health", s.health)
	r.GET("/ready", s.ready)
	s.metrics.registerMetrics(r, s.opts.MetricsToken)
	openapi.Register(r)

	api := r.Group("/api", rl.anonymous)
	s.authRoutes(api)
	authed := api.Group("", s.authenticate, rl.authenticated)
	s.meRoutes(authed)
	s.tokenRoutes(authed)
	s.investigationRoutes(authed)
	inv := authed.Group("/investigations/:id", s.polling)
	s.liveRoutes(api, inv)
	s.memberRoutes(inv)
	s.entityRoutes(inv)
	s.linkRoutes(inv)
	s.tagRoutes(inv)
	s.commentRoutes(inv)
	s.attachmentRoutes(inv)
	s.photoRoutes(inv)
	s.historyRoutes(inv, d.Audit)
	return r
}
