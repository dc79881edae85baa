package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// recorder collects send times, arrivals and anomalies from every stream.
type recorder struct {
	mu        sync.Mutex
	sentAt    []time.Time
	latencies []time.Duration
	perChange []int
	anomalies map[string]int
}

func newRecorder(changes int) *recorder {
	return &recorder{sentAt: make([]time.Time, changes), perChange: make([]int, changes), anomalies: map[string]int{}}
}

func (r *recorder) sent(i int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sentAt[i] = time.Now()
}

func (r *recorder) received(i int, at time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i < 0 || i >= len(r.sentAt) || r.sentAt[i].IsZero() {
		r.anomalies["event for an unknown change"]++
		return
	}
	r.perChange[i]++
	r.latencies = append(r.latencies, at.Sub(r.sentAt[i]))
}

func (r *recorder) anomaly(what string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.anomalies[what]++
}

// wait returns when every stream has every change, or grace after it is
// called.
func (r *recorder) wait(ctx context.Context, streams int, grace time.Duration) {
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		r.mu.Lock()
		n := len(r.latencies)
		r.mu.Unlock()
		if n >= streams*len(r.sentAt) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (r *recorder) report(streams int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	want := streams * len(r.sentAt)
	missing, extra := 0, 0
	for _, n := range r.perChange {
		missing += max(streams-n, 0)
		extra += max(n-streams, 0)
	}
	fmt.Printf("events: %d delivered of %d expected (%d missing, %d extra)\n", len(r.latencies), want, missing, extra)
	for what, n := range r.anomalies {
		fmt.Printf("anomaly: %s ×%d\n", what, n)
	}
	if len(r.latencies) == 0 {
		return
	}
	l := slices.Clone(r.latencies)
	slices.Sort(l)
	q := func(p float64) time.Duration {
		return l[min(len(l)-1, int(p*float64(len(l))))].Round(10 * time.Microsecond)
	}
	fmt.Printf("delivery latency (write request start → event on a stream): p50 %s  p90 %s  p99 %s  max %s\n",
		q(0.50), q(0.90), q(0.99), l[len(l)-1].Round(10*time.Microsecond))
}

// memory is what can be learnt of the server's memory.
type memory struct {
	rssKB      int64   // /proc/<pid>/status VmRSS, 0 when unknown
	metrics    bool    // /metrics answered
	rssBytes   float64 // process_resident_memory_bytes
	heapBytes  float64 // go_memstats_heap_inuse_bytes
	goroutines float64 // go_goroutines
}

func measureMemory(ctx context.Context, cl *client, c config) memory {
	var m memory
	if c.pid > 0 {
		if raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.pid)); err == nil {
			for line := range strings.Lines(string(raw)) {
				if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
					m.rssKB, _ = strconv.ParseInt(strings.Fields(v)[0], 10, 64)
				}
			}
		}
	}
	text, ok := cl.get(ctx, "/metrics", c.metricsToken)
	if !ok {
		return m
	}
	m.metrics = true
	for line := range strings.Lines(text) {
		name, value, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			continue
		}
		switch name {
		case "process_resident_memory_bytes":
			m.rssBytes = v
		case "go_memstats_heap_inuse_bytes":
			m.heapBytes = v
		case "go_goroutines":
			m.goroutines = v
		}
	}
	return m
}

func reportMemory(streams int, before, open, after memory) {
	const mib = 1 << 20
	switch {
	case open.rssKB > 0:
		fmt.Printf("server RSS (/proc): %.1f MiB before the streams, %.1f MiB with %d open (%.1f KiB per stream), %.1f MiB after the changes\n",
			float64(before.rssKB)/1024, float64(open.rssKB)/1024, streams, float64(open.rssKB-before.rssKB)/float64(streams),
			float64(after.rssKB)/1024)
	case !open.metrics:
		fmt.Println("server memory: unknown (no --pid and no /metrics); the figures above are client-side only")
	}
	if open.metrics {
		fmt.Printf("server /metrics: heap in use %.1f → %.1f MiB (%.1f KiB per stream), RSS %.1f MiB, goroutines %.0f → %.0f\n",
			before.heapBytes/mib, open.heapBytes/mib, (open.heapBytes-before.heapBytes)/1024/float64(streams),
			open.rssBytes/mib, before.goroutines, open.goroutines)
	}
}
