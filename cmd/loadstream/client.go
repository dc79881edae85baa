package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// client calls the REST API. Its transport keeps no limit on connections
// per host: every stream holds one for its whole life.
type client struct {
	base string
	http *http.Client
}

func newClient(base string) *client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	return &client{base: base, http: &http.Client{Transport: tr}}
}

// call sends a JSON request and decodes a JSON answer into out. A 429 is
// waited out (Retry-After) and retried: registering many users trips the
// server's rate limits.
func (c *client) call(ctx context.Context, method, path, token string, in, out any, want int) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			return err
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusTooManyRequests && attempt < 20 {
			wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			if wait > 10 {
				return fmt.Errorf("%s %s: rate limited for %ds; run the server without rate limits for a load test (ENQUETE_RATELIMIT_BACKEND=off)", method, path, wait)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(max(wait, 1)) * time.Second):
			}
			continue
		}
		if resp.StatusCode != want {
			return fmt.Errorf("%s %s = %d %s", method, path, resp.StatusCode, raw)
		}
		if out == nil {
			return nil
		}
		return json.Unmarshal(raw, out)
	}
}

func (c *client) register(ctx context.Context, name string) (string, error) {
	var out struct {
		Token string `json:"token"`
	}
	err := c.call(ctx, http.MethodPost, "/api/auth/register", "", map[string]string{
		"username": name, "email": name + "@load.example", "password": "correct-horse-battery-staple-9",
	}, &out, http.StatusCreated)
	return out.Token, err
}

func (c *client) createInvestigation(ctx context.Context, token, title string) (id, code string, err error) {
	var out struct {
		ID   string `json:"id"`
		Code string `json:"code"`
	}
	err = c.call(ctx, http.MethodPost, "/api/investigations", token, map[string]string{"title": title}, &out, http.StatusCreated)
	return out.ID, out.Code, err
}

func (c *client) join(ctx context.Context, token, code string) error {
	return c.call(ctx, http.MethodPost, "/api/investigations/join", token, map[string]string{"code": code}, nil, http.StatusOK)
}

func (c *client) createEntity(ctx context.Context, token, inv, title string) error {
	return c.call(ctx, http.MethodPost, "/api/investigations/"+inv+"/entities", token,
		map[string]string{"type": "evidence", "title": title}, nil, http.StatusCreated)
}

// get fetches a path as text (for /metrics); ok is false unless 200.
func (c *client) get(ctx context.Context, path, token string) (string, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return "", false
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return string(raw), err == nil && resp.StatusCode == http.StatusOK
}

// title names change i, so that a stream can tell which change an event is.
func title(i int) string { return "load-" + strconv.Itoa(i) }
