// Command loadstream measures the event stream of a running server: it
// registers users, creates an investigation they join, opens N streams on
// it (1000 by default), makes changes at a steady rate, and reports how many
// events every stream received (each change must arrive exactly once), the
// delivery latency (from the start of the writing request to the event's
// arrival on a stream) and the server's memory.
//
//	go build ./cmd/enquete && ENQUETE_DATABASE_URL=postgres://... ./enquete serve &
//	go run ./cmd/loadstream --url http://127.0.0.1:8080 --streams 1000 --pid $(pgrep -n enquete)
//
// Memory comes from /proc/<pid>/status (VmRSS) with --pid, and from the
// server's /metrics when it serves one; otherwise only client-side figures
// are reported.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"time"
)

type config struct {
	url, metricsToken   string
	streams, users      int
	changes             int
	rate                float64
	pid                 int
	dialers             int
	deliveryGrace, open time.Duration
}

func main() {
	var c config
	flag.StringVar(&c.url, "url", "http://127.0.0.1:8080", "base URL of the server")
	flag.IntVar(&c.streams, "streams", 1000, "number of event streams to open")
	flag.IntVar(&c.users, "users", 20, "members sharing the streams (registering costs a password hash each)")
	flag.IntVar(&c.changes, "changes", 200, "entities to create while the streams are open")
	flag.Float64Var(&c.rate, "rate", 20, "changes per second")
	flag.IntVar(&c.pid, "pid", 0, "server process id, to read its resident memory from /proc")
	flag.StringVar(&c.metricsToken, "metrics-token", "", "bearer token of the server's /metrics, if it asks for one")
	flag.IntVar(&c.dialers, "dialers", 50, "streams opened concurrently")
	flag.DurationVar(&c.open, "open-timeout", 2*time.Minute, "how long opening all streams may take")
	flag.DurationVar(&c.deliveryGrace, "grace", 30*time.Second, "how long to wait for the last events after the last change")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "loadstream:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config) error {
	cl := newClient(c.url)
	runID := fmt.Sprintf("%x", time.Now().UnixNano()&0xffffff)
	fmt.Printf("server %s, run %s: %d streams shared by %d members, %d changes at %.0f/s\n",
		c.url, runID, c.streams, c.users, c.changes, c.rate)

	owner, err := cl.register(ctx, "load-"+runID+"-owner")
	if err != nil {
		return err
	}
	inv, code, err := cl.createInvestigation(ctx, owner, "load "+runID)
	if err != nil {
		return err
	}
	members := make([]string, c.users)
	if err := parallel(ctx, c.users, 8, func(i int) error {
		tok, err := cl.register(ctx, fmt.Sprintf("load-%s-u%d", runID, i))
		if err == nil {
			err = cl.join(ctx, tok, code)
		}
		members[i] = tok
		return err
	}); err != nil {
		return err
	}
	fmt.Printf("registered %d members\n", c.users)
	before := measureMemory(ctx, cl, c)

	rec := newRecorder(c.changes)
	streams := make([]*stream, c.streams)
	openCtx, cancelOpen := context.WithTimeout(ctx, c.open)
	t0 := time.Now()
	err = parallel(openCtx, c.streams, c.dialers, func(i int) error {
		s, err := openStream(ctx, cl, inv, members[i%len(members)], rec)
		streams[i] = s
		return err
	})
	cancelOpen()
	defer func() {
		for _, s := range streams {
			if s != nil {
				s.close()
			}
		}
	}()
	if err != nil {
		return fmt.Errorf("opening streams: %w", err)
	}
	fmt.Printf("opened %d streams in %s\n", c.streams, time.Since(t0).Round(time.Millisecond))
	time.Sleep(2 * time.Second) // let presence events settle before measuring
	open := measureMemory(ctx, cl, c)

	interval := time.Duration(float64(time.Second) / c.rate)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	var writes sync.WaitGroup
	writeErrs := make(chan error, c.changes)
	t1 := time.Now()
	for i := range c.changes {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		writes.Go(func() {
			rec.sent(i)
			if err := cl.createEntity(ctx, owner, inv, title(i)); err != nil {
				writeErrs <- err
			}
		})
	}
	writes.Wait()
	close(writeErrs)
	for err := range writeErrs {
		return fmt.Errorf("a change failed: %w", err)
	}
	fmt.Printf("made %d changes in %s\n", c.changes, time.Since(t1).Round(time.Millisecond))
	rec.wait(ctx, c.streams, c.deliveryGrace)
	after := measureMemory(ctx, cl, c)
	rec.report(c.streams)
	reportMemory(c.streams, before, open, after)
	return nil
}

// parallel runs fn(0..n-1) with at most width at once; the first error wins.
func parallel(ctx context.Context, n, width int, fn func(i int) error) error {
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	sem := make(chan struct{}, width)
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return ctx.Err()
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := fn(i); err != nil {
				once.Do(func() { first = err })
			}
		})
	}
	wg.Wait()
	return first
}
