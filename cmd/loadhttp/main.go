// Command loadhttp is the HTTP load scenario of the README's published
// figures: against a running server it prepares boards (an investigation
// with 200 entities and 300 links, another with 10 000 and 20 000), then
// hammers the list routes (and a mix with writes) with C concurrent
// clients for D seconds each, and reports requests per second, p50/p99
// latency, errors, response size and the server's memory.
//
//	go build -o bin/enquete ./cmd/enquete
//	ENQUETE_DATABASE_URL=sqlite:/tmp/load.db ENQUETE_RATELIMIT_WRITES_PER_USER=1000000 bin/enquete serve &
//	go run ./cmd/loadhttp --url http://127.0.0.1:8080 --pid $!
//
// The mix writes about a hundred times a second: above the server's default
// limit of 600 writes per minute per user, hence the raised limit.
//
// Boards come from the API (--seed 200x300,10000x20000, the default: the
// requests real clients send, so it takes a minute for the large board) or
// from `enquete seed` (--investigation <id> with --username/--password of
// its owner: seconds instead of a minute). Memory is read from
// /proc/<pid>/status with --pid: VmRSS after each scenario and VmHWM, the
// peak during it (reset before each scenario when the /proc files are
// writable, i.e. same user or root).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"
)

type options struct {
	url, token, username, password string
	investigations                 []string
	seed                           string
	scenarios                      string
	concurrency, seedConc, limit   int
	pid                            int
	duration, warmup               time.Duration
	jsonOut                        bool
}

func main() {
	var o options
	flag.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of the server")
	flag.StringVar(&o.token, "token", "", "bearer token (default: log in with --username, or register a new account)")
	flag.StringVar(&o.username, "username", "", "account to log in with (the owner printed by `enquete seed`)")
	flag.StringVar(&o.password, "password", "", "its password")
	flag.Func("investigation", "existing board to load (repeatable), e.g. the investigation_id printed by `enquete seed`",
		func(s string) error { o.investigations = append(o.investigations, s); return nil })
	flag.StringVar(&o.seed, "seed", "200x300,10000x20000", "boards to create through the API when no --investigation is given: ENTITIESxLINKS,...")
	flag.StringVar(&o.scenarios, "scenarios", "entities,links,mix", "scenarios to run: entities, links, legacy-entities, legacy-links, mix")
	flag.IntVar(&o.concurrency, "concurrency", 8, "concurrent clients")
	flag.IntVar(&o.seedConc, "seed-concurrency", 8, "concurrent requests while seeding through the API")
	flag.IntVar(&o.limit, "limit", 0, "?limit= on the REST lists (0: the server's default page)")
	flag.IntVar(&o.pid, "pid", 0, "server process id, to read its memory from /proc")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "measured time per scenario and board")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured time before each measurement")
	flag.BoolVar(&o.jsonOut, "json", false, "print one JSON object per result instead of a table")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := loadTest(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadhttp:", err)
		os.Exit(1)
	}
}

func loadTest(ctx context.Context, o options, out io.Writer) error {
	all := scenarios(o.limit)
	var chosen []scenario
	for name := range strings.SplitSeq(o.scenarios, ",") {
		s, ok := all[strings.TrimSpace(name)]
		if !ok {
			return fmt.Errorf("unknown scenario %q", name)
		}
		chosen = append(chosen, s)
	}
	c := newClient(o.url, max(o.concurrency, o.seedConc))
	c.token = o.token
	if c.token == "" {
		if err := c.login(ctx, o.username, o.password); err != nil {
			return fmt.Errorf("login: %w", err)
		}
	}
	boards, err := prepare(ctx, c, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "# loadhttp %s: %d clients, %s per scenario (after %s warm-up); client GOMAXPROCS %d\n\n",
		o.url, o.concurrency, o.duration, o.warmup, runtime.GOMAXPROCS(0))
	if !o.jsonOut {
		fmt.Fprintln(out, "| board (entities/links) | scenario | clients | requests | req/s | p50 ms | p99 ms | max ms | errors | KiB/resp | server RSS/peak MiB |")
		fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|---|---|")
	}
	for _, b := range boards {
		for _, s := range chosen {
			if err := resetPeak(o.pid); err != nil && o.pid > 0 {
				fmt.Fprintln(os.Stderr, "loadhttp: cannot reset the peak RSS (the peak is since the server started):", err)
				o.pid = -o.pid // report once, keep reading the status
			}
			r := hammer(ctx, c, b, s, o.concurrency, o.warmup, o.duration)
			if r.Mem, err = readMemory(abs(o.pid)); err != nil {
				return err
			}
			report(out, r, o.jsonOut)
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	return nil
}

// prepare returns the boards to load: the given ones (sized through the
// legacy routes, which list everything), or new ones seeded through the API.
func prepare(ctx context.Context, c *client, o options) ([]board, error) {
	var boards []board
	for _, id := range o.investigations {
		var ents struct {
			Entities []json.RawMessage `json:"entities"`
		}
		var links struct {
			Links []json.RawMessage `json:"links"`
		}
		if err := c.call(ctx, "GET", "/api/investigation/"+id+"/entities/", nil, &ents, http.StatusOK); err != nil {
			return nil, err
		}
		if err := c.call(ctx, "GET", "/api/investigation/"+id+"/links/", nil, &links, http.StatusOK); err != nil {
			return nil, err
		}
		boards = append(boards, board{ID: id, Entities: len(ents.Entities), Links: len(links.Links)})
	}
	if len(boards) > 0 {
		return boards, nil
	}
	for spec := range strings.SplitSeq(o.seed, ",") {
		var n, m int
		if _, err := fmt.Sscanf(strings.TrimSpace(spec), "%dx%d", &n, &m); err != nil {
			return nil, fmt.Errorf("--seed %q: want ENTITIESxLINKS", spec)
		}
		start := time.Now()
		fmt.Fprintf(os.Stderr, "seeding %d entities and %d links through the API...\n", n, m)
		b, err := c.seedBoard(ctx, n, m, o.seedConc)
		if err != nil {
			return nil, fmt.Errorf("seed %s: %w", spec, err)
		}
		fmt.Fprintf(os.Stderr, "seeded investigation %s in %.1fs\n", b.ID, time.Since(start).Seconds())
		boards = append(boards, b)
	}
	return boards, nil
}

func report(out io.Writer, r result, asJSON bool) {
	if asJSON {
		_ = json.NewEncoder(out).Encode(map[string]any{"investigation": r.Board.ID, "entities": r.Board.Entities,
			"links": r.Board.Links, "scenario": r.Scenario, "clients": r.Concurrency, "requests": r.Requests,
			"req_per_s": r.perSecond(), "p50_ms": ms(r.P50), "p99_ms": ms(r.P99), "max_ms": ms(r.Max),
			"errors": r.Errors, "first_error": r.FirstError, "bytes_per_response": r.bytesPerResponse(),
			"server_rss_kib": r.Mem.RSSKiB, "server_peak_kib": r.Mem.HWMKiB})
		return
	}
	fmt.Fprintf(out, "| %d/%d | %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %d | %.1f | %s |\n",
		r.Board.Entities, r.Board.Links, r.Scenario, r.Concurrency, r.Requests, r.perSecond(),
		ms(r.P50), ms(r.P99), ms(r.Max), r.Errors, float64(r.bytesPerResponse())/1024, r.Mem)
	if r.FirstError != "" {
		fmt.Fprintf(os.Stderr, "  first error: %s\n", r.FirstError)
	}
	if strings.Contains(r.FirstError, "= 429") {
		fmt.Fprintln(os.Stderr, "  the server's rate limits refused requests (429): for a load test, start it with a high"+
			" ENQUETE_RATELIMIT_WRITES_PER_USER (writes per minute per user, 600 by default), e.g. 1000000")
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func abs(n int) int { return max(n, -n) }
