package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// jsonRoutes are the routes that take a JSON body: the investigation
// routes of the endpoint table and those outside an investigation.
func jsonRoutes() []endpoint {
	routes := []endpoint{
		{method: "POST", path: "/api/auth/register"},
		{method: "POST", path: "/api/auth/login"},
		{method: "POST", path: "/api/investigations"},
		{method: "POST", path: "/api/investigations/join"},
	}
	for _, e := range endpoints {
		if e.body != "" && e.contentType == "" {
			routes = append(routes, e)
		}
	}
	return routes
}

// FuzzEndpoints sends arbitrary bodies to every JSON route of the REST
// API, through the real router, decoders, validators and use cases: the
// answer is never a 5xx, and every refusal is a JSON error with a message.
func FuzzEndpoints(f *testing.F) {
	routes := jsonRoutes()
	for i, e := range routes {
		f.Add(uint8(i), e.body)
		for _, b := range e.bad {
			if b.contentType == "" {
				f.Add(uint8(i), b.body)
			}
		}
	}
	b := newCaseBoard(f)
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		e := routes[int(route)%len(routes)]
		srv := *b.testServer // the harness's helpers must report to t, not f
		srv.t = t
		r := srv.send(request{method: e.method, path: b.expand(e.path), token: b.users["owner"].token, body: b.expand(body)})
		if r.status >= http.StatusInternalServerError {
			t.Fatalf("%s; want no server error", r)
		}
		if r.status >= http.StatusBadRequest {
			var v struct {
				Error string `json:"error"`
			}
			if json.Unmarshal(r.body, &v) != nil || v.Error == "" {
				t.Fatalf("%s: refusal without a JSON error message", r)
			}
		}
	})
}
