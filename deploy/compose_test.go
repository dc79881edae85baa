package deploy

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// composeVars stand for a filled-in deploy/.env.
var composeVars = map[string]string{
	"POSTGRES_PASSWORD":   "pg-secret",
	"JWT_SECRET":          strings.Repeat("ab", 32),
	"MINIO_ROOT_USER":     "enquete",
	"MINIO_ROOT_PASSWORD": "minio-secret",
}

// composeServices returns the services of compose.yaml.
func composeServices(t *testing.T) map[string]map[string]any {
	t.Helper()
	docs := readYAML(t, "compose.yaml")
	if len(docs) != 1 {
		t.Fatalf("compose.yaml: %d documents; want 1", len(docs))
	}
	raw, ok := docs[0]["services"].(map[string]any)
	if !ok {
		t.Fatal("compose.yaml: no services")
	}
	out := map[string]map[string]any{}
	for name, s := range raw {
		svc, ok := s.(map[string]any)
		if !ok {
			t.Fatalf("service %s is not a mapping", name)
		}
		out[name] = svc
	}
	return out
}

// composeEnv is an instance's environment after interpolation.
func composeEnv(t *testing.T, svc map[string]any, name string) map[string]string {
	t.Helper()
	env := stringMap(t, name+".environment", svc["environment"])
	for k, v := range env {
		env[k] = interpolate(t, v, composeVars)
	}
	return env
}

func TestComposeServices(t *testing.T) {
	services := composeServices(t)
	for _, name := range []string{"postgres", "minio", "createbucket", "migrate", "enquete-1", "enquete-2", "proxy"} {
		if services[name] == nil {
			t.Errorf("compose.yaml has no %s service", name)
		}
	}
	if img, _ := services["postgres"]["image"].(string); !strings.HasPrefix(img, "postgres:15") {
		t.Errorf("postgres image = %q; want PostgreSQL 15", img)
	}
	for _, name := range []string{"createbucket", "migrate"} {
		if r := services[name]["restart"]; r != "no" {
			t.Errorf("%s restart = %v; want \"no\" (a one-shot)", name, r)
		}
	}
	// Every dependency names a service, and the instances wait for the bucket
	// and the migration to complete.
	for name, svc := range services {
		deps, _ := svc["depends_on"].(map[string]any)
		for dep := range deps {
			if services[dep] == nil {
				t.Errorf("%s depends on unknown service %s", name, dep)
			}
		}
	}
	for _, name := range []string{"enquete-1", "enquete-2"} {
		deps, _ := services[name]["depends_on"].(map[string]any)
		for _, dep := range []string{"createbucket", "migrate"} {
			cond, _ := deps[dep].(map[string]any)
			if cond["condition"] != "service_completed_successfully" {
				t.Errorf("%s: depends_on %s = %v; want service_completed_successfully", name, dep, deps[dep])
			}
		}
	}
	proxyDeps, _ := services["proxy"]["depends_on"].(map[string]any)
	if proxyDeps["enquete-1"] == nil || proxyDeps["enquete-2"] == nil {
		t.Errorf("proxy depends_on = %v; want both instances", proxyDeps)
	}
}

func TestComposeInstancesShareTheDocumentedEnvironment(t *testing.T) {
	services := composeServices(t)
	want := map[string]string{
		"ENQUETE_ENV": "production", "ENQUETE_MEDIA_BACKEND": "s3", "ENQUETE_DATABASE_MIGRATE_ON_START": "false",
		"ENQUETE_S3_BUCKET": "enquete", "ENQUETE_S3_PATH_STYLE": "true", "ENQUETE_S3_USE_SSL": "false",
	}
	required := []string{"DATABASE_URL", "JWT_SECRET", "ENQUETE_S3_ENDPOINT", "ENQUETE_S3_ACCESS_KEY",
		"ENQUETE_S3_SECRET_KEY", "ENQUETE_S3_REGION"}
	var first map[string]string
	for _, name := range []string{"enquete-1", "enquete-2", "migrate"} {
		svc := services[name]
		env := composeEnv(t, svc, name)
		checkEnvNames(t, "compose.yaml "+name, env)
		for k, v := range want {
			if env[k] != v {
				t.Errorf("%s: %s = %q; want %q", name, k, env[k], v)
			}
		}
		for _, k := range required {
			if env[k] == "" {
				t.Errorf("%s: %s is not set", name, k)
			}
		}
		if !strings.HasPrefix(env["DATABASE_URL"], "postgres://") || !strings.Contains(env["DATABASE_URL"], "@postgres:5432/") {
			t.Errorf("%s: DATABASE_URL = %q; want the postgres service", name, env["DATABASE_URL"])
		}
		if first == nil {
			first = env
		} else if !maps.Equal(first, env) {
			t.Errorf("%s's environment differs from enquete-1's", name)
		}
		if b, _ := svc["build"].(map[string]any); b["dockerfile"] != "deploy/Dockerfile" || b["context"] != ".." {
			t.Errorf("%s build = %v; want deploy/Dockerfile from the repository root", name, svc["build"])
		}
		if svc["read_only"] != true {
			t.Errorf("%s: read_only = %v; want true", name, svc["read_only"])
		}
	}
	if cmd, _ := services["migrate"]["command"].([]any); len(cmd) != 1 || cmd[0] != "migrate" {
		t.Errorf("migrate command = %v; want [migrate]", services["migrate"]["command"])
	}
}

func TestComposeProxyConfiguration(t *testing.T) {
	services := composeServices(t)
	vols, _ := services["proxy"]["volumes"].([]any)
	var conf string
	for _, v := range vols {
		if s, _ := v.(string); strings.HasSuffix(s, ":/etc/nginx/conf.d/default.conf:ro") {
			conf = strings.TrimSuffix(s, ":/etc/nginx/conf.d/default.conf:ro")
		}
	}
	if conf == "" {
		t.Fatalf("proxy volumes = %v; want the nginx configuration mounted read-only", vols)
	}
	raw, err := os.ReadFile(filepath.Clean(conf))
	if err != nil {
		t.Fatalf("proxy configuration: %v", err)
	}
	text := string(raw)
	for _, inst := range []string{"enquete-1:8080", "enquete-2:8080"} {
		if !strings.Contains(text, "server "+inst) {
			t.Errorf("%s: upstream lacks %s", conf, inst)
		}
	}
	events := locationBlock(text, "~ ^/api/investigations/[^/]+/events$")
	for _, directive := range []string{"proxy_buffering off;", "proxy_read_timeout 1h;"} {
		if !strings.Contains(events, directive) {
			t.Errorf("%s: the events location lacks %q (SSE must not be buffered)", conf, directive)
		}
	}
}

// locationBlock returns the body of "location <pattern> { ... }".
func locationBlock(conf, pattern string) string {
	i := strings.Index(conf, "location "+pattern+" {")
	if i < 0 {
		return ""
	}
	body := conf[i:]
	if j := strings.Index(body, "}"); j >= 0 {
		body = body[:j]
	}
	return body
}
