package legacy

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/google/uuid"
)

// Messages of the body checks.
const (
	msgNeedJSON    = "Content-Type must be application/json"
	msgTooLarge    = "Request body too large"
	msgMalformed   = "Malformed JSON"
	msgNotObject   = "Request body must be a JSON object"
	msgInvalidUTF8 = "Request body must be valid UTF-8"
	msgUnreadable  = "Could not read the request body"
)

// object is a JSON request body as Django's views read it
// (json.loads(request.body)): keys they do not know are ignored, a repeated
// key keeps its last value. Unlike Django, every known key is type-checked
// before anything is stored.
type object map[string]json.RawMessage

// readObject reads the body as one JSON object of at most limit bytes.
// Django parsed whatever Content-Type came; application/json is required
// here, because these views are @csrf_exempt: a cross-site HTML form can
// send text/plain or form bodies with the user's cookie, but not
// application/json without a CORS preflight.
func readObject(w http.ResponseWriter, r *http.Request, limit int64) (object, error) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return nil, fault.Unsupported(msgNeedJSON)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, fault.Unsupported(msgNeedJSON + " in UTF-8")
	}
	if r.ContentLength > limit {
		return nil, fault.TooLarge(msgTooLarge)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, fault.TooLarge(msgTooLarge)
	case err != nil:
		return nil, fault.Invalid("", msgUnreadable)
	case !utf8.Valid(body):
		return nil, fault.Invalid("", msgInvalidUTF8)
	}
	var o object
	if err := json.Unmarshal(body, &o); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, fault.Invalid("", msgNotObject)
		}
		return nil, fault.Invalid("", msgMalformed)
	}
	if o == nil { // the body was "null"
		return nil, fault.Invalid("", msgNotObject)
	}
	return o, nil
}

func (o object) isNull(key string) bool { return string(o[key]) == "null" }

// text returns a string field; nil when absent. null is refused: Django
// stored it in NOT NULL columns and answered with the database's error.
func (o object) text(key string) (*string, error) {
	raw, ok := o[key]
	if !ok {
		return nil, nil
	}
	var v string
	if o.isNull(key) || json.Unmarshal(raw, &v) != nil {
		return nil, fault.Invalid(key, "must be a string")
	}
	return &v, nil
}

// textOr returns a string field, or def when absent.
func (o object) textOr(key, def string) (string, error) {
	p, err := o.text(key)
	if p == nil {
		return def, err
	}
	return *p, nil
}

// boolean returns a JSON boolean; Django's bool(value) made "false" true.
func (o object) boolean(key string) (*bool, error) {
	raw, ok := o[key]
	if !ok {
		return nil, nil
	}
	var v bool
	if o.isNull(key) || json.Unmarshal(raw, &v) != nil {
		return nil, fault.Invalid(key, "must be a boolean")
	}
	return &v, nil
}

// stringList returns a list of strings; Django iterated over whatever came, so
// "xy" made the tags "x" and "y", and skipped items that were not strings.
func (o object) stringList(key string) (*[]string, error) {
	raw, ok := o[key]
	if !ok {
		return nil, nil
	}
	var v []string
	if o.isNull(key) || json.Unmarshal(raw, &v) != nil {
		return nil, fault.Invalid(key, "must be a list of strings")
	}
	return &v, nil
}

// datetime reads a nullable datetime as Django's DateTimeField does (a
// naive value is in loc). An empty string clears it like null: it is what
// an empty datetime-local input of the web page sends.
func (o object) datetime(key string, loc *time.Location) (board.OptionalTime, error) {
	if _, ok := o[key]; !ok {
		return board.OptionalTime{}, nil
	}
	if o.isNull(key) {
		return board.OptionalTime{Set: true}, nil
	}
	s, err := o.text(key)
	if err != nil {
		return board.OptionalTime{}, fault.Invalid(key, isotime.Message)
	}
	if *s == "" {
		return board.OptionalTime{Set: true}, nil
	}
	t, err := isotime.Parse(*s, loc)
	if err != nil {
		return board.OptionalTime{}, fault.Invalid(key, isotime.Message)
	}
	return board.OptionalTime{Set: true, Value: &t}, nil
}

// id reads a required UUID field (either case).
func (o object) id(key string) (uuid.UUID, error) {
	s, err := o.text(key)
	if err != nil {
		return uuid.Nil, err
	}
	if s == nil {
		return uuid.Nil, fault.Invalid(key, "is required")
	}
	id, ok := parseUUID(*s)
	if !ok {
		return uuid.Nil, fault.Invalid(key, "must be a UUID")
	}
	return id, nil
}
