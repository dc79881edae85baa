package httpapi

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"net/http"
	"unicode"
	"unicode/utf8"

	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// errorBody is every error response: a human message, a machine code, and
// the offending input field when there is one.
type errorBody struct {
	Error string `json:"error"`
	Code  string `json:"code,omitempty"`
	Field string `json:"field,omitempty"`
}

// Machine codes that are not a fault kind's.
const (
	codeNotFound    = "not_found"
	codeInternal    = "internal_error"
	codeUnavailable = "unavailable"
	codeIntegrity   = "integrity_error"

	msgInternal    = "Internal server error"
	msgUnavailable = "Service temporarily unavailable"
	msgIntegrity   = "Le fichier stocké ne correspond plus à son empreinte SHA-256"
)

// kindResponse is how one fault kind is answered; message is used when the
// fault carries none (the bare sentinels).
type kindResponse struct {
	status  int
	code    string
	message string
}

// faultTable is the one error → HTTP table of the adapter.
var faultTable = map[fault.Kind]kindResponse{
	fault.KindInvalid:         {http.StatusBadRequest, "invalid", "Invalid request"},
	fault.KindUnauthenticated: {http.StatusUnauthorized, "unauthenticated", "Authentication required"},
	fault.KindForbidden:       {http.StatusForbidden, "forbidden", "Access denied"},
	fault.KindNotFound:        {http.StatusNotFound, codeNotFound, "Not found"},
	fault.KindConflict:        {http.StatusConflict, "conflict", "Conflict"},
	fault.KindTooLarge:        {http.StatusRequestEntityTooLarge, "too_large", "Request body too large"},
	fault.KindUnsupported:     {http.StatusUnsupportedMediaType, "unsupported_media_type", "Unsupported media type"},
	fault.KindUnavailable:     {http.StatusServiceUnavailable, codeUnavailable, msgUnavailable},
}

// fail answers err. Faults get their status and safe message; a stored file
// that fails its integrity check gets its own 500; a database that does not
// answer gets 503; anything else is logged with the request id
// and answered with a fixed 500, never with err's text.
func (s *server) fail(c *gin.Context, err error) {
	c.Abort()
	if errors.Is(err, appboard.ErrIntegrity) {
		// The use case has logged the digests; the client learns only that
		// the stored file was refused, and gets none of its bytes.
		writeError(c, http.StatusInternalServerError, msgIntegrity, codeIntegrity, "")
		return
	}
	if f, ok := fault.As(err); ok && f.Kind != fault.KindUnavailable {
		if r, known := faultTable[f.Kind]; known {
			writeError(c, r.status, faultMessage(f, r.message), r.code, f.Field)
			return
		}
	}
	ctx := c.Request.Context()
	attrs := []any{"request_id", requestIDOf(c), "method", c.Request.Method, "route", c.FullPath(), "err", err}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		// The client went away; nobody reads the answer, and it is no fault of ours.
		s.log.InfoContext(ctx, "request cancelled by the client", attrs...)
		writeError(c, http.StatusServiceUnavailable, msgUnavailable, codeUnavailable, "")
		return
	}
	if unavailable(err) {
		s.log.WarnContext(ctx, "dependency unavailable", attrs...)
		writeError(c, http.StatusServiceUnavailable, msgUnavailable, codeUnavailable, "")
		return
	}
	s.log.ErrorContext(ctx, "request failed", attrs...)
	writeError(c, http.StatusInternalServerError, msgInternal, codeInternal, "")
}

// faultMessage says which field is wrong. Reasons written as fragments
// ("is required") are prefixed with the field ("title: is required"); full
// sentences (Django's French messages, which start with a capital, such as
// "Un lien inverse existe déjà") are kept as they are, so that clients
// comparing them with Django's still match; the field is in "field" anyway.
func faultMessage(f *fault.Error, fallback string) string {
	msg := f.Message
	if msg == "" {
		msg = fallback
	}
	if f.Field == "" {
		return msg
	}
	if r, _ := utf8.DecodeRuneInString(msg); unicode.IsUpper(r) {
		return msg
	}
	return f.Field + ": " + msg
}

// unavailable recognises a database that does not answer: the adapters'
// fault, and the driver and network errors that may escape them.
func unavailable(err error) bool {
	var opErr *net.OpError
	return errors.Is(err, fault.ErrUnavailable) ||
		errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Canceled) ||
		errors.As(err, &opErr)
}

// writeError writes an error body unless a response has already started.
func writeError(c *gin.Context, status int, message, code, field string) {
	c.Abort()
	if c.Writer.Written() {
		return
	}
	writeJSON(c, status, errorBody{Error: message, Code: code, Field: field})
}
