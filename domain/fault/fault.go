// Package fault defines the structured errors every bounded context returns.
//
// A fault carries a Kind (what went wrong, which the HTTP adapter maps to a
// status code), an optional Field (which input was wrong) and a human message
// that is safe to show to the client. Match kinds with errors.Is against the
// sentinels below; never compare messages.
package fault

import "errors"

// Kind classifies a fault.
type Kind int

// The kinds of faults the core can report.
const (
	KindInvalid         Kind = iota + 1 // the input breaks a rule (400)
	KindUnauthenticated                 // no or bad credentials (401)
	KindForbidden                       // authenticated but not allowed (403)
	KindNotFound                        // unknown id, or an id of another investigation (404)
	KindConflict                        // duplicate or already exists (409)
	KindTooLarge                        // body or file beyond a limit (413)
	KindUnsupported                     // wrong content type (415)
	KindUnavailable                     // a dependency (database) is down (503)
)

// Error is a fault with a safe, human-readable message.
type Error struct {
	Kind    Kind
	Field   string // the offending input field, if any
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Is makes errors.Is(err, fault.ErrNotFound) true for every not-found fault.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Field == "" && t.Kind == e.Kind
}

// Sentinels for errors.Is. They carry no message.
var (
	ErrInvalid         = &Error{Kind: KindInvalid}
	ErrUnauthenticated = &Error{Kind: KindUnauthenticated}
	ErrForbidden       = &Error{Kind: KindForbidden}
	ErrNotFound        = &Error{Kind: KindNotFound}
	ErrConflict        = &Error{Kind: KindConflict}
	ErrTooLarge        = &Error{Kind: KindTooLarge}
	ErrUnsupported     = &Error{Kind: KindUnsupported}
	ErrUnavailable     = &Error{Kind: KindUnavailable}
)

// Invalid reports a validation failure on one input field.
func Invalid(field, message string) error {
	return &Error{Kind: KindInvalid, Field: field, Message: message}
}

// NotFound reports an unknown object; what names it ("entity", "member").
func NotFound(message string) error { return &Error{Kind: KindNotFound, Message: message} }

// Forbidden reports an action the caller's role does not allow.
func Forbidden(message string) error { return &Error{Kind: KindForbidden, Message: message} }

// Conflict reports a duplicate.
func Conflict(message string) error { return &Error{Kind: KindConflict, Message: message} }

// Unauthenticated reports missing or bad credentials.
func Unauthenticated(message string) error {
	return &Error{Kind: KindUnauthenticated, Message: message}
}

// TooLarge reports a body or file beyond its limit.
func TooLarge(message string) error { return &Error{Kind: KindTooLarge, Message: message} }

// Unsupported reports a content type the endpoint does not take.
func Unsupported(message string) error { return &Error{Kind: KindUnsupported, Message: message} }

// KindOf returns the kind of the first fault in err's chain, or 0.
func KindOf(err error) Kind {
	var f *Error
	if errors.As(err, &f) {
		return f.Kind
	}
	return 0
}

// As returns the first fault in err's chain.
func As(err error) (*Error, bool) {
	var f *Error
	ok := errors.As(err, &f)
	return f, ok
}
