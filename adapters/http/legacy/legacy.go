// Package legacy serves the JSON API of the Django application (its
// api_urls.py) under /api/investigation/<uuid>/..., so that a reverse proxy
// can move that traffic from Django to this service while both share one
// PostgreSQL database.
//
// Successful responses are the bytes Django sends (Python json.dumps
// formatting, Django's key order and messages, ISO datetimes as
// isoformat()). Django's bugs are not copied: roles are enforced, input is
// validated, unknown ids and wrong methods get JSON errors, and membership is
// checked before anything is looked up. Every rule lives in the application
// services the REST API calls too; this package only translates.
//
// Callers authenticate with Django's sessionid cookie (CSRF-checked where
// Django checks it) or with a bearer token.
package legacy

import (
	"log/slog"
	"strings"
	"time"

	"github.com/enquete/enquete/adapters/http/etag"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/gin-gonic/gin"
)

// Deps are the use cases and settings the legacy routes need.
type Deps struct {
	Identity *appidentity.Service
	Casework *appcasework.Service
	Board    *appboard.Service
	Log      *slog.Logger
	// Location reads naive datetimes (Django's TIME_ZONE); Europe/Paris when nil.
	Location *time.Location
	// MediaURL prefixes stored file names in photo_url and avatar (Django's
	// MEDIA_URL); "/media/" when empty.
	MediaURL string
	// CSRFTrustedOrigins is Django's CSRF_TRUSTED_ORIGINS.
	CSRFTrustedOrigins []string
	// MaxBodyBytes caps JSON bodies (1 MiB when not positive); MaxImageBytes
	// caps a photo (5 MiB when not positive). Beyond either: 413.
	MaxBodyBytes, MaxImageBytes int64
	// AfterAuth runs on every legacy route once the caller is known (the
	// principal is in the Gin context under the REST router's key), before
	// the CSRF check: the place for the REST router's per-user limits.
	AfterAuth []gin.HandlerFunc
}

const (
	defaultMediaURL      = "/media/"
	defaultMaxBodyBytes  = 1 << 20
	defaultMaxImageBytes = 5 << 20
)

// server carries the dependencies of the handlers.
type server struct {
	identity *appidentity.Service
	casework *appcasework.Service
	board    *appboard.Service
	log      *slog.Logger
	loc      *time.Location
	mediaURL string
	trusted  []string
	maxBody  int64
	maxImage int64
}

func newServer(d Deps) *server {
	s := &server{identity: d.Identity, casework: d.Casework, board: d.Board, log: d.Log, loc: d.Location,
		mediaURL: d.MediaURL, trusted: d.CSRFTrustedOrigins, maxBody: d.MaxBodyBytes, maxImage: d.MaxImageBytes}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.loc == nil {
		s.loc = paris()
	}
	if s.mediaURL == "" {
		s.mediaURL = defaultMediaURL
	}
	if s.maxBody <= 0 {
		s.maxBody = defaultMaxBodyBytes
	}
	if s.maxImage <= 0 {
		s.maxImage = defaultMaxImageBytes
	}
	return s
}

func paris() *time.Location {
	if loc, err := time.LoadLocation("Europe/Paris"); err == nil {
		return loc
	}
	return time.UTC
}

// Register adds every route of Django's api_urls.py to r, with the trailing
// slash, plus the same paths without it, answered as Django's APPEND_SLASH
// does for GET (see appendSlash). Each route runs authenticate, d.AfterAuth,
// the CSRF check (on the views Django did not exempt), then the handler of
// the method. r is expected to be the REST router, whose engine-wide
// middleware (request id, security headers, access log, panics, CORS,
// deadlines) then wraps these routes too.
func Register(r *gin.Engine, d Deps) {
	s := newServer(d)
	for _, rt := range s.routes() {
		chain := append([]gin.HandlerFunc{s.authenticate}, d.AfterAuth...)
		// Old frontends poll these lists every few seconds: an unchanged
		// list answers 304 to If-None-Match.
		chain = append(chain, s.csrf(rt.csrfExempt), etag.Middleware(), s.dispatch(rt))
		r.Any(basePath+rt.path, chain...)
		r.Any(basePath+strings.TrimSuffix(rt.path, "/"), s.appendSlash)
	}
}
