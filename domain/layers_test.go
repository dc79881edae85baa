// The dependency rule of the hexagon, checked on every `make test` and
// `make check`: the domain imports only the standard library (and
// google/uuid); the application and the ports import no framework and no
// adapter. The check follows transitive dependencies, so a rule cannot be
// broken through an intermediate package.
package domain_test

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/enquete/enquete"

// deps lists every package under pattern with its transitive dependencies.
func deps(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps=false", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, pattern)
	cmd.Dir = ".."
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go list %s: %v", pattern, err)
	}
	m := map[string][]string{}
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		m[f[0]] = f[1:]
	}
	return m
}

func isStd(pkg string) bool {
	first, _, _ := strings.Cut(pkg, "/")
	return !strings.Contains(first, ".")
}

func TestDomainImportsOnlyTheStandardLibrary(t *testing.T) {
	for pkg, ds := range deps(t, "./domain/...") {
		for _, d := range ds {
			ok := isStd(d) || d == "github.com/google/uuid" || strings.HasPrefix(d, module+"/domain/")
			if !ok {
				t.Errorf("%s depends on %s; the domain may use only the standard library and google/uuid", pkg, d)
			}
		}
	}
}

func TestCoreImportsNoFrameworkOrAdapter(t *testing.T) {
	forbidden := []string{"github.com/gin-gonic/", "gorm.io/", "github.com/spf13/viper", module + "/adapters/", module + "/cmd/", module + "/config"}
	for _, pattern := range []string{"./application/...", "./ports/..."} {
		for pkg, ds := range deps(t, pattern) {
			for _, d := range ds {
				for _, f := range forbidden {
					if strings.HasPrefix(d, f) {
						t.Errorf("%s depends on %s; the core must not import frameworks or adapters", pkg, d)
					}
				}
			}
		}
	}
}

func TestContextsDoNotImportEachOthersDomain(t *testing.T) {
	for pkg, ds := range deps(t, "./domain/...") {
		own := strings.TrimPrefix(pkg, module+"/domain/")
		own, _, _ = strings.Cut(own, "/")
		for _, d := range ds {
			rest, ok := strings.CutPrefix(d, module+"/domain/")
			if !ok {
				continue
			}
			other, _, _ := strings.Cut(rest, "/")
			if other != own && other != "fault" && !strings.HasSuffix(pkg, "_test") {
				t.Errorf("%s imports the %s context's domain; go through an application port", pkg, other)
			}
		}
	}
}
