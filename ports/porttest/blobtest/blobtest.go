// Package blobtest is the contract test suite of ports.BlobStore. Every blob
// adapter (local disk, S3-compatible object storage) runs the same suite, so
// that the application can switch storage without noticing.
package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// Factory returns a fresh, empty store for one test.
type Factory func(t *testing.T) ports.BlobStore

// Run runs the whole BlobStore contract against the stores newStore makes.
// Each subtest gets its own store, so a failure in one cannot leak files into
// another.
func Run(t *testing.T, newStore Factory) {
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, newStore(t)) })
	t.Run("Seek", func(t *testing.T) { testSeek(t, newStore(t)) })
	t.Run("NameClash", func(t *testing.T) { testNameClash(t, newStore(t)) })
	t.Run("ConcurrentSameName", func(t *testing.T) { testConcurrentSameName(t, newStore(t)) })
	t.Run("Limit", func(t *testing.T) { testLimit(t, newStore(t)) })
	t.Run("LimitMidStream", func(t *testing.T) { testLimitMidStream(t, newStore(t)) })
	t.Run("LargeStream", func(t *testing.T) { testLargeStream(t, newStore(t)) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, newStore(t)) })
	t.Run("Walk", func(t *testing.T) { testWalk(t, newStore(t)) })
	t.Run("WalkStopsOnError", func(t *testing.T) { testWalkStops(t, newStore(t)) })
	t.Run("UnsafeNames", func(t *testing.T) { testUnsafeNames(t, newStore(t)) })
	t.Run("CancelledPut", func(t *testing.T) { testCancelledPut(t, newStore(t)) })
}

// sum is the lower-case hex SHA-256 the port promises in BlobInfo.
func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// mustPut stores body under name without a limit and fails the test on error.
func mustPut(t *testing.T, s ports.BlobStore, name string, body []byte) ports.BlobInfo {
	t.Helper()
	info, err := s.Put(context.Background(), name, bytes.NewReader(body), 0)
	if err != nil {
		t.Fatalf("Put(%q) = %v; want nil", name, err)
	}
	return info
}

// wantContent opens name and checks its size and bytes.
func wantContent(t *testing.T, s ports.BlobStore, name string, want []byte) {
	t.Helper()
	f, size, err := s.Open(context.Background(), name)
	if err != nil {
		t.Errorf("Open(%q) = %v; want nil", name, err)
		return
	}
	defer f.Close()
	got, err := io.ReadAll(f)
	if err != nil {
		t.Errorf("Open(%q): read = %v", name, err)
	}
	if size != int64(len(want)) || !bytes.Equal(got, want) {
		t.Errorf("Open(%q) = %q (size %d); want %q (size %d)", name, clip(got), size, clip(want), len(want))
	}
}

// clip keeps failure messages readable when a body is large.
func clip(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "..."
	}
	return string(b)
}

// walkAll lists every entry under prefix, sorted by name.
func walkAll(t *testing.T, s ports.BlobStore, prefix string) []ports.BlobEntry {
	t.Helper()
	var got []ports.BlobEntry
	err := s.Walk(context.Background(), prefix, func(e ports.BlobEntry) error {
		got = append(got, e)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk(%q) = %v; want nil", prefix, err)
	}
	slices.SortFunc(got, func(a, b ports.BlobEntry) int { return strings.Compare(a.Name, b.Name) })
	return got
}

// wantNothingKept checks that a refused upload left no file behind.
func wantNothingKept(t *testing.T, s ports.BlobStore, call string) {
	t.Helper()
	if got := walkAll(t, s, ""); len(got) != 0 {
		t.Errorf("Walk after %s found %v; want nothing kept", call, names(got))
	}
}

func names(es []ports.BlobEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}

// wantFault checks that err matches the sentinel want with errors.Is.
func wantFault(t *testing.T, call string, err error, want *fault.Error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s = %v; want an error matching %s", call, err, faultName(want))
	}
}

func faultName(f *fault.Error) string {
	switch f {
	case fault.ErrInvalid:
		return "fault.ErrInvalid"
	case fault.ErrNotFound:
		return "fault.ErrNotFound"
	case fault.ErrTooLarge:
		return "fault.ErrTooLarge"
	}
	return "a fault"
}
