package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// Messages of the body checks.
const (
	msgTooLarge    = "Request body too large"
	msgNeedJSON    = "Content-Type must be application/json"
	msgMalformed   = "Malformed JSON"
	msgNotObject   = "Request body must be a JSON object"
	msgTrailing    = "Request body must contain a single JSON object"
	msgInvalidUTF8 = "Request body must be valid UTF-8"
)

// maxFieldNameInText cuts an absurd key before it is echoed in an error.
const maxFieldNameInText = 64

// bind decodes the JSON body into dst (a pointer to a request DTO) and
// answers the error itself; handlers return when it reports false.
func (s *server) bind(c *gin.Context, dst any) bool {
	if err := decodeJSON(c.Writer, c.Request, s.opts.MaxBodyBytes, dst); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// decodeJSON is the strict decoder of every JSON body: application/json
// only (415), at most limit bytes (413), valid UTF-8 (the standard decoder
// would silently replace bad bytes), one JSON object whose keys are exactly
// the DTO's json names (unknown, differently cased or repeated keys are
// refused; the standard decoder matches names case-insensitively and keeps
// the last duplicate), no NUL character in any string (PostgreSQL text
// cannot hold it), no trailing data, and type errors naming the field.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, dst any) error {
	if err := requireJSON(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	body, err := readBody(w, r, limit)
	if err != nil {
		return err
	}
	if !utf8.Valid(body) {
		return fault.Invalid("", msgInvalidUTF8)
	}
	if err := checkKeys(body, jsonNames(reflect.TypeOf(dst).Elem())); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeFault(err)
	}
	return nil
}

func requireJSON(contentType string) error {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != "application/json" {
		return fault.Unsupported(msgNeedJSON)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return fault.Unsupported(msgNeedJSON + " in UTF-8")
	}
	return nil
}

func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, fault.TooLarge(msgTooLarge)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, fault.TooLarge(msgTooLarge)
	case err != nil:
		// The client went away or sent a broken chunked body.
		return nil, fault.Invalid("", "Could not read the request body")
	}
	return body, nil
}

// checkKeys walks the top-level object once, before the real decoding, to
// apply the rules the standard decoder does not: exact key names, no
// duplicates, no NUL escapes, nothing after the object.
func checkKeys(body []byte, allowed map[string]bool) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return fault.Invalid("", msgNotObject)
		}
		return fault.Invalid("", msgMalformed)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fault.Invalid("", msgNotObject)
	}
	seen := make(map[string]bool, len(allowed))
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fault.Invalid("", msgMalformed)
		}
		key, _ := tok.(string)
		name := clip(key)
		switch {
		case !allowed[key]:
			return fault.Invalid(name, "unknown field")
		case seen[key]:
			return fault.Invalid(name, "duplicate field")
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fault.Invalid("", msgMalformed)
		}
		if hasNULEscape(raw) {
			return fault.Invalid(name, "must not contain NUL characters")
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return fault.Invalid("", msgMalformed)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fault.Invalid("", msgTrailing)
	}
	return nil
}

// hasNULEscape reports a \u0000 escape in a JSON value. Raw control bytes
// cannot appear in valid JSON strings, so the escape is the only way in.
// Every backslash starts a two-character escape, so skipping it keeps "\\"
// followed by a literal "u0000" from matching.
func hasNULEscape(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if i+5 < len(raw) && raw[i+1] == 'u' && string(raw[i+2:i+6]) == "0000" {
			return true
		}
		i++
	}
	return false
}

func clip(name string) string {
	if len(name) <= maxFieldNameInText {
		return name
	}
	return strings.ToValidUTF8(name[:maxFieldNameInText], "") + "…"
}

// decodeFault turns the standard decoder's errors into invalid faults that
// name the field. Faults from the DTOs' own UnmarshalJSON pass through.
func decodeFault(err error) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return fault.Invalid("", msgNotObject)
		}
		return fault.Invalid(clip(typeErr.Field), expected(typeErr.Type))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// checkKeys already refuses these; kept as a safety net.
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fault.Invalid(clip(name), "unknown field")
	}
	if _, ok := fault.As(err); ok {
		return err
	}
	return fault.Invalid("", msgMalformed)
}

// expected says in words what JSON type a Go type takes.
func expected(t reflect.Type) string {
	if t == reflect.TypeFor[stringList]() {
		return "must be a list of strings"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "must be a boolean"
	case reflect.String:
		return "must be a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "must be an integer"
	case reflect.Float32, reflect.Float64:
		return "must be a number"
	case reflect.Slice, reflect.Array:
		return "must be a list"
	}
	return "must be an object"
}

var namesCache sync.Map // reflect.Type → map[string]bool

// jsonNames returns the json names of a DTO's fields.
func jsonNames(t reflect.Type) map[string]bool {
	if m, ok := namesCache.Load(t); ok {
		return m.(map[string]bool)
	}
	m := make(map[string]bool, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = true
	}
	namesCache.Store(t, m)
	return m
}
