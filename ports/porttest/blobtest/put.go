package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

func testRoundTrip(t *testing.T, s ports.BlobStore) {
	for _, tc := range []struct{ name, body string }{
		{"entity_photos/portrait.png", "hello evidence"},
		{"attachments/2024/empty.txt", ""},
		{"top-level.bin", "\x00\x01\x02\xff binary"},
	} {
		info, err := s.Put(context.Background(), tc.name, strings.NewReader(tc.body), 0)
		want := ports.BlobInfo{Name: tc.name, Size: int64(len(tc.body)), SHA256: sum([]byte(tc.body))}
		if err != nil || info != want {
			t.Errorf("Put(%q) = %+v, %v; want %+v, nil", tc.name, info, err, want)
			continue
		}
		wantContent(t, s, tc.name, []byte(tc.body))
	}
}

func testSeek(t *testing.T, s ports.BlobStore) {
	body := pattern(0, 4096)
	info := mustPut(t, s, "attachments/seek.bin", body)
	f, size, err := s.Open(context.Background(), info.Name)
	if err != nil {
		t.Fatalf("Open(%q) = %v; want nil", info.Name, err)
	}
	defer f.Close()
	if size != int64(len(body)) {
		t.Errorf("Open(%q) size = %d; want %d", info.Name, size, len(body))
	}
	// Read the head first, so that the later seeks really move an open stream.
	head := make([]byte, 10)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, body[:10]) {
		t.Errorf("read head = %x, %v; want %x", head, err, body[:10])
	}
	for _, tc := range []struct {
		offset int64
		whence int
		want   int64 // resulting position
	}{
		{4000, io.SeekStart, 4000},
		{-100, io.SeekEnd, 3996},
		{1000, io.SeekStart, 1000},
		{-564, io.SeekCurrent, 500}, // from 1064, after the 64 bytes read at 1000
	} {
		pos, err := f.Seek(tc.offset, tc.whence)
		if err != nil || pos != tc.want {
			t.Errorf("Seek(%d, %d) = %d, %v; want %d, nil", tc.offset, tc.whence, pos, err, tc.want)
			continue
		}
		n := min(64, int64(len(body))-pos)
		got := make([]byte, n)
		if _, err := io.ReadFull(f, got); err != nil || !bytes.Equal(got, body[pos:pos+n]) {
			t.Errorf("read after Seek(%d, %d) = %x, %v; want %x", tc.offset, tc.whence, got, err, body[pos:pos+n])
		}
	}
	// The tail after a seek, read to the end.
	if _, err := f.Seek(-7, io.SeekEnd); err != nil {
		t.Fatalf("Seek(-7, io.SeekEnd) = %v", err)
	}
	if tail, err := io.ReadAll(f); err != nil || !bytes.Equal(tail, body[len(body)-7:]) {
		t.Errorf("tail after Seek(-7, io.SeekEnd) = %x, %v; want %x", tail, err, body[len(body)-7:])
	}
}

// suffixed matches Django's get_available_name for name: "<root>_<7
// alphanumerics><ext>" in the same folder.
func suffixed(name string) *regexp.Regexp {
	ext := path.Ext(name)
	root := strings.TrimSuffix(name, ext)
	return regexp.MustCompile("^" + regexp.QuoteMeta(root) + "_[A-Za-z0-9]{7}" + regexp.QuoteMeta(ext) + "$")
}

func testNameClash(t *testing.T, s ports.BlobStore) {
	for _, name := range []string{"docs/report.pdf", "notes/readme", "archive.tar.gz"} {
		first := mustPut(t, s, name, []byte("first "+name))
		second := mustPut(t, s, name, []byte("second "+name))
		if first.Name != name {
			t.Errorf("Put(%q) name = %q; want the name itself when free", name, first.Name)
		}
		if !suffixed(name).MatchString(second.Name) {
			t.Errorf("second Put(%q) name = %q; want %s", name, second.Name, suffixed(name))
		}
		wantContent(t, s, first.Name, []byte("first "+name))
		wantContent(t, s, second.Name, []byte("second "+name))
	}
}

func testConcurrentSameName(t *testing.T, s ports.BlobStore) {
	const writers = 8
	const name = "attachments/same.txt"
	infos := make([]ports.BlobInfo, writers)
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			body := fmt.Sprintf("writer %d", i)
			infos[i], errs[i] = s.Put(context.Background(), name, strings.NewReader(body), 0)
		})
	}
	wg.Wait()
	seen := map[string]int{}
	for i, info := range infos {
		if errs[i] != nil {
			t.Errorf("Put(%q) by writer %d = %v; want nil", name, i, errs[i])
			continue
		}
		if prev, dup := seen[info.Name]; dup {
			t.Errorf("writers %d and %d both got %q; want distinct names", prev, i, info.Name)
		}
		seen[info.Name] = i
		if info.Name != name && !suffixed(name).MatchString(info.Name) {
			t.Errorf("Put(%q) by writer %d name = %q; want %q or %s", name, i, info.Name, name, suffixed(name))
		}
		wantContent(t, s, info.Name, fmt.Appendf(nil, "writer %d", i))
	}
	if got := walkAll(t, s, ""); len(got) != writers {
		t.Errorf("Walk after %d concurrent Puts = %v; want %d files", writers, names(got), writers)
	}
}

func testLimit(t *testing.T, s ports.BlobStore) {
	ctx := context.Background()
	const limit = 10
	_, err := s.Put(ctx, "attachments/big.bin", strings.NewReader(strings.Repeat("x", limit+1)), limit)
	wantFault(t, `Put("attachments/big.bin") of limit+1 bytes`, err, fault.ErrTooLarge)
	wantNothingKept(t, s, "a Put beyond the limit")

	info, err := s.Put(ctx, "attachments/ok.bin", strings.NewReader(strings.Repeat("x", limit)), limit)
	if err != nil || info.Size != limit {
		t.Errorf(`Put("attachments/ok.bin") of exactly the limit = %+v, %v; want size %d, nil`, info, err, limit)
	}
}

// testLimitMidStream refuses a file that crosses the limit long after the
// upload started (past the multipart part size of object stores).
func testLimitMidStream(t *testing.T, s ports.BlobStore) {
	const limit = 6 << 20
	_, err := s.Put(context.Background(), "attachments/huge.bin", &patternReader{size: 12 << 20}, limit)
	wantFault(t, `Put("attachments/huge.bin") of 12 MiB with a 6 MiB limit`, err, fault.ErrTooLarge)
	wantNothingKept(t, s, "a Put beyond the limit")
}

func testLargeStream(t *testing.T, s ports.BlobStore) {
	const size = 30 << 20
	const name = "attachments/large.bin"
	want := sha256.New()
	if _, err := io.Copy(want, &patternReader{size: size}); err != nil {
		t.Fatal(err)
	}
	wantSum := hex.EncodeToString(want.Sum(nil))
	info, err := s.Put(context.Background(), name, &patternReader{size: size}, 64<<20)
	if err != nil || info.Size != size || info.SHA256 != wantSum {
		t.Fatalf("Put(%q) of 30 MiB = %+v, %v; want size %d, sha256 %s", name, info, err, size, wantSum)
	}
	f, gotSize, err := s.Open(context.Background(), info.Name)
	if err != nil {
		t.Fatalf("Open(%q) = %v; want nil", info.Name, err)
	}
	defer f.Close()
	got := sha256.New()
	if _, err := io.Copy(got, f); err != nil || gotSize != size || hex.EncodeToString(got.Sum(nil)) != wantSum {
		t.Errorf("Open(%q) = size %d, sha256 %x, %v; want size %d, sha256 %s", info.Name, gotSize, got.Sum(nil), err, size, wantSum)
	}
}

func testCancelledPut(t *testing.T, s ports.BlobStore) {
	// Cancelled before the call.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Put(ctx, "attachments/early.bin", strings.NewReader("never stored"), 0)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Put with a cancelled context = %v; want context.Canceled", err)
	}

	// Cancelled while streaming: the request goes away after 1 MiB of a 64 MiB
	// body. The reader stops by itself, so a store that ignores the context
	// fails the test instead of hanging it.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	r := &patternReader{size: 64 << 20, onRead: func(off int64) {
		if off >= 1<<20 {
			cancel()
		}
	}}
	_, err = s.Put(ctx, "attachments/late.bin", r, 0)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Put cancelled mid-stream = %v; want context.Canceled", err)
	}
	if r.off >= r.size {
		t.Errorf("Put cancelled mid-stream read all %d bytes; want it to stop early", r.off)
	}
	wantNothingKept(t, s, "a cancelled Put")
}
