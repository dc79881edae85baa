package legacy

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// basePath is Django's api_urls.py prefix; :id is the investigation.
const basePath = "/api/investigation/:id/"

// route is one path of api_urls.py and the methods it answers.
type route struct {
	path string // under basePath, with Django's trailing slash
	// csrfExempt mirrors Django's @csrf_exempt: the other views are behind
	// CsrfViewMiddleware, for every unsafe method.
	csrfExempt bool
	methods    []method
}

type method struct {
	name    string
	handler gin.HandlerFunc
}

// routes is api_urls.py. Django's views answered any method on members/,
// presence/ and entity/<id>/links/, and fell through to a 500 for the
// methods they did not handle elsewhere; here every other method is a 405.
func (s *server) routes() []route {
	return []route{
		{"entities/", true, []method{{http.MethodGet, s.listEntities}, {http.MethodPost, s.createEntity}}},
		{"entity/:entity_id/", true, []method{{http.MethodPut, s.updateEntity}, {http.MethodDelete, s.deleteEntity}}},
		{"entity/:entity_id/photo/", true, []method{{http.MethodPost, s.uploadPhoto}, {http.MethodDelete, s.deletePhoto}}},
		{"entity/:entity_id/links/", false, []method{{http.MethodGet, s.entityLinks}}},
		{"links/", true, []method{{http.MethodGet, s.listLinks}, {http.MethodPost, s.createLink}}},
		{"members/", false, []method{{http.MethodGet, s.listMembers}}},
		{"presence/", false, []method{{http.MethodGet, s.presence}}},
		{"presence/heartbeat/", false, []method{{http.MethodPost, s.heartbeat}}},
		{"members/:user_id/revoke/", false, []method{{http.MethodPost, s.revoke}}},
		{"delete/", false, []method{{http.MethodPost, s.deleteInvestigation}}},
	}
}

// msgMethodNotAllowed is the 405 message of Django's photo view.
const msgMethodNotAllowed = "Méthode non autorisée"

// dispatch calls the handler of the request's method, or answers 405 with
// an Allow header. It runs after authentication and the CSRF check, as the
// view does after Django's middleware.
func (s *server) dispatch(rt route) gin.HandlerFunc {
	names := make([]string, len(rt.methods))
	for i, m := range rt.methods {
		names[i] = m.name
	}
	allow := strings.Join(names, ", ")
	return func(c *gin.Context) {
		for _, m := range rt.methods {
			if m.name == c.Request.Method {
				m.handler(c)
				return
			}
		}
		c.Header("Allow", allow)
		writeError(c, http.StatusMethodNotAllowed, msgMethodNotAllowed)
	}
}

// msgAppendSlash answers a write to a path without its trailing slash.
const msgAppendSlash = "Not found: this URL must end with a slash"

// appendSlash answers a path of api_urls.py without its trailing slash.
// GET and HEAD get Django's APPEND_SLASH answer, a 301 to the slashed URL
// (query string kept), before any authentication as in Django's
// CommonMiddleware. Other methods get a JSON 404 instead of Django's 301:
// a client following a 301 turns a POST into a GET and drops its body, so
// the redirect would only hide the mistake. Paths whose ids cannot be valid
// are a plain 404, as Django redirects only to URLs that resolve.
func (s *server) appendSlash(c *gin.Context) {
	for _, p := range c.Params {
		ok := true
		if p.Key == "user_id" {
			_, ok = parseUserID(p.Value)
		} else {
			_, ok = parseUUID(p.Value)
		}
		if !ok {
			writeError(c, http.StatusNotFound, msgNotFound)
			return
		}
	}
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		writeError(c, http.StatusNotFound, msgAppendSlash)
		return
	}
	target := c.Request.URL.EscapedPath() + "/"
	if q := c.Request.URL.RawQuery; q != "" {
		target += "?" + q
	}
	c.Header("Location", target)
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.AbortWithStatus(http.StatusMovedPermanently)
}
