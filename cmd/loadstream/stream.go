package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// stream is one open event stream, read in the background into the recorder.
type stream struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// openStream connects and returns once the server has sent its first
// bytes (it has subscribed by then), so that no change made afterwards can
// be missed.
func openStream(ctx context.Context, c *client, inv, token string, rec *recorder) (*stream, error) {
	sctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(sctx, http.MethodGet, c.base+"/api/investigations/"+inv+"/events", nil)
	if err != nil {
		cancel()
		return nil, err
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.http.Do(req)
	if err != nil {
		cancel()
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("GET events = %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if !sc.Scan() {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("stream closed before its first line: %v", sc.Err())
	}
	s := &stream{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		defer resp.Body.Close()
		s.read(sc, rec)
	}()
	return s, nil
}

// frame is the part of an event's data the measurement needs.
type frame struct {
	Seq    int64  `json:"seq"`
	Type   string `json:"type"`
	Object struct {
		Title string `json:"title"`
	} `json:"object"`
}

// read records the arrival of every entity.created of this run, and checks
// that seqs only go up (a duplicate or a reordering would show).
func (s *stream) read(sc *bufio.Scanner, rec *recorder) {
	var last int64
	for sc.Scan() {
		line := sc.Text()
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			continue
		}
		at := time.Now()
		var f frame
		if err := json.Unmarshal([]byte(data), &f); err != nil {
			rec.anomaly("undecodable frame")
			continue
		}
		if f.Seq <= last {
			rec.anomaly("seq " + strconv.FormatInt(f.Seq, 10) + " after " + strconv.FormatInt(last, 10))
		}
		last = f.Seq
		if f.Type != "entity.created" {
			continue
		}
		if i, ok := strings.CutPrefix(f.Object.Title, "load-"); ok {
			if n, err := strconv.Atoi(i); err == nil {
				rec.received(n, at)
			}
		}
	}
}

func (s *stream) close() {
	s.cancel()
	<-s.done
}
