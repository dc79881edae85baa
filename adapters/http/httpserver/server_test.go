package httpserver_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/jwt"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/http/httpserver"
	"github.com/enquete/enquete/adapters/persistence/memory"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// newRouter is the real REST router on the in-memory store, with a slow
// route whose handler signals when it starts and finishes when released.
func newRouter(t *testing.T) (h *gin.Engine, started chan struct{}, release chan struct{}) {
	t.Helper()
	store := memory.NewStore()
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("test-secret-test-secret-test-secret")}}})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	clock := ports.SystemClock{}
	casework := appcasework.NewService(store, nil, clock, log)
	h = httpapi.NewRouter(httpapi.Deps{
		Identity: appidentity.NewService(store.Users, djangohash.New(1000), tokens, nil, clock),
		Casework: casework,
		Board:    appboard.NewService(casework, store, nil, clock, log),
		Ping:     store.Ping,
		Log:      log,
	})
	started, release = make(chan struct{}, 8), make(chan struct{})
	h.GET("/t/slow", func(c *gin.Context) {
		started <- struct{}{}
		<-release
		c.String(http.StatusOK, "finished")
	})
	return h, started, release
}

// serve starts Serve on a free port; stop cancels its context (SIGTERM)
// and done yields Serve's result.
func serve(t *testing.T, h http.Handler, c httpserver.Config) (addr string, stop func(), done chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done = make(chan error, 1)
	go func() { done <- httpserver.Serve(ctx, httpserver.New(c, h, nil), ln, c.ShutdownGrace) }()
	t.Cleanup(cancel)
	return ln.Addr().String(), cancel, done
}

// waitRefused waits until nothing accepts connections on addr.
func waitRefused(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		conn.Close()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s still accepts connections after the stop signal", addr)
}

func receive[T any](t *testing.T, ch chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}

type result struct {
	status int
	body   string
	err    error
}

func get(url string) chan result {
	out := make(chan result, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			out <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		out <- result{status: resp.StatusCode, body: string(b), err: err}
	}()
	return out
}

// TestGracefulShutdown: after the stop signal, new connections are
// refused while the request in flight runs to its end and gets its whole
// answer; then Serve returns nil.
func TestGracefulShutdown(t *testing.T) {
	h, started, release := newRouter(t)
	addr, stop, done := serve(t, h, httpserver.Config{ShutdownGrace: 30 * time.Second})
	inflight := get("http://" + addr + "/t/slow")
	receive(t, started, "the slow handler to start")
	stop()
	waitRefused(t, addr)
	select {
	case err := <-done:
		t.Fatalf("Serve returned %v while a request was in flight", err)
	default:
	}
	close(release)
	if r := receive(t, inflight, "the in-flight answer"); r.err != nil || r.status != http.StatusOK || r.body != "finished" {
		t.Errorf("in-flight request: %+v; want 200 finished", r)
	}
	if err := receive(t, done, "Serve to return"); err != nil {
		t.Errorf("Serve = %v; want nil after a clean shutdown", err)
	}
}

// TestShutdownGraceExceeded: a request that outlives the grace period is
// cut, and Serve says so.
func TestShutdownGraceExceeded(t *testing.T) {
	h, started, release := newRouter(t)
	defer close(release)
	addr, stop, done := serve(t, h, httpserver.Config{ShutdownGrace: 100 * time.Millisecond})
	inflight := get("http://" + addr + "/t/slow")
	receive(t, started, "the slow handler to start")
	stop()
	if err := receive(t, done, "Serve to return"); !errors.Is(err, httpserver.ErrGraceExceeded) {
		t.Errorf("Serve = %v; want ErrGraceExceeded", err)
	}
	if r := receive(t, inflight, "the cut request"); r.err == nil {
		t.Errorf("request past the grace period: %+v; want a broken connection", r)
	}
}

// TestShutdownClosesIdleConnections: a keep-alive connection idle at the
// stop signal is closed, not left to the idle timeout.
func TestShutdownClosesIdleConnections(t *testing.T) {
	h, _, _ := newRouter(t)
	addr, stop, done := serve(t, h, httpserver.Config{IdleTimeout: time.Hour})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("health = %v, %v", resp, err)
	}
	io.Copy(io.Discard, resp.Body)
	stop()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("idle connection after the stop signal: read %v; want EOF", err)
	}
	if err := receive(t, done, "Serve to return"); err != nil {
		t.Errorf("Serve = %v", err)
	}
}

// TestHeaderLimits: headers beyond MaxHeaderBytes are refused with 431,
// and a client that never finishes its headers is disconnected after
// ReadHeaderTimeout (slowloris).
func TestHeaderLimits(t *testing.T) {
	h, _, _ := newRouter(t)
	addr, _, _ := serve(t, h, httpserver.Config{ReadHeaderTimeout: 200 * time.Millisecond, MaxHeaderBytes: 8 << 10})
	req, _ := http.NewRequest("GET", "http://"+addr+"/health", nil)
	req.Header.Set("X-Filler", strings.Repeat("a", 64<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 KiB of headers: %d; want 431", resp.StatusCode)
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ") // and never more
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("a client stuck in its headers is still connected")
	}
	if strings.Contains(string(b), "200 OK") {
		t.Errorf("incomplete headers answered: %q", b)
	}
}
