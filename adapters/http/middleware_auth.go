package httpapi

import (
	"context"
	"net/http"
	"strings"

	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

const (
	msgAuthRequired = "Authentication required"
	msgInvalidToken = "Invalid token"
)

// authenticator is one way a request can prove who sends it (a bearer token
// today; a Django session cookie for the legacy routes later).
type authenticator interface {
	// credential returns what the request carries for this scheme, or ok
	// false when it carries nothing of the kind.
	credential(r *http.Request) (cred string, ok bool)
	// resolve checks the credential; an unauthenticated fault means it is
	// bad, any other error that it could not be checked (database down).
	resolve(ctx context.Context, cred string) (appidentity.Principal, error)
	// rejection is the message for a bad credential of this scheme.
	rejection() string
}

// bearerAuthenticator reads "Authorization: Bearer <JWT>".
type bearerAuthenticator struct {
	identity *appidentity.Service
}

func (bearerAuthenticator) credential(r *http.Request) (string, bool) {
	scheme, token, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

func (b bearerAuthenticator) resolve(ctx context.Context, token string) (appidentity.Principal, error) {
	if token == "" {
		return appidentity.Principal{}, fault.Unauthenticated(msgInvalidToken)
	}
	return b.identity.Authenticate(ctx, token)
}

func (bearerAuthenticator) rejection() string { return msgInvalidToken }

// authenticate puts the caller's principal in the Gin context. The first
// authenticator that finds a credential decides: a bad one is 401 at once,
// without falling back to the next scheme.
func (s *server) authenticate(c *gin.Context) { s.authenticateWith(c, s.auth) }

// authenticateWith is authenticate with another list of schemes (the event
// stream also takes the Django session cookie).
func (s *server) authenticateWith(c *gin.Context, schemes []authenticator) {
	for _, a := range schemes {
		cred, ok := a.credential(c.Request)
		if !ok {
			continue
		}
		p, err := a.resolve(c.Request.Context(), cred)
		if fault.KindOf(err) == fault.KindUnauthenticated {
			// The reason (expired, bad signature, deleted user) stays here.
			s.unauthorized(c, a.rejection())
			return
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Set(keyPrincipal, p)
		c.Next()
		return
	}
	s.unauthorized(c, msgAuthRequired)
}

func (s *server) unauthorized(c *gin.Context, msg string) {
	c.Header("WWW-Authenticate", `Bearer realm="enquete"`)
	s.fail(c, fault.Unauthenticated(msg))
}
