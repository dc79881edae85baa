package progress_test

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/progress"
)

// fakeClock advances only when told to.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock                   { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }
func ptr[T any](v T) *T                      { return &v }
func lines(s string) []string                { return strings.Split(strings.TrimRight(s, "\n"), "\n") }
func plain(c *fakeClock, u progress.Unit) progress.Options {
	return progress.Options{Unit: u, Terminal: ptr(false), Every: 5 * time.Second, Now: c.now}
}

func TestPlainModeWritesPeriodicLines(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	b := progress.New(&out, "entities", 10000, plain(c, progress.Items))
	b.Add(1000) // within the interval: silent
	if out.Len() != 0 {
		t.Fatalf("output before the first interval = %q; want nothing", out.String())
	}
	c.advance(5 * time.Second)
	b.Add(1500)
	c.advance(time.Second)
	b.Add(500) // 1s after the last line: silent
	b.Finish()
	b.Finish() // idempotent
	got := lines(out.String())
	want := []string{"entities 2500/10000 (25%) 500/s", "entities 3000/10000 (30%) 500/s"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines = %q; want %q", got, want)
	}
	if strings.Contains(out.String(), "\r") {
		t.Fatalf("plain output has a carriage return: %q", out.String())
	}
}

func TestTerminalModeRedrawsInPlace(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	b := progress.New(&out, "links", 200, progress.Options{Terminal: ptr(true), Now: c.now})
	c.advance(200 * time.Millisecond)
	b.Add(100)
	b.Finish()
	s := out.String()
	if n := strings.Count(s, "\r"); n != 3 { // initial, one tick, final
		t.Fatalf("redraws = %d in %q; want 3", n, s)
	}
	if !strings.Contains(s, "["+strings.Repeat("#", 15)+strings.Repeat(".", 15)+"] 100/200 (50%)") {
		t.Fatalf("half-way bar missing in %q", s)
	}
	if !strings.HasSuffix(s, "\x1b[K\n") {
		t.Fatalf("final line does not end the line: %q", s)
	}
}

func TestUnknownTotalAndBytes(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	b := progress.New(&out, "files", 0, plain(c, progress.Bytes))
	c.advance(2 * time.Second)
	b.Add(3 << 20)
	b.Finish()
	if got, want := strings.TrimSpace(out.String()), "files 3.0 MiB 1.5 MiB/s"; got != want {
		t.Fatalf("line = %q; want %q", got, want)
	}
}

func TestFormatBytes(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1536, "1.5 KiB"}, {20 << 20, "20.0 MiB"}, {3 << 30, "3.0 GiB"}} {
		if got := progress.FormatBytes(tc.n); got != tc.want {
			t.Errorf("FormatBytes(%d) = %q; want %q", tc.n, got, tc.want)
		}
	}
}

func TestReporterStagesAndConcurrentAdvance(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	r := progress.NewReporter(&out, plain(c, progress.Items))
	r.Advance(1) // before any stage: ignored
	r.Stage("entities", 100, "")
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				r.Advance(1)
			}
		}()
	}
	wg.Wait()
	r.Stage("files", 2048, progress.UnitBytes)
	r.Advance(2048)
	r.Finish()
	got := lines(out.String())
	want := []string{"entities 100/100 (100%)", "files 2.0 KiB/2.0 KiB (100%)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines = %q; want %q", got, want)
	}
}

func TestIsTerminalIsFalseForFilesAndBuffers(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if progress.IsTerminal(f) || progress.IsTerminal(&bytes.Buffer{}) {
		t.Fatal("IsTerminal = true for a regular file or a buffer; want false")
	}
}
