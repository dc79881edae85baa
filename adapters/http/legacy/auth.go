package legacy

import (
	"net/http"
	"strings"

	"github.com/enquete/enquete/adapters/auth/djangosession"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// SessionCookieName is Django's SESSION_COOKIE_NAME; the Django settings
// must keep the default for the two services to share sessions.
const SessionCookieName = "sessionid"

// keyViaSession marks a request authenticated by the session cookie, the
// only ambient credential, hence the only one CSRF checks apply to.
const keyViaSession = "enquete.legacy.via_session"

// authenticate finds the caller: a bearer token when the request has an
// Authorization header, else Django's session cookie. Without either, or
// with a bad one, the answer is a JSON 401 rather than Django's redirect to
// its login page, which an API client cannot follow. The reason (expired,
// bad signature, password changed) is not told.
func (s *server) authenticate(c *gin.Context) {
	// What the caller may see depends on the cookie, for caches as for Django.
	c.Writer.Header().Add("Vary", "Cookie")
	ctx := c.Request.Context()
	var (
		p   appidentity.Principal
		err error
	)
	token, bearer := bearerToken(c.Request)
	session, viaSession := sessionKey(c.Request)
	switch {
	case bearer:
		viaSession = false
		p, err = s.identity.Authenticate(ctx, token)
	case viaSession:
		p, err = s.identity.AuthenticateSession(ctx, session)
	default:
		err = fault.Unauthenticated(msgAuthRequired)
	}
	if err != nil {
		if fault.KindOf(err) == fault.KindUnauthenticated {
			c.Header("WWW-Authenticate", `Bearer realm="enquete"`)
		}
		s.fail(c, err)
		return
	}
	c.Set(keyPrincipal, p)
	c.Set(keyViaSession, viaSession)
	c.Next()
}

// bearerToken reads "Authorization: Bearer <token>"; a header naming another
// scheme counts as no token (the session cookie may still authenticate).
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// sessionKey returns the last sessionid cookie, as Django's cookie parser
// keeps the last of duplicate names.
func sessionKey(r *http.Request) (string, bool) {
	cookies := r.CookiesNamed(SessionCookieName)
	if len(cookies) == 0 || cookies[len(cookies)-1].Value == "" {
		return "", false
	}
	return cookies[len(cookies)-1].Value, true
}

// csrf applies Django's CsrfViewMiddleware to session-authenticated requests
// on the views Django did not exempt: the token (X-CSRFToken header or
// csrfmiddlewaretoken form field, masked or raw) must match the csrftoken
// cookie, and an Origin header must be this site or a trusted origin. A
// refusal is a JSON 403 carrying Django's reason instead of its HTML page.
// Bearer-token requests carry no ambient credential and are not checked.
func (s *server) csrf(exempt bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if exempt || !c.GetBool(keyViaSession) {
			c.Next()
			return
		}
		// A form body is parsed for its token: bound it first.
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.maxBody)
		if err := djangosession.CheckCSRF(c.Request, s.trusted); err != nil {
			s.fail(c, err)
			return
		}
		c.Next()
	}
}
