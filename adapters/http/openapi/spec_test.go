package openapi_test

import (
	"encoding/json"
	"testing"

	"github.com/enquete/enquete/adapters/http/openapi"
	"github.com/enquete/enquete/adapters/http/openapi/openapitest"
)

func specDoc(t *testing.T) *openapitest.Doc {
	t.Helper()
	b, err := openapi.JSON()
	if err != nil {
		t.Fatalf("JSON() = %v", err)
	}
	d, err := openapitest.New(b)
	if err != nil {
		t.Fatalf("openapitest.New = %v", err)
	}
	return d
}

// TestSpecIsOpenAPI31 checks the top of the document a tool reads first.
func TestSpecIsOpenAPI31(t *testing.T) {
	b, err := openapi.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var top struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Title, Version string
		} `json:"info"`
		Paths      map[string]any `json:"paths"`
		Components struct {
			Schemas         map[string]any `json:"schemas"`
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatal(err)
	}
	if top.OpenAPI != "3.1.0" || top.Info.Title == "" || top.Info.Version == "" || len(top.Paths) == 0 {
		t.Errorf("openapi %q, info %+v, %d paths; want a 3.1.0 document with info and paths", top.OpenAPI, top.Info, len(top.Paths))
	}
	for _, name := range []string{"Investigation", "Member", "Entity", "EntityInput", "Link", "Tag", "Comment", "Attachment", "Error"} {
		if top.Components.Schemas[name] == nil {
			t.Errorf("components.schemas.%s missing", name)
		}
	}
	for _, name := range []string{"bearerAuth", "cookieAuth", "csrfHeader"} {
		if top.Components.SecuritySchemes[name] == nil {
			t.Errorf("components.securitySchemes.%s missing", name)
		}
	}
}

// TestSpecLint: references resolve, operation ids are unique, path
// parameters match their templates, and every example is valid against
// its schema.
func TestSpecLint(t *testing.T) {
	for _, err := range specDoc(t).Lint() {
		t.Error(err)
	}
}
