package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/http/openapi"
	"github.com/enquete/enquete/adapters/http/openapi/openapitest"
)

// TestDocsPageIsSelfContained: the page and its assets come from the
// binary, reference nothing on another origin, and the page's CSP lets its
// own script run and nothing else.
func TestDocsPageIsSelfContained(t *testing.T) {
	s := newSpecServer(t)
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import|https?://`)
	for _, c := range []struct{ path, contentType string }{
		{"/docs", "text/html; charset=utf-8"},
		{"/docs/app.js", "text/javascript; charset=utf-8"},
		{"/docs/try.js", "text/javascript; charset=utf-8"},
		{"/docs/docs.css", "text/css; charset=utf-8"},
	} {
		r := s.req(200, "GET", c.path, "", nil)
		if got := r.header.Get("Content-Type"); got != c.contentType {
			t.Errorf("%s: Content-Type %q; want %q", c.path, got, c.contentType)
		}
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", c.path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q allows inline or eval", c.path, csp)
		}
		if m := external.Find(r.body); m != nil {
			t.Errorf("%s references another origin: %q", c.path, m)
		}
	}
	page := s.req(200, "GET", "/docs", "", nil).body
	for _, want := range []string{`<script src="/docs/app.js" defer></script>`, `<script src="/docs/try.js" defer></script>`,
		`<link rel="stylesheet" href="/docs/docs.css">`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("/docs lacks %s", want)
		}
	}
	if bytes.Contains(page, []byte("<script>")) || bytes.Contains(page, []byte(" style=")) {
		t.Error("/docs has inline script or style, which its CSP forbids")
	}
}

// TestServedSpecIsTheEmbeddedOne: /openapi.json is the description the
// tests check against, byte for byte.
func TestServedSpecIsTheEmbeddedOne(t *testing.T) {
	s := newSpecServer(t)
	r := s.req(200, "GET", "/openapi.json", "", nil)
	want, err := openapi.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.body, want) {
		t.Error("/openapi.json differs from openapi.JSON()")
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
}

// TestSpecCheckCanFail: the same real responses that pass against the
// description fail against a copy with a deliberately wrong schema, so the
// scenario tests would catch a description that drifts from the code.
func TestSpecCheckCanFail(t *testing.T) {
	s := newSpecServer(t)
	u := s.specUser("alice")
	inv, _ := s.createInvestigation(u, "Affaire")
	entity := s.createEntity(inv, u, map[string]any{"type": "person", "title": "Jean"})
	responses := []response{
		s.send(request{method: "GET", path: "/api/investigations/" + inv, token: u.token}),
		s.send(request{method: "GET", path: "/api/investigations/" + inv + "/entities/" + entity, token: u.token}),
		s.send(request{method: "GET", path: "/api/investigations/" + inv + "/nothing", token: u.token}),
	}
	mutations := []struct {
		name   string
		mutate func(doc map[string]any)
	}{
		{"wrong type", func(doc map[string]any) { schemaProp(doc, "Entity", "comments_count")["type"] = "string" }},
		{"field missing from the schema", func(doc map[string]any) { delete(schemaProps(doc, "Investigation"), "description") }},
		{"wrong enum", func(doc map[string]any) { schemaProp(doc, "Entity", "type")["$ref"] = "#/components/schemas/Role" }},
		{"wrong error code", func(doc map[string]any) {
			jsonAt(doc, "components", "responses", "NotFound", "content", "application/json", "schema", "properties", "code")["const"] = "gone"
		}},
	}
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			var doc map[string]any
			raw, _ := openapi.JSON()
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			m.mutate(doc)
			mutated, _ := json.Marshal(doc)
			d, err := openapitest.New(mutated)
			if err != nil {
				t.Fatal(err)
			}
			failed := 0
			for _, r := range responses {
				if _, err := d.Response(r.method, r.path, r.status, r.header, r.body); err != nil {
					failed++
				}
			}
			if failed == 0 {
				t.Error("every response passed the wrong description")
			}
		})
	}
	for _, r := range responses { // the control: the real description accepts them
		s.check(r)
	}
}

func jsonAt(doc map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		doc = doc[k].(map[string]any)
	}
	return doc
}

func schemaProps(doc map[string]any, schema string) map[string]any {
	return jsonAt(doc, "components", "schemas", schema, "properties")
}

func schemaProp(doc map[string]any, schema, prop string) map[string]any {
	return schemaProps(doc, schema)[prop].(map[string]any)
}

type downDatabase struct{}

func (downDatabase) Ping(context.Context) error { return errors.New("connection refused") }

// TestReadyWhenTheDatabaseIsDown: /ready's 503 is the documented one.
func TestReadyWhenTheDatabaseIsDown(t *testing.T) {
	s := newSpecServer(t)
	s.engine = httpapi.NewRouter(httpapi.Deps{Ping: downDatabase{}})
	s.req(503, "GET", "/ready", "", nil)
	s.req(200, "GET", "/health", "", nil)
}
