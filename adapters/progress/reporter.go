package progress

import (
	"io"
	"sync"
)

// UnitBytes is the unit name use cases pass to Stage for byte counts.
const UnitBytes = "bytes"

// Reporter shows a sequence of stages, one bar each. Its method set is the
// Progress interface the seed and bundle use cases accept, so they report
// progress without knowing about terminals.
type Reporter struct {
	mu   sync.Mutex
	w    io.Writer
	opts Options
	bar  *Bar
}

// NewReporter reports on w (usually os.Stderr, so that stdout stays clean
// for the command's result); opts apply to every stage's bar.
func NewReporter(w io.Writer, opts Options) *Reporter {
	return &Reporter{w: w, opts: opts}
}

// Stage finishes the current bar and starts one for the named stage;
// unit is "" for items or UnitBytes.
func (r *Reporter) Stage(name string, total int64, unit string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bar != nil {
		r.bar.Finish()
	}
	o := r.opts
	o.Unit = Items
	if unit == UnitBytes {
		o.Unit = Bytes
	}
	r.bar = New(r.w, name, total, o)
}

// Advance counts n more units in the current stage.
func (r *Reporter) Advance(n int64) {
	r.mu.Lock()
	bar := r.bar
	r.mu.Unlock()
	if bar != nil {
		bar.Add(n)
	}
}

// Finish ends the current stage.
func (r *Reporter) Finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bar != nil {
		r.bar.Finish()
		r.bar = nil
	}
}
