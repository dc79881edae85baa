package porttest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/fault"
)

// wantErr reports whether err is what the contract promises: nil when want
// is nil, otherwise an error matching want with errors.Is. It records a test
// error when it is not, naming the call.
func wantErr(t *testing.T, call string, err, want error) bool {
	t.Helper()
	if want == nil && err == nil || want != nil && errors.Is(err, want) {
		return true
	}
	t.Errorf("%s = %v; want %s", call, err, errName(want))
	return false
}

// errName names the sentinels, whose own message is empty.
func errName(err error) string {
	switch err {
	case nil:
		return "<nil>"
	case fault.ErrNotFound:
		return "fault.ErrNotFound"
	case fault.ErrConflict:
		return "fault.ErrConflict"
	}
	return err.Error()
}

// wantSame records a test error for every field where got differs from want.
func wantSame(t *testing.T, call string, got, want any) {
	t.Helper()
	if d := diff(want, got); d != "" {
		t.Errorf("%s: %s", call, d)
	}
}

// wantOrder compares two lists of names (titles, usernames), order included.
func wantOrder(t *testing.T, call string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q; want %q", call, got, want)
	}
}

// wantSet compares two lists of names, ignoring order and repetition.
func wantSet(t *testing.T, call string, got, want []string) {
	t.Helper()
	g, w := slices.Compact(slices.Sorted(slices.Values(got))), slices.Compact(slices.Sorted(slices.Values(want)))
	if !slices.Equal(g, w) {
		t.Errorf("%s = %q; want %q (any order)", call, g, w)
	}
}

var timeType = reflect.TypeFor[time.Time]()

// diff lists the fields where got differs from want. Times are compared with
// time.Equal, since a database may hand an instant back in another location;
// pointers by what they point to (nil only equals nil); slices element by
// element, a nil slice being equal to an empty one.
func diff(want, got any) string {
	var out []string
	diffValue(&out, "", reflect.ValueOf(want), reflect.ValueOf(got))
	return strings.Join(out, "; ")
}

func diffValue(out *[]string, path string, w, g reflect.Value) {
	mismatch := func() { *out = append(*out, fmt.Sprintf("%s = %s; want %s", orValue(path), show(g), show(w))) }
	switch {
	case w.Type() == timeType:
		if !w.Interface().(time.Time).Equal(g.Interface().(time.Time)) {
			mismatch()
		}
	case w.Kind() == reflect.Pointer:
		if w.IsNil() || g.IsNil() {
			if w.IsNil() != g.IsNil() {
				mismatch()
			}
			return
		}
		diffValue(out, path, w.Elem(), g.Elem())
	case w.Kind() == reflect.Struct && hasExportedField(w.Type()):
		for i := range w.NumField() {
			if f := w.Type().Field(i); f.IsExported() {
				diffValue(out, strings.TrimPrefix(path+"."+f.Name, "."), w.Field(i), g.Field(i))
			}
		}
	case w.Kind() == reflect.Slice:
		if w.Len() != g.Len() {
			mismatch()
			return
		}
		for i := range w.Len() {
			diffValue(out, fmt.Sprintf("%s[%d]", path, i), w.Index(i), g.Index(i))
		}
	default:
		if !reflect.DeepEqual(w.Interface(), g.Interface()) {
			mismatch()
		}
	}
}

func orValue(path string) string {
	if path == "" {
		return "value"
	}
	return path
}

func show(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "nil"
		}
		v = v.Elem()
	}
	if v.Type() == timeType {
		return v.Interface().(time.Time).Format(time.RFC3339Nano)
	}
	if v.Kind() == reflect.String {
		return fmt.Sprintf("%q", v.Interface())
	}
	return fmt.Sprintf("%+v", v.Interface())
}

// hasExportedField tells the structs diff walks into (snapshots, views) from
// opaque value types such as casework.Role, compared as a whole.
func hasExportedField(t reflect.Type) bool {
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

// concurrently runs fn(0..n-1) in n goroutines released together, so that
// they really contend, and returns their errors by index.
func concurrently(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// writers is how many goroutines the concurrency cases start: enough to
// expose "database is locked" and lost updates, few enough for a small pool.
const writers = 8
