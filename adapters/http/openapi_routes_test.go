package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/enquete/enquete/adapters/http/openapi/openapitest"
	"github.com/gin-gonic/gin"
)

func routesOf(e *gin.Engine) []openapitest.Route {
	var out []openapitest.Route
	for _, r := range e.Routes() {
		out = append(out, openapitest.Route{Method: r.Method, Path: r.Path})
	}
	return out
}

// TestEveryRouteIsDocumented walks the router as the composition root
// builds it (REST, metrics, docs, legacy, media) and fails for a route the
// description lacks, and for a documented operation no route serves.
func TestEveryRouteIsDocumented(t *testing.T) {
	engine, _ := buildFullEngine(t)
	undocumented, unrouted := specDoc(t).CompareRoutes(routesOf(engine))
	for _, r := range undocumented {
		t.Errorf("route %s is not in the OpenAPI description (adapters/http/openapi/openapi.yaml)", r)
	}
	for _, r := range unrouted {
		t.Errorf("the OpenAPI description documents %s, which no route serves", r)
	}
}

// TestRouteCheckCanFail: a route added to the real router, and a path
// removed from the real description, are both reported.
func TestRouteCheckCanFail(t *testing.T) {
	engine, _ := buildFullEngine(t)
	engine.GET("/api/investigations/:id/secret", func(*gin.Context) {})
	undocumented, _ := specDoc(t).CompareRoutes(routesOf(engine))
	if strings.Join(undocumented, ",") != "GET /api/investigations/{id}/secret" {
		t.Errorf("undocumented = %v; want the added route", undocumented)
	}

	var routes []openapitest.Route
	for _, r := range routesOf(engine) {
		if r.Path != "/api/investigations/:id/tags/:tag_id" {
			routes = append(routes, r)
		}
	}
	_, unrouted := specDoc(t).CompareRoutes(routes)
	if strings.Join(unrouted, ",") != "DELETE /api/investigations/{id}/tags/{tag_id},PATCH /api/investigations/{id}/tags/{tag_id}" {
		t.Errorf("unrouted = %v; want the two tag operations", unrouted)
	}
}

// TestOtherMethodsOfLegacyPaths: the legacy paths take every method (the
// description says so with x-enquete-other-methods); check that the
// undocumented ones really get the documented 405 (or 404 without the
// slash), so that the coverage test's leniency there is earned.
func TestOtherMethodsOfLegacyPaths(t *testing.T) {
	s := newSpecServer(t)
	u := s.register("alice")
	inv, _ := s.createInvestigation(u, "Affaire")
	for _, p := range []string{"entities/", "links/", "members/", "presence/", "presence/heartbeat/", "delete/"} {
		for _, m := range []string{http.MethodPatch, http.MethodOptions, "PROPFIND"} {
			r := s.call(request{method: m, path: "/api/investigation/" + inv + "/" + p, token: u.token})
			if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") == "" {
				t.Errorf("%s; want 405 with Allow", r)
			}
		}
		r := s.call(request{method: http.MethodPost, path: "/api/investigation/" + inv + "/" + strings.TrimSuffix(p, "/"), token: u.token})
		if r.status != http.StatusNotFound {
			t.Errorf("%s; want 404", r)
		}
	}
}
