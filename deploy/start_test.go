package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// enqueteBinary builds ./cmd/enquete as the Dockerfile does (static,
// trimmed, zone database embedded), once per test run.
func enqueteBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "enquete-deploy-test"); buildErr != nil {
			return
		}
		binary = filepath.Join(buildDir, "enquete")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-tags", "timetzdata", "-o", binary, "../cmd/enquete")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// fakeS3 serves an S3 API with the bucket "enquete" (what createbucket
// makes in compose) and returns its host:port.
func fakeS3(t *testing.T) string {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("enquete"); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
	t.Cleanup(ts.Close)
	return strings.TrimPrefix(ts.URL, "http://")
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// envList turns a map into exec's KEY=value list. Nothing of the test's
// own environment is passed on: only what the deployment documents counts.
func envList(env map[string]string) []string {
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// run executes `enquete args...` to completion.
func run(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	// Build first: on a cold build cache the build alone can take longer
	// than the command's own deadline.
	bin := enqueteBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env, cmd.Dir = envList(env), t.TempDir()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// serveUntilReady starts `enquete serve` with env, waits for /health and
// /ready to answer 200, sends SIGTERM and wants a clean exit (status 0).
func serveUntilReady(t *testing.T, env map[string]string) {
	t.Helper()
	addr := freeAddr(t)
	env["ENQUETE_HTTP_ADDR"] = addr
	var logs bytes.Buffer
	cmd := exec.Command(enqueteBinary(t), "serve")
	cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = envList(env), t.TempDir(), &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-done
		}
	}()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for path := range strings.SplitSeq("/health /ready", " ") {
		for {
			resp, err := client.Get("http://" + addr + path)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			select {
			case err := <-done:
				t.Fatalf("enquete serve exited before %s answered 200: %v\n%s", path, err, logs.String())
			case <-time.After(100 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not answer 200 within 30s (last error %v)\n%s", path, err, logs.String())
			}
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("enquete serve after SIGTERM: %v; want exit status 0\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("enquete serve did not stop within 30s of SIGTERM\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no graceful-shutdown record in the logs:\n%s", logs.String())
	}
}

// TestBinaryStartsWithTheDocumentedEnvironment runs the binary built from
// this tree with each deployment's environment, adapted only where this
// machine differs: a throw-away PostgreSQL database instead of the
// deployment's server, an in-process S3 (gofakes3) instead of MinIO, a
// local port, and real secrets in place of the placeholders.
func TestBinaryStartsWithTheDocumentedEnvironment(t *testing.T) {
	secret := strings.Repeat("5e", 32)
	t.Run("compose", func(t *testing.T) {
		env := dockerfileEnv(t)
		for k, v := range composeEnv(t, composeServices(t)["enquete-1"], "enquete-1") {
			env[k] = v
		}
		env["DATABASE_URL"], env["ENQUETE_S3_ENDPOINT"] = gormtest.CreateDatabase(t), fakeS3(t)
		// compose runs the migrate one-shot first; the instances do not migrate.
		if out, err := run(t, env, "migrate"); err != nil {
			t.Fatalf("enquete migrate: %v\n%s", err, out)
		}
		serveUntilReady(t, env)
	})
	t.Run("kubernetes", func(t *testing.T) {
		m := loadManifests(t)
		env := dockerfileEnv(t)
		for k, v := range m.configMaps["enquete-config"].Data {
			env[k] = v
		}
		for k, v := range m.secrets["enquete-secrets"].StringData {
			env[k] = v
		}
		limit, _ := quantity(m.deployment.Spec.Template.Spec.Containers[0].Resources.Limits["memory"])
		env["GOMEMLIMIT"] = fmt.Sprint(int64(limit))
		env["DATABASE_URL"], env["ENQUETE_S3_ENDPOINT"], env["JWT_SECRET"] = gormtest.CreateDatabase(t), fakeS3(t), secret
		if out, err := run(t, env, "migrate"); err != nil { // the migration Job
			t.Fatalf("enquete migrate: %v\n%s", err, out)
		}
		serveUntilReady(t, env)
	})
	t.Run("systemd", func(t *testing.T) {
		env := readEnvFile(t, "systemd/enquete.env.example")
		state := t.TempDir() // StateDirectory, %S/enquete
		for _, e := range readUnit(t, "systemd/enquete.service")["Service"]["Environment"] {
			k, v, _ := strings.Cut(e, "=")
			env[k] = strings.ReplaceAll(v, "%S/enquete", state)
		}
		env["DATABASE_URL"], env["JWT_SECRET"] = gormtest.CreateDatabase(t), secret
		serveUntilReady(t, env) // migrates on start (the default)
		if _, err := os.Stat(filepath.Join(state, "media")); err != nil {
			t.Errorf("media folder in the state directory: %v", err)
		}
	})
}

// TestPlaceholderSecretsAreRefused checks that forgetting to replace the
// examples' JWT secret stops a production start instead of running with a
// published key.
func TestPlaceholderSecretsAreRefused(t *testing.T) {
	env := readEnvFile(t, "systemd/enquete.env.example")
	env["DATABASE_URL"] = "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	out, err := run(t, env, "serve")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 || !strings.Contains(out, "JWT_SECRET") {
		t.Fatalf("serve with the placeholder secret = %v\n%s\nwant a refusal naming JWT_SECRET", err, out)
	}
	dotenv := readEnvFile(t, ".env.example")
	if len(dotenv["JWT_SECRET"]) >= 32 {
		t.Errorf(".env.example JWT_SECRET placeholder is %d characters: long enough to be accepted", len(dotenv["JWT_SECRET"]))
	}
}

// dockerfileEnv is the ENV of the image's final stage (KEY=value pairs).
func dockerfileEnv(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, in := range finalStage(dockerfile(t)) {
		if in[0] != "ENV" {
			continue
		}
		for _, kv := range strings.Fields(in[1]) {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("Dockerfile: ENV %q is not KEY=value", in[1])
			}
			env[k] = v
		}
	}
	return env
}
