// Package progress shows how far a long admin command (seed, export,
// import) has got: a bar redrawn in place on a terminal, and plain periodic
// lines anywhere else (a pipe, a log file, CI), so that a log is not flooded
// with carriage returns yet still shows the command is alive.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// Unit is what a bar counts.
type Unit int

// The units a bar can count.
const (
	Items Unit = iota // rows, entities, links
	Bytes             // file contents, shown as KiB/MiB/GiB
)

// Options tune a bar; the zero value suits a person at a terminal.
type Options struct {
	// Unit of the counts.
	Unit Unit
	// Terminal forces the mode; nil detects it from w (see IsTerminal).
	Terminal *bool
	// Every is the least time between two updates: 100ms on a terminal
	// (smooth, cheap), 5s otherwise (a line every few seconds is enough
	// to show life in a log).
	Every time.Duration
	// Now is the clock; tests substitute their own.
	Now func() time.Time
}

// Bar counts progress towards a total (0: unknown). It is safe for
// concurrent use, and cheap enough to call Add once per row.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	total    int64
	done     int64
	opts     Options
	tty      bool
	start    time.Time
	last     time.Time
	finished bool
}

// barWidth is the number of cells of the drawn bar: wide enough to move
// visibly, narrow enough to fit an 80-column terminal with the figures.
const barWidth = 30

// New starts a bar labelled label on w.
func New(w io.Writer, label string, total int64, o Options) *Bar {
	if o.Now == nil {
		o.Now = time.Now
	}
	tty := IsTerminal(w)
	if o.Terminal != nil {
		tty = *o.Terminal
	}
	if o.Every <= 0 {
		o.Every = 5 * time.Second
		if tty {
			o.Every = 100 * time.Millisecond
		}
	}
	now := o.Now()
	b := &Bar{w: w, label: label, total: total, opts: o, tty: tty, start: now, last: now}
	if tty {
		b.draw(now)
	}
	return b
}

// IsTerminal reports whether w is a terminal (an *os.File on a TTY).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// Add counts n more units done.
func (b *Bar) Add(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done += n
	b.tick()
}

// Set sets the count done.
func (b *Bar) Set(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = n
	b.tick()
}

func (b *Bar) tick() {
	if b.finished {
		return
	}
	now := b.opts.Now()
	if now.Sub(b.last) < b.opts.Every {
		return
	}
	b.last = now
	b.draw(now)
}

// Finish writes the final state and ends the line. Later calls do nothing.
func (b *Bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	b.draw(b.opts.Now())
	if b.tty {
		fmt.Fprintln(b.w)
	}
}

// draw writes the current state: in place on a terminal ("\r" then "erase
// to end of line"), one line otherwise. Write errors are ignored: progress
// is a courtesy and must never fail the command.
func (b *Bar) draw(now time.Time) {
	line := b.label + " " + b.figures(now)
	if b.tty {
		fmt.Fprintf(b.w, "\r%s %s %s\x1b[K", b.label, b.cells(), b.figures(now))
		return
	}
	fmt.Fprintln(b.w, line)
}

func (b *Bar) cells() string {
	if b.total <= 0 {
		return "[" + strings.Repeat("?", barWidth) + "]"
	}
	filled := int(min(b.done, b.total) * barWidth / b.total)
	return "[" + strings.Repeat("#", filled) + strings.Repeat(".", barWidth-filled) + "]"
}

// figures is "done/total (pct) rate", e.g. "4500/10000 (45%) 1500/s".
func (b *Bar) figures(now time.Time) string {
	var s string
	if b.total > 0 {
		s = fmt.Sprintf("%s/%s (%d%%)", b.amount(b.done), b.amount(b.total), b.done*100/b.total)
	} else {
		s = b.amount(b.done)
	}
	if el := now.Sub(b.start); el >= time.Second/10 {
		s += " " + b.amount(int64(float64(b.done)/el.Seconds())) + "/s"
	}
	return s
}

func (b *Bar) amount(n int64) string {
	if b.opts.Unit != Bytes {
		return fmt.Sprint(n)
	}
	return FormatBytes(n)
}

// FormatBytes writes a size with binary prefixes: 512 B, 1.5 KiB, 20.0 MiB.
func FormatBytes(n int64) string {
	const k = 1024
	if n < k {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n)/k, 0
	for v >= k && i < 3 {
		v /= k
		i++
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGT"[i])
}
