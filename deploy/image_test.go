package deploy

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// dockerfile is the instructions of deploy/Dockerfile, continuation lines
// joined, comments dropped, in order.
func dockerfile(t *testing.T) [][2]string {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	var cur string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && cur == "") {
			continue
		}
		cur += " " + strings.TrimSuffix(line, "\\")
		if strings.HasSuffix(line, "\\") {
			continue
		}
		instr, args, _ := strings.Cut(strings.TrimSpace(cur), " ")
		out = append(out, [2]string{strings.ToUpper(instr), strings.TrimSpace(args)})
		cur = ""
	}
	return out
}

// finalStage returns the instructions after the last FROM.
func finalStage(all [][2]string) [][2]string {
	last := 0
	for i, in := range all {
		if in[0] == "FROM" {
			last = i
		}
	}
	return all[last:]
}

func TestDockerfile(t *testing.T) {
	all := dockerfile(t)
	text := fmt.Sprint(all)
	if !strings.Contains(text, "FROM golang:${GO_VERSION} AS build") || !strings.Contains(text, "ARG GO_VERSION=1.26") {
		t.Error("the build stage must be golang:1.26")
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", `-ldflags "-s -w"`} {
		if !strings.Contains(text, want) {
			t.Errorf("the build does not use %s", want)
		}
	}
	final := finalStage(all)
	if from := final[0][1]; !strings.HasPrefix(from, "gcr.io/distroless/static") && from != "scratch" {
		t.Errorf("final stage FROM %s; want distroless/static or scratch", from)
	}
	has := map[string]string{}
	for _, in := range final {
		has[in[0]] = in[1]
	}
	if u := has["USER"]; u == "" || u == "root" || strings.HasPrefix(u, "0") {
		t.Errorf("USER = %q; want a non-root user", u)
	}
	if has["EXPOSE"] != "8080" {
		t.Errorf("EXPOSE = %q; want 8080", has["EXPOSE"])
	}
	if e := has["ENTRYPOINT"]; !strings.HasPrefix(e, "[") {
		t.Errorf("ENTRYPOINT %s: use the exec form (there is no shell in the image)", e)
	}
	// An ENQUETE_DATABASE_URL in the image would win over the DATABASE_URL
	// a deployment sets (the ENQUETE_ name is read first).
	for _, in := range final {
		if in[0] == "ENV" && strings.Contains(in[1], "ENQUETE_DATABASE_URL") {
			t.Error("the image must not set ENQUETE_DATABASE_URL: it would shadow DATABASE_URL")
		}
	}
	if _, err := os.Stat("Dockerfile.dockerignore"); err != nil {
		t.Errorf("Dockerfile.dockerignore: %v", err)
	}
}

// TestNginxConfiguration runs `nginx -t` on the proxy configuration when
// nginx is installed, with the compose service names replaced by a local
// address (nginx resolves upstream names when it loads the file).
func TestNginxConfiguration(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		t.Skip("nginx is not installed")
	}
	raw, err := os.ReadFile("nginx/enquete.conf")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := strings.NewReplacer("enquete-1:8080", "127.0.0.1:18081", "enquete-2:8080", "127.0.0.1:18082").Replace(string(raw))
	if err := os.WriteFile(filepath.Join(dir, "enquete.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	main := fmt.Sprintf(`pid %[1]s/nginx.pid;
error_log stderr;
events {}
http {
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[1]s/enquete.conf;
}
`, dir)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(nginx, "-t", "-q", "-e", "stderr", "-p", dir, "-c", filepath.Join(dir, "nginx.conf")).CombinedOutput()
	if err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
}
