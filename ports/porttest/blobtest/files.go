package blobtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

func testDelete(t *testing.T, s ports.BlobStore) {
	ctx := context.Background()
	info := mustPut(t, s, "entity_photos/gone.png", []byte("soon gone"))
	if err := s.Delete(ctx, info.Name); err != nil {
		t.Fatalf("Delete(%q) = %v; want nil", info.Name, err)
	}
	_, _, err := s.Open(ctx, info.Name)
	wantFault(t, fmt.Sprintf("Open(%q) after Delete", info.Name), err, fault.ErrNotFound)
	if err := s.Delete(ctx, info.Name); err != nil {
		t.Errorf("Delete(%q) a second time = %v; want nil", info.Name, err)
	}
	if err := s.Delete(ctx, "never/stored.txt"); err != nil {
		t.Errorf(`Delete("never/stored.txt") = %v; want nil`, err)
	}
	_, _, err = s.Open(ctx, "never/stored.txt")
	wantFault(t, `Open("never/stored.txt")`, err, fault.ErrNotFound)
	wantNothingKept(t, s, "Delete")
}

func testWalk(t *testing.T, s ports.BlobStore) {
	if got := walkAll(t, s, ""); len(got) != 0 {
		t.Errorf("Walk of an empty store = %v; want nothing", names(got))
	}
	start := time.Now()
	mustPut(t, s, "a/one.txt", []byte("one"))
	mustPut(t, s, "a/sub/two.txt", []byte("two!!"))
	mustPut(t, s, "ab.txt", []byte("ab"))
	mustPut(t, s, "b/three.txt", []byte("three!!"))

	for _, tc := range []struct {
		prefix string
		want   map[string]int64
	}{
		{"", map[string]int64{"a/one.txt": 3, "a/sub/two.txt": 5, "ab.txt": 2, "b/three.txt": 7}},
		{"a/", map[string]int64{"a/one.txt": 3, "a/sub/two.txt": 5}},
		{"a", map[string]int64{"a/one.txt": 3, "a/sub/two.txt": 5, "ab.txt": 2}},
		{"b/three.txt", map[string]int64{"b/three.txt": 7}},
		{"c/", map[string]int64{}},
	} {
		got := walkAll(t, s, tc.prefix)
		if len(got) != len(tc.want) {
			t.Errorf("Walk(%q) = %v; want %v", tc.prefix, names(got), tc.want)
		}
		for _, e := range got {
			size, ok := tc.want[e.Name]
			if !ok || e.Size != size {
				t.Errorf("Walk(%q) found %q of %d bytes; want %v", tc.prefix, e.Name, e.Size, tc.want)
			}
			// Stores may keep coarse or skewed clocks (S3 keeps seconds),
			// so only a wildly wrong time is a failure.
			if e.ModTime.IsZero() || e.ModTime.Before(start.Add(-time.Hour)) || e.ModTime.After(time.Now().Add(time.Hour)) {
				t.Errorf("Walk(%q) found %q modified at %v; want about %v", tc.prefix, e.Name, e.ModTime, start)
			}
		}
	}
}

func testWalkStops(t *testing.T, s ports.BlobStore) {
	for _, name := range []string{"x/1.txt", "x/2.txt", "x/3.txt"} {
		mustPut(t, s, name, []byte(name))
	}
	stop := errors.New("enough")
	calls := 0
	err := s.Walk(context.Background(), "", func(ports.BlobEntry) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Walk with fn failing = %v after %d calls; want fn's error after 1 call", err, calls)
	}
}

// unsafeNames could escape the media root, hide from Walk or collide with
// an upload in progress.
var unsafeNames = []string{
	"../../etc/passwd",
	"/etc/passwd",
	"a/../../b",
	`a\b`,
	".hidden",
	"a/.hidden/b.txt",
	"a/.upload-x",
	"..",
	"",
	"nul\x00.txt",
}

func testUnsafeNames(t *testing.T, s ports.BlobStore) {
	ctx := context.Background()
	for _, name := range unsafeNames {
		_, err := s.Put(ctx, name, strings.NewReader("x"), 0)
		wantFault(t, fmt.Sprintf("Put(%q)", name), err, fault.ErrInvalid)
		_, _, err = s.Open(ctx, name)
		wantFault(t, fmt.Sprintf("Open(%q)", name), err, fault.ErrInvalid)
		err = s.Delete(ctx, name)
		wantFault(t, fmt.Sprintf("Delete(%q)", name), err, fault.ErrInvalid)
	}
	wantNothingKept(t, s, "Puts of unsafe names")
}
