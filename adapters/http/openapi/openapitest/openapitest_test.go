package openapitest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/enquete/enquete/adapters/http/openapi/openapitest"
)

// fixture is a small description exercising what the package understands.
const fixture = `{
  "openapi": "3.1.0",
  "info": {"title": "t", "version": "1"},
  "tags": [{"name": "T"}],
  "paths": {
    "/items/{id}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {"operationId": "getItem", "tags": ["T"], "responses": {
        "200": {"description": "ok", "headers": {"X-Sum": {"required": true, "schema": {"type": "string", "pattern": "^[0-9a-f]+$"}}},
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
        "304": {"description": "not modified"},
        "4XX": {"$ref": "#/components/responses/Error"}}}
    },
    "/items/new": {"post": {"operationId": "newItem", "tags": ["T"], "responses": {"201": {"description": "created",
      "content": {"text/plain": {"schema": {"type": "string", "const": "OK"}}}}}}},
    "/files/{name}": {"x-enquete-wildcard": true,
      "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {"operationId": "file", "tags": ["T"], "responses": {"200": {"description": "bytes", "content": {"image/*": {}}}}}},
    "/legacy/": {"x-enquete-other-methods": {"405": {"$ref": "#/components/responses/Error"}},
      "get": {"operationId": "legacy", "tags": ["T"], "responses": {"200": {"description": "ok"}}}}
  },
  "components": {
    "schemas": {
      "Item": {"type": "object", "additionalProperties": false, "required": ["id", "at"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "at": {"type": "string", "format": "date-time"}},
        "examples": [{"id": "9b2e4f1a-6c3d-4e5f-8a7b-1c2d3e4f5a6b", "at": "2025-11-26T07:00:00+00:00"}]}
    },
    "responses": {"Error": {"description": "error", "content": {"application/json": {"schema": {
      "type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}}}}}
  }
}`

func mustDoc(t *testing.T, spec string) *openapitest.Doc {
	t.Helper()
	d, err := openapitest.New([]byte(spec))
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	return d
}

func jsonHeader(extra ...string) http.Header {
	h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	for i := 0; i+1 < len(extra); i += 2 {
		h.Set(extra[i], extra[i+1])
	}
	return h
}

func TestResponse(t *testing.T) {
	d := mustDoc(t, fixture)
	item := `{"id":"9b2e4f1a-6c3d-4e5f-8a7b-1c2d3e4f5a6b","at":"2025-11-26T07:00:00.123456+00:00"}`
	tests := []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
		wantErr            string // "" for valid
		wantTemplate       string
	}{
		{"valid", "GET", "/items/1", 200, jsonHeader("X-Sum", "ab12"), item, "", "/items/{id}"},
		{"literal beats parameter", "POST", "/items/new", 201, http.Header{"Content-Type": {"text/plain"}}, "OK", "", "/items/new"},
		{"text schema", "POST", "/items/new", 201, http.Header{"Content-Type": {"text/plain"}}, "KO", "value must be 'OK'", ""},
		{"range status", "GET", "/items/1", 404, jsonHeader(), `{"error":"Not found"}`, "", ""},
		{"no content means no body", "GET", "/items/1", 304, http.Header{}, "x", "no content", ""},
		{"undocumented status", "GET", "/items/1", 500, jsonHeader(), `{}`, "status 500 is not documented", ""},
		{"undocumented method", "DELETE", "/items/1", 200, jsonHeader(), `{}`, "method not documented", ""},
		{"unknown path", "GET", "/nothing", 200, jsonHeader(), `{}`, "no path", ""},
		{"missing header", "GET", "/items/1", 200, jsonHeader(), item, "X-Sum missing", ""},
		{"bad header", "GET", "/items/1", 200, jsonHeader("X-Sum", "XYZ"), item, "header X-Sum", ""},
		{"wrong content type", "GET", "/items/1", 200, http.Header{"Content-Type": {"text/html"}, "X-Sum": {"a"}}, item, "not documented", ""},
		{"extra property", "GET", "/items/1", 200, jsonHeader("X-Sum", "a"), `{"id":"9b2e4f1a-6c3d-4e5f-8a7b-1c2d3e4f5a6b","at":"2025-11-26T07:00:00+00:00","x":1}`, "additional properties", ""},
		{"bad format", "GET", "/items/1", 200, jsonHeader("X-Sum", "a"), `{"id":"nope","at":"2025-11-26T07:00:00+00:00"}`, "uuid", ""},
		{"missing property", "GET", "/items/1", 200, jsonHeader("X-Sum", "a"), `{"id":"9b2e4f1a-6c3d-4e5f-8a7b-1c2d3e4f5a6b"}`, "missing property 'at'", ""},
		{"not JSON", "GET", "/items/1", 200, jsonHeader("X-Sum", "a"), `{`, "not JSON", ""},
		{"wildcard", "GET", "/files/a/b/c.png", 200, http.Header{"Content-Type": {"image/png"}}, "\x89PNG", "", "/files/{name}"},
		{"other methods", "PATCH", "/legacy/", 405, jsonHeader(), `{"error":"no"}`, "", "/legacy/"},
		{"other methods, other status", "PATCH", "/legacy/", 200, jsonHeader(), `{}`, "status 200 is not documented", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := d.Response(tc.method, tc.path, tc.status, tc.header, []byte(tc.body))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Response = %v; want valid", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("Response = %v; want an error containing %q", err, tc.wantErr)
			case tc.wantTemplate != "" && m.Template != tc.wantTemplate:
				t.Errorf("matched %q; want %q", m.Template, tc.wantTemplate)
			}
		})
	}
}

// TestRootExtensions: with x-enquete-not-found and
// x-enquete-method-not-allowed, unknown paths and undocumented methods are
// checked against those responses instead of being refused outright.
func TestRootExtensions(t *testing.T) {
	spec := strings.Replace(fixture, `"paths": {`, `"x-enquete-not-found": {"404": {"$ref": "#/components/responses/Error"}},
  "x-enquete-method-not-allowed": {"405": {"$ref": "#/components/responses/Error"}},
  "paths": {`, 1)
	d := mustDoc(t, spec)
	if _, err := d.Response("GET", "/nothing", 404, jsonHeader(), []byte(`{"error":"Not found"}`)); err != nil {
		t.Errorf("unknown path, 404 = %v; want valid", err)
	}
	if _, err := d.Response("GET", "/nothing", 200, jsonHeader(), []byte(`{}`)); err == nil {
		t.Error("unknown path, 200 is valid; want an error")
	}
	if _, err := d.Response("DELETE", "/items/1", 405, jsonHeader(), []byte(`{"error":"no"}`)); err != nil {
		t.Errorf("undocumented method, 405 = %v; want valid", err)
	}
	if _, err := d.Response("DELETE", "/items/1", 405, jsonHeader(), []byte(`{}`)); err == nil {
		t.Error("undocumented method, 405 without error is valid; want an error")
	}
}

func TestCompareRoutes(t *testing.T) {
	d := mustDoc(t, fixture)
	routes := []openapitest.Route{
		{"GET", "/items/:id"}, {"POST", "/items/new"}, {"GET", "/files/*name"},
		{"GET", "/legacy/"}, {"TRACE", "/legacy/"}, // any method on a path with other methods
		{"PUT", "/items/:id"}, // not documented
	}
	undocumented, unrouted := d.CompareRoutes(routes)
	if strings.Join(undocumented, ",") != "PUT /items/{id}" || len(unrouted) != 0 {
		t.Errorf("CompareRoutes = %v, %v; want [PUT /items/{id}], []", undocumented, unrouted)
	}
	_, unrouted = d.CompareRoutes(routes[1:])
	if strings.Join(unrouted, ",") != "GET /items/{id}" {
		t.Errorf("unrouted = %v; want [GET /items/{id}]", unrouted)
	}
}

func TestLint(t *testing.T) {
	if errs := mustDoc(t, fixture).Lint(); len(errs) != 0 {
		t.Fatalf("Lint(fixture) = %v; want nothing", errs)
	}
	broken := []struct{ name, from, to, want string }{
		{"unresolved ref", `"#/components/schemas/Item"`, `"#/components/schemas/Nope"`, "unresolved reference"},
		{"bad example", `"at": "2025-11-26T07:00:00+00:00"}]`, `"at": "yesterday"}]`, "example at /components/schemas/Item"},
		{"param mismatch", `"parameters": [{"name": "id"`, `"parameters": [{"name": "key"`, "path parameters [key]"},
		{"duplicate id", `"operationId": "newItem"`, `"operationId": "getItem"`, "also used by"},
		{"undeclared tag", `"operationId": "file", "tags": ["T"]`, `"operationId": "file", "tags": ["U"]`, "tag U is not declared"},
	}
	for _, tc := range broken {
		t.Run(tc.name, func(t *testing.T) {
			spec := strings.Replace(fixture, tc.from, tc.to, 1)
			if spec == fixture {
				t.Fatalf("%q not in the fixture", tc.from)
			}
			d, err := openapitest.New([]byte(spec))
			if err != nil {
				if strings.Contains(err.Error(), tc.want) {
					return
				}
				t.Fatal(err)
			}
			var all []string
			for _, e := range d.Lint() {
				all = append(all, e.Error())
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.want) {
				t.Errorf("Lint = %q; want a problem containing %q", all, tc.want)
			}
		})
	}
}
