package openapitest

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// resourceURL is the name the description is known by to the schema
// compiler; schemas are compiled at fragments of it, so that their $refs
// ("#/components/schemas/...") resolve within the description.
const resourceURL = "file:///openapi.json"

// Doc is a parsed description, ready to check against.
type Doc struct {
	root     any
	compiler *jsonschema.Compiler
	mu       sync.Mutex
	schemas  map[string]*jsonschema.Schema
	paths    []template
}

// New parses an OpenAPI 3.1 description given as JSON. Formats (date-time,
// uuid, email) are asserted, not only annotated.
func New(specJSON []byte) (*Doc, error) {
	root, err := jsonschema.UnmarshalJSON(bytes.NewReader(specJSON))
	if err != nil {
		return nil, fmt.Errorf("openapitest: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(resourceURL, root); err != nil {
		return nil, fmt.Errorf("openapitest: %w", err)
	}
	d := &Doc{root: root, compiler: c, schemas: map[string]*jsonschema.Schema{}}
	if d.paths, err = d.templates(); err != nil {
		return nil, err
	}
	return d, nil
}

// Match is the documented answer a response was checked against.
type Match struct {
	Method   string // upper case
	Template string // the description's path, e.g. /api/investigations/{id}
	Status   string // the responses key used: "200", "4XX" or "default"
}

// Response checks one answer against the description: path and method
// documented, status documented for them, required headers present and
// valid, Content-Type one of the documented media types, and a JSON (or
// text) body valid against its schema. path is the request's path, without
// the query.
func (d *Doc) Response(method, path string, status int, h http.Header, body []byte) (Match, error) {
	m := Match{Method: strings.ToUpper(method)}
	var responses node
	t, ok := d.match(path)
	if ok {
		m.Template = t.path
		var err error
		if responses, err = d.responsesFor(t, strings.ToLower(method)); err != nil {
			return m, fmt.Errorf("%s %s: %w", m.Method, t.path, err)
		}
	} else if responses = (node{val: d.root}).child(extNotFound); !responses.present() {
		return m, fmt.Errorf("%s %s: no path of the description matches", m.Method, path)
	}
	key, resp := pickResponse(responses, status)
	if !resp.present() {
		return m, fmt.Errorf("%s %s: status %d is not documented (documented: %s)", m.Method, path, status, keys(responses.obj()))
	}
	m.Status = key
	resp, err := d.resolve(resp)
	if err != nil {
		return m, err
	}
	where := fmt.Sprintf("%s %s → %d", m.Method, path, status)
	errs := d.checkHeaders(resp, h)
	if err := d.checkContent(resp, m.Method, h.Get("Content-Type"), body); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return m, fmt.Errorf("%s: %w", where, errors.Join(errs...))
	}
	return m, nil
}

// responsesFor is the operation's Responses Object, or the path's
// x-enquete-other-methods for a method without an operation.
func (d *Doc) responsesFor(t template, method string) (node, error) {
	if op := t.item.child(method); op.present() {
		r := op.child("responses")
		if !r.present() {
			return node{}, fmt.Errorf("operation has no responses")
		}
		return r, nil
	}
	if other := t.item.child(extOtherMethods); other.present() {
		return other, nil
	}
	if other := (node{val: d.root}).child(extNoMethod); other.present() {
		return other, nil
	}
	return node{}, fmt.Errorf("method not documented")
}

// pickResponse finds the exact status, then its range ("4XX"), then default.
func pickResponse(responses node, status int) (string, node) {
	code := strconv.Itoa(status)
	for _, k := range []string{code, code[:1] + "XX", "default"} {
		if r := responses.child(k); r.present() {
			return k, r
		}
	}
	return "", node{}
}

func (d *Doc) checkHeaders(resp node, h http.Header) []error {
	var errs []error
	headers := resp.child("headers")
	for _, name := range sortedKeys(headers.obj()) {
		hd, err := d.resolve(headers.child(name))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		vals, sent := h[http.CanonicalHeaderKey(name)]
		if !sent {
			if req, _ := hd.obj()["required"].(bool); req {
				errs = append(errs, fmt.Errorf("required header %s missing", name))
			}
			continue
		}
		if s := hd.child("schema"); s.present() {
			if err := d.validate(s.ptr, strings.Join(vals, ", ")); err != nil {
				errs = append(errs, fmt.Errorf("header %s: %w", name, err))
			}
		}
	}
	return errs
}

// checkContent matches the Content-Type to a documented media type (exact,
// then "type/*", then "*/*") and validates the body: JSON against the
// schema, text as a string, binary not at all. A response documented without
// content must have no body. HEAD answers have none to check.
func (d *Doc) checkContent(resp node, method, contentType string, body []byte) error {
	content := resp.child("content")
	if !content.present() || len(content.obj()) == 0 {
		if len(body) > 0 && method != http.MethodHead {
			return fmt.Errorf("body of %d bytes where the description has no content", len(body))
		}
		return nil
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("Content-Type %q: %v (documented: %s)", contentType, err, keys(content.obj()))
	}
	major, _, _ := strings.Cut(mediaType, "/")
	var media node
	for _, k := range []string{mediaType, major + "/*", "*/*"} {
		if media = content.child(k); media.present() {
			break
		}
	}
	if !media.present() {
		return fmt.Errorf("Content-Type %q is not documented (documented: %s)", mediaType, keys(content.obj()))
	}
	schema := media.child("schema")
	if !schema.present() || method == http.MethodHead {
		return nil
	}
	switch {
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("body is not JSON: %v", err)
		}
		return d.validate(schema.ptr, v)
	case major == "text" && schema.obj()["format"] != "binary":
		return d.validate(schema.ptr, string(body))
	}
	return nil
}

// validate checks v against the schema at ptr, compiled once.
func (d *Doc) validate(ptr string, v any) error {
	s, err := d.schema(ptr)
	if err != nil {
		return err
	}
	return s.Validate(v)
}

func (d *Doc) schema(ptr string) (*jsonschema.Schema, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.schemas[ptr]; ok {
		return s, nil
	}
	s, err := d.compiler.Compile(resourceURL + "#" + (&url.URL{Fragment: ptr}).EscapedFragment())
	if err != nil {
		return nil, fmt.Errorf("schema at %s: %w", ptr, err)
	}
	d.schemas[ptr] = s
	return s, nil
}

// Validate checks a value (as decoded by encoding/json or
// jsonschema.UnmarshalJSON) against the schema at a JSON pointer of the
// description, e.g. "/components/schemas/Entity".
func (d *Doc) Validate(ptr string, v any) error { return d.validate(ptr, v) }

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func keys(m map[string]any) string { return strings.Join(sortedKeys(m), ", ") }

func sortStrings(s []string) []string {
	sort.Strings(s)
	return s
}
