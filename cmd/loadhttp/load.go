package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// scenario is a request mix against one board.
type scenario struct {
	name string
	// next builds worker w's next request; read, when not nil, receives
	// the response body (a creation's id, for the deletion that follows).
	next func(c *client, b board, w *worker) (req *http.Request, read func([]byte), err error)
}

// worker is one client's state.
type worker struct {
	n       int
	rng     *rand.Rand
	created []string // ids of entities created and not yet deleted
}

// scenarios are what --scenarios may name.
func scenarios(limit int) map[string]scenario {
	page := ""
	if limit > 0 {
		page = fmt.Sprintf("?limit=%d", limit)
	}
	get := func(path func(b board) string) func(*client, board, *worker) (*http.Request, func([]byte), error) {
		return func(c *client, b board, _ *worker) (*http.Request, func([]byte), error) {
			req, err := c.request(http.MethodGet, path(b), "")
			return req, nil, err
		}
	}
	entities := func(b board) string { return "/api/investigations/" + b.ID + "/entities" + page }
	links := func(b board) string { return "/api/investigations/" + b.ID + "/links" + page }
	return map[string]scenario{
		"entities":        {"entities", get(entities)},
		"links":           {"links", get(links)},
		"legacy-entities": {"legacy-entities", get(func(b board) string { return "/api/investigation/" + b.ID + "/entities/" })},
		"legacy-links":    {"legacy-links", get(func(b board) string { return "/api/investigation/" + b.ID + "/links/" })},
		"mix":             {"mix", mix(entities, links)},
	}
}

// mix is 40% entity lists, 40% link lists and 20% writes: a worker
// creates an entity (with a tag) and deletes it on its next write, so the
// board keeps its size however long the run lasts.
func mix(entities, links func(board) string) func(*client, board, *worker) (*http.Request, func([]byte), error) {
	return func(c *client, b board, w *worker) (*http.Request, func([]byte), error) {
		var req *http.Request
		var err error
		switch r := w.rng.IntN(10); {
		case r < 4:
			req, err = c.request(http.MethodGet, entities(b), "")
		case r < 8:
			req, err = c.request(http.MethodGet, links(b), "")
		case len(w.created) > 0:
			id := w.created[len(w.created)-1]
			w.created = w.created[:len(w.created)-1]
			req, err = c.request(http.MethodDelete, "/api/investigations/"+b.ID+"/entities/"+id, "")
		default:
			w.n++
			body := fmt.Sprintf(`{"type":"event","title":"Charge %d","event_date":"2024-01-15T10:30","tags":["Charge"]}`, w.n)
			req, err = c.request(http.MethodPost, "/api/investigations/"+b.ID+"/entities", body)
			return req, func(raw []byte) {
				var out struct {
					ID string `json:"id"`
				}
				if json.Unmarshal(raw, &out) == nil && out.ID != "" {
					w.created = append(w.created, out.ID)
				}
			}, err
		}
		return req, nil, err
	}
}

func (c *client) request(method, path, body string) (*http.Request, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// result sums up one scenario run.
type result struct {
	Board       board
	Scenario    string
	Concurrency int
	Requests    int
	Errors      int
	FirstError  string
	Elapsed     time.Duration
	P50, P99    time.Duration
	Max         time.Duration
	Bytes       int64 // response bytes in total
	Mem         memory
}

func (r result) perSecond() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

func (r result) bytesPerResponse() int64 {
	if r.Requests == 0 {
		return 0
	}
	return r.Bytes / int64(r.Requests)
}

// hammer runs s against b with conc workers for d (after warm seconds of
// unmeasured warm-up), each sending its next request as soon as the last
// one is answered (a closed loop: the rate is what the server sustains).
func hammer(ctx context.Context, c *client, b board, s scenario, conc int, warm, d time.Duration) result {
	if warm > 0 {
		run(ctx, c, b, s, conc, warm)
	}
	return run(ctx, c, b, s, conc, d)
}

func run(ctx context.Context, c *client, b board, s scenario, conc int, d time.Duration) result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      atomic.Int64
		bytes     atomic.Int64
		firstErr  atomic.Value
		wg        sync.WaitGroup
	)
	start := time.Now()
	for i := range conc {
		wg.Go(func() {
			w := &worker{rng: rand.New(rand.NewPCG(uint64(i), 7))}
			own := make([]time.Duration, 0, 1024)
			for ctx.Err() == nil {
				req, read, err := s.next(c, b, w)
				if err != nil {
					firstErr.CompareAndSwap(nil, err.Error())
					errs.Add(1)
					return
				}
				t0 := time.Now()
				n, err := do(ctx, c, req, read)
				if ctx.Err() != nil {
					break // cut by the end of the run: not counted
				}
				own = append(own, time.Since(t0))
				bytes.Add(n)
				if err != nil {
					firstErr.CompareAndSwap(nil, err.Error())
					errs.Add(1)
				}
			}
			mu.Lock()
			latencies = append(latencies, own...)
			mu.Unlock()
		})
	}
	wg.Wait()
	r := result{Board: b, Scenario: s.name, Concurrency: conc, Requests: len(latencies), Errors: int(errs.Load()),
		Elapsed: time.Since(start), Bytes: bytes.Load()}
	if e, ok := firstErr.Load().(string); ok {
		r.FirstError = e
	}
	r.P50, r.P99, r.Max = percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100)
	return r
}

// do sends req and reads the whole answer (handing it to read when not
// nil); a status outside 2xx is an error.
func do(ctx context.Context, c *client, req *http.Request, read func([]byte)) (int64, error) {
	resp, err := c.http.Do(req.WithContext(ctx))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	var n int64
	if read != nil {
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			return int64(len(raw)), err
		}
		if ok {
			read(raw)
		}
		n = int64(len(raw))
	} else if n, err = io.Copy(io.Discard, resp.Body); err != nil {
		return n, err
	}
	if !ok {
		return n, fmt.Errorf("%s %s = %d", req.Method, req.URL.Path, resp.StatusCode)
	}
	return n, nil
}

// percentile is the nearest-rank percentile p (0 < p ≤ 100) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(float64(len(s))*p/100+0.999999) - 1
	return s[min(max(rank, 0), len(s)-1)]
}
