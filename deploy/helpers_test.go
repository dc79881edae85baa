// Package deploy holds no code: its tests check the deployment files of
// this folder as far as a machine without Docker or Kubernetes allows. The
// YAML parses and has the expected structure, every environment variable is
// one the configuration knows, nginx and systemd accept their files when
// they are installed, and the binary built from this tree starts with each
// deployment's documented environment, becomes ready and stops cleanly.
package deploy

import (
	"bufio"
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

// readYAML decodes every document of a YAML file into generic values.
func readYAML(t *testing.T, path string) []map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return docs
			}
			t.Fatalf("%s: %v", path, err)
		}
		if doc != nil {
			docs = append(docs, doc)
		}
	}
}

// strictDecode decodes one YAML document into v, refusing fields v does
// not declare: a misspelt field (readinesProbe) fails instead of being
// ignored, as kubectl's server-side validation would.
func strictDecode(t *testing.T, name string, doc map[string]any, v any) {
	t.Helper()
	raw, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

var (
	envNamesOnce sync.Once
	envNames     map[string]bool
)

// configEnvNames returns the environment variables the configuration
// reads: the upper-case string literals of config/load.go (its key table),
// read from the source so that this test cannot drift from it.
func configEnvNames(t *testing.T) map[string]bool {
	t.Helper()
	envNamesOnce.Do(func() {
		f, err := parser.ParseFile(token.NewFileSet(), "../config/load.go", nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		envNames = map[string]bool{"PORT": true}
		name := regexp.MustCompile(`^[A-Z][A-Z0-9_]+$`)
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && name.MatchString(s) {
					envNames[s] = true
				}
			}
			return true
		})
	})
	if len(envNames) < 20 {
		t.Fatalf("found only %d environment names in config/load.go; has its key table moved?", len(envNames))
	}
	return envNames
}

// runtimeEnv are variables read by the Go runtime, not the configuration.
var runtimeEnv = map[string]bool{"GOMEMLIMIT": true, "GOMAXPROCS": true, "GOGC": true}

// checkEnvNames fails for every variable of env the service would ignore.
func checkEnvNames(t *testing.T, where string, env map[string]string) {
	t.Helper()
	known := configEnvNames(t)
	for k := range env {
		if !known[k] && !runtimeEnv[k] {
			t.Errorf("%s sets %s, which the configuration does not read (typo?)", where, k)
		}
	}
}

// interpolation is compose's ${VAR}, ${VAR:-default} and ${VAR:?error}.
var interpolation = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?]([^}]*))?\}`)

// interpolate expands s as compose does, with vars standing for .env.
func interpolate(t *testing.T, s string, vars map[string]string) string {
	t.Helper()
	out := interpolation.ReplaceAllStringFunc(s, func(m string) string {
		sub := interpolation.FindStringSubmatch(m)
		if v, ok := vars[sub[1]]; ok {
			return v
		}
		if strings.Contains(m, "?") {
			t.Errorf("%s is required and unset", sub[1])
			return ""
		}
		return sub[2]
	})
	return strings.ReplaceAll(out, "$$", "$")
}

// readEnvFile reads KEY=value lines (systemd's EnvironmentFile, .env).
func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: not KEY=value: %q", path, line)
		}
		env[k] = v
	}
	return env
}

// stringMap converts a decoded YAML mapping of scalars to strings.
func stringMap(t *testing.T, where string, v any) map[string]string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: want a mapping, got %T", where, v)
	}
	out := make(map[string]string, len(m))
	for k, x := range m {
		switch x := x.(type) {
		case string:
			out[k] = x
		case bool, int, float64:
			t.Errorf("%s: %s is a YAML %T; quote it (compose and Kubernetes want strings)", where, k, x)
		default:
			t.Errorf("%s: %s has type %T", where, k, x)
		}
	}
	return out
}
