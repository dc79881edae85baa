package legacy

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"net/http"
	"unicode"
	"unicode/utf8"

	"github.com/enquete/enquete/adapters/http/legacy/pyjson"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// contentType is exactly what Django's JsonResponse sends (no charset).
const contentType = "application/json"

// Keys the REST router's middleware uses in the Gin context; setting the
// principal under its key puts the user id in the access log.
const (
	keyPrincipal = "enquete.principal"
	keyRequestID = "enquete.request_id"
)

// Messages of the errors this package words itself.
const (
	msgNotFound     = "Not found"
	msgAuthRequired = "Authentication required"
	msgInternal     = "Internal server error"
	msgUnavailable  = "Service temporarily unavailable"
)

// obj builds an ordered JSON object from key, value pairs, in the order
// Django's views write them.
func obj(kv ...any) pyjson.Object {
	o := make(pyjson.Object, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		o = append(o, pyjson.Field{Key: kv[i].(string), Value: kv[i+1]})
	}
	return o
}

// writeJSON writes v as Django's JsonResponse would.
func writeJSON(c *gin.Context, status int, v any) {
	c.Data(status, contentType, pyjson.Marshal(v))
}

// writeError writes {"error": message} unless a response has started.
func writeError(c *gin.Context, status int, message string) {
	c.Abort()
	if c.Writer.Written() {
		return
	}
	writeJSON(c, status, obj("error", message))
}

// kindStatus is the one fault → status table of the legacy routes. The
// statuses are API.md's, shared with the REST API; the bodies differ (no
// "code" field, since Django's clients read only "error").
var kindStatus = map[fault.Kind]int{
	fault.KindInvalid:         http.StatusBadRequest,
	fault.KindUnauthenticated: http.StatusUnauthorized,
	fault.KindForbidden:       http.StatusForbidden,
	fault.KindNotFound:        http.StatusNotFound,
	fault.KindConflict:        http.StatusConflict,
	fault.KindTooLarge:        http.StatusRequestEntityTooLarge,
	fault.KindUnsupported:     http.StatusUnsupportedMediaType,
}

// fail answers err. A fault gets its status and safe message; an unknown id
// is "Not found" whatever the core called it (Django's only worded 404,
// revoke's "Membre introuvable", is kept); a database that does not answer
// is 503; anything else is logged and answered 500 without its text.
func (s *server) fail(c *gin.Context, err error) {
	if f, ok := fault.As(err); ok {
		if status, known := kindStatus[f.Kind]; known {
			writeError(c, status, faultMessage(f))
			return
		}
	}
	ctx := c.Request.Context()
	attrs := []any{"request_id", c.GetString(keyRequestID), "method", c.Request.Method, "route", c.FullPath(), "err", err}
	if unavailable(err) {
		s.log.WarnContext(ctx, "dependency unavailable", attrs...)
		writeError(c, http.StatusServiceUnavailable, msgUnavailable)
		return
	}
	s.log.ErrorContext(ctx, "legacy request failed", attrs...)
	writeError(c, http.StatusInternalServerError, msgInternal)
}

// faultMessage is the text of a fault's "error". Reasons written as
// fragments name their field ("title: is required"); full sentences
// (Django's French messages, such as "Un lien inverse existe déjà") are kept
// as they are, so that clients comparing them with Django's still match.
func faultMessage(f *fault.Error) string {
	switch {
	case f.Kind == fault.KindNotFound && f.Message != casework.MsgMemberNotFound:
		return msgNotFound
	case f.Kind == fault.KindUnauthenticated:
		return msgAuthRequired
	}
	msg := f.Message
	if msg == "" {
		msg = http.StatusText(kindStatus[f.Kind])
	}
	if r, _ := utf8.DecodeRuneInString(msg); f.Field == "" || unicode.IsUpper(r) {
		return msg
	}
	return f.Field + ": " + msg
}

// unavailable recognises a database that does not answer, or a client that
// went away (nobody reads that answer).
func unavailable(err error) bool {
	var opErr *net.OpError
	return errors.Is(err, fault.ErrUnavailable) ||
		errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Canceled) ||
		errors.As(err, &opErr)
}

// reword replaces the message of a fault of the given kind, to give a route
// Django's wording; other errors pass unchanged.
func reword(err error, kind fault.Kind, message string) error {
	if f, ok := fault.As(err); ok && f.Kind == kind {
		return &fault.Error{Kind: kind, Message: message}
	}
	return err
}
