package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/config"
	"log/slog"
)

func testConfig(t *testing.T, url string) *config.Config {
	t.Helper()
	t.Chdir(t.TempDir())
	t.Setenv("ENQUETE_DATABASE_URL", url)
	t.Setenv("ENQUETE_AUTH_PASSWORD_ITERATIONS", "1000")
	t.Setenv("JWT_SECRET", strings.Repeat("s", 40))
	cfg, err := config.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// smoke registers a user, opens an investigation and reads it back through
// the assembled handler.
func smoke(t *testing.T, h http.Handler) {
	t.Helper()
	do := func(method, path, token, body string) (int, map[string]any) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	code, reg := do("POST", "/api/auth/register", "", `{"username":"alice","email":"alice@example.com","password":"correct horse battery"}`)
	if code != http.StatusCreated {
		t.Fatalf("register = %d %v; want 201", code, reg)
	}
	token, _ := reg["token"].(string)
	code, inv := do("POST", "/api/investigations", token, `{"title":"Affaire"}`)
	if code != http.StatusCreated {
		t.Fatalf("create investigation = %d %v; want 201", code, inv)
	}
	code, got := do("GET", "/api/investigations/"+inv["id"].(string), token, "")
	if code != http.StatusOK || got["title"] != "Affaire" || got["role"] != "owner" {
		t.Fatalf("get investigation = %d %v", code, got)
	}
}

func TestMemoryInjector(t *testing.T) {
	cfg := testConfig(t, "memory:")
	app, cleanup, err := initMemoryApp(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	smoke(t, app.Handler)
}

func TestInjectorOnSQLite(t *testing.T) {
	cfg := testConfig(t, "sqlite:"+filepath.Join(t.TempDir(), "e.db"))
	app, cleanup, err := initApp(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	smoke(t, app.Handler)
}

func TestInjectorOnPostgres(t *testing.T) {
	url := gormtest.CreateDatabase(t)
	cfg := testConfig(t, url)
	app, cleanup, err := initApp(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	smoke(t, app.Handler)
}
