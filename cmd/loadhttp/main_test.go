package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/jwt"
	"github.com/enquete/enquete/adapters/blob/disk"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/http/legacy"
	memstore "github.com/enquete/enquete/adapters/persistence/memory"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/ports"
)

func TestPercentile(t *testing.T) {
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[len(ds)-1-i] = time.Duration(i+1) * time.Millisecond // 100ms..1ms, unsorted
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {1, time.Millisecond}} {
		if got := percentile(ds, tc.p); got != tc.want {
			t.Errorf("percentile(1..100ms, %v) = %v; want %v", tc.p, got, tc.want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("percentile(nil) = %v; want 0", got)
	}
}

func TestParseStatus(t *testing.T) {
	m, err := parseStatus([]byte("Name:\tenquete\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n"))
	if err != nil || m.RSSKiB != 102400 || m.HWMKiB != 204800 || m.String() != "100/200" {
		t.Fatalf("parseStatus = %+v, %v; want RSS 100 MiB, peak 200 MiB", m, err)
	}
	if _, err := parseStatus([]byte("Name:\tx\n")); err == nil {
		t.Fatal("parseStatus without VmRSS = nil error")
	}
	if m, err := readMemory(os.Getpid()); err != nil || m.RSSKiB == 0 || m.HWMKiB < m.RSSKiB {
		t.Fatalf("readMemory(self) = %+v, %v", m, err)
	}
}

// TestLoadAgainstTheRouter runs the whole scenario, seeding included,
// against the real router on the memory store.
func TestLoadAgainstTheRouter(t *testing.T) {
	srv := httptest.NewServer(testRouter(t))
	defer srv.Close()
	var out bytes.Buffer
	o := options{url: srv.URL, seed: "20x30,5x4", scenarios: "entities,links,legacy-entities,legacy-links,mix",
		concurrency: 2, seedConc: 3, duration: 200 * time.Millisecond, pid: os.Getpid()}
	if err := loadTest(context.Background(), o, &out); err != nil {
		t.Fatalf("loadTest = %v\n%s", err, out.String())
	}
	rows := 0
	for line := range strings.SplitSeq(out.String(), "\n") {
		if !strings.HasPrefix(line, "| 20/30 |") && !strings.HasPrefix(line, "| 5/4 |") {
			continue
		}
		rows++
		cells := strings.Split(line, "|")
		if errs := strings.TrimSpace(cells[9]); errs != "0" || strings.TrimSpace(cells[4]) == "0" {
			t.Errorf("row %q: want requests and no errors", line)
		}
	}
	if rows != 10 {
		t.Fatalf("%d result rows; want 2 boards × 5 scenarios\n%s", rows, out.String())
	}
}

func testRouter(t *testing.T) http.Handler {
	t.Helper()
	store := memstore.NewStore()
	blobs, err := disk.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("load-test-secret-load-test-secret")}}})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	clock := ports.SystemClock{}
	identity := appidentity.NewService(store.Users, djangohash.New(1000), tokens, nil, clock)
	casework := appcasework.NewService(store, blobs, clock, log)
	board := appboard.NewService(casework, store, blobs, clock, log)
	engine := httpapi.NewRouter(httpapi.Deps{Identity: identity, Casework: casework, Board: board,
		Avatars: appidentity.NewAvatars(store.Users, blobs, log), Ping: store.Ping, Log: log})
	legacy.Register(engine, legacy.Deps{Identity: identity, Casework: casework, Board: board, Log: log})
	return engine
}

// TestMixKeepsTheBoardSize checks that the mix deletes what it creates, so
// that a long run measures the board it claims to measure.
func TestMixKeepsTheBoardSize(t *testing.T) {
	srv := httptest.NewServer(testRouter(t))
	defer srv.Close()
	ctx := context.Background()
	c := newClient(srv.URL, 4)
	if err := c.login(ctx, "", ""); err != nil {
		t.Fatal(err)
	}
	b, err := c.seedBoard(ctx, 10, 12, 2)
	if err != nil {
		t.Fatal(err)
	}
	r := hammer(ctx, c, b, scenarios(0)["mix"], 3, 0, 300*time.Millisecond)
	if r.Errors != 0 || r.Requests < 10 {
		t.Fatalf("mix = %d requests, %d errors (%s)", r.Requests, r.Errors, r.FirstError)
	}
	var list struct {
		Entities []struct{} `json:"entities"`
	}
	if err := c.call(ctx, "GET", "/api/investigation/"+b.ID+"/entities/", nil, &list, 200); err != nil {
		t.Fatal(err)
	}
	if n := len(list.Entities); n < 10 || n > 10+3 {
		t.Fatalf("board has %d entities after the mix; want 10 plus at most one per client", n)
	}
}
