package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// client talks to the REST API with one bearer token.
type client struct {
	base  string
	token string
	http  *http.Client
}

func newClient(base string, conns int) *client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = conns*2, conns*2 // keep-alive for every worker
	return &client{base: strings.TrimRight(base, "/"), http: &http.Client{Transport: tr, Timeout: 2 * time.Minute}}
}

// call sends a JSON request and decodes a JSON answer into out (when not
// nil); a status other than want is an error carrying the body.
func (c *client) call(ctx context.Context, method, path string, in, out any, want int) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s = %d %s", method, path, resp.StatusCode, bytes.TrimSpace(raw))
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// login obtains a token: with the given account, or by registering a new
// one (the server's password hashing makes this take a moment).
func (c *client) login(ctx context.Context, username, password string) error {
	var out struct {
		Token string `json:"token"`
	}
	if username != "" {
		err := c.call(ctx, "POST", "/api/auth/login", map[string]string{"username": username, "password": password}, &out, http.StatusOK)
		c.token = out.Token
		return err
	}
	name := fmt.Sprintf("load-%x", rand.Uint32())
	err := c.call(ctx, "POST", "/api/auth/register", map[string]string{"username": name, "email": name + "@example.com",
		"password": "correct horse battery staple"}, &out, http.StatusCreated)
	c.token = out.Token
	return err
}

// board is an investigation under load and its size.
type board struct {
	ID       string
	Entities int
	Links    int
}

// seedBoard creates an investigation with n entities and m links through
// the API, with conc requests in flight: the same requests clients make,
// so slower than `enquete seed` but needing no access to the database.
func (c *client) seedBoard(ctx context.Context, n, m, conc int) (board, error) {
	var inv struct {
		ID string `json:"id"`
	}
	title := fmt.Sprintf("Charge %d/%d", n, m)
	if err := c.call(ctx, "POST", "/api/investigations", map[string]string{"title": title}, &inv, http.StatusCreated); err != nil {
		return board{}, err
	}
	ids := make([]string, n)
	err := parallel(ctx, n, conc, func(i int) error {
		var out struct {
			ID string `json:"id"`
		}
		kinds := []string{"person", "location", "evidence", "event"}
		body := map[string]any{"type": kinds[i%4], "title": fmt.Sprintf("Élément %d", i),
			"description": "Créé par loadhttp pour mesurer les listes.", "tags": []string{fmt.Sprintf("Piste %d", i%8)}}
		err := c.call(ctx, "POST", "/api/investigations/"+inv.ID+"/entities", body, &out, http.StatusCreated)
		ids[i] = out.ID
		return err
	})
	if err != nil {
		return board{}, err
	}
	pairs := distinctPairs(n, m)
	err = parallel(ctx, len(pairs), conc, func(i int) error {
		body := map[string]string{"from_entity_id": ids[pairs[i][0]], "to_entity_id": ids[pairs[i][1]], "title": "lien"}
		return c.call(ctx, "POST", "/api/investigations/"+inv.ID+"/links", body, nil, http.StatusCreated)
	})
	return board{ID: inv.ID, Entities: n, Links: m}, err
}

// distinctPairs draws m unordered pairs of distinct indexes below n (a link
// and its reverse are the same link).
func distinctPairs(n, m int) [][2]int {
	seen := make(map[[2]int]bool, m)
	out := make([][2]int, 0, m)
	for len(out) < m && int64(len(seen)) < int64(n)*int64(n-1)/2 {
		a, b := rand.IntN(n), rand.IntN(n)
		if a == b || seen[[2]int{min(a, b), max(a, b)}] {
			continue
		}
		seen[[2]int{min(a, b), max(a, b)}] = true
		out = append(out, [2]int{a, b})
	}
	return out
}

// parallel runs fn(0..n-1) on conc goroutines and returns the first error;
// it prints its progress every few seconds, seeding being the slow part.
func parallel(ctx context.Context, n, conc int, fn func(i int) error) error {
	var next, done atomic.Int64
	var once sync.Once
	var first error
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Second):
				fmt.Printf("  ... %d/%d\n", done.Load(), n)
			}
		}
	}()
	defer close(stop)
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	if first == nil {
		first = parent.Err()
	}
	return first
}
