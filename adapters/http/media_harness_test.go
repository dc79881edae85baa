package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/enquete/enquete/adapters/blob/disk"
	s3store "github.com/enquete/enquete/adapters/blob/s3"
	"github.com/enquete/enquete/ports"
)

// media is the blob store of a test server, with the back door a test needs
// to alter a stored file behind the application's back, and a hook on Put
// to watch how the use cases feed it.
type media struct {
	ports.BlobStore
	kind string
	// tamper overwrites a stored file in place.
	tamper func(t testing.TB, name string, data []byte)
	// putHook, when set, wraps the body of every Put.
	putHook func(io.Reader) io.Reader
}

func (m *media) Put(ctx context.Context, name string, r io.Reader, limit int64) (ports.BlobInfo, error) {
	if m.putHook != nil {
		r = m.putHook(r)
	}
	return m.BlobStore.Put(ctx, name, r, limit)
}

// files lists the stored files (name → size), through the port's Walk.
func (m *media) files(t testing.TB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := m.Walk(context.Background(), "", func(e ports.BlobEntry) error {
		out[e.Name] = e.Size
		return nil
	})
	if err != nil {
		t.Fatalf("%s Walk = %v", m.kind, err)
	}
	return out
}

// listing is files as sorted text, for snapshots.
func (m *media) listing(t testing.TB) string {
	t.Helper()
	var lines []string
	for name, size := range m.files(t) {
		lines = append(lines, fmt.Sprintf("%s %d", name, size))
	}
	slices.Sort(lines)
	return strings.Join(lines, ";")
}

// read returns a stored file's bytes, through the port.
func (m *media) read(t testing.TB, name string) []byte {
	t.Helper()
	f, _, err := m.Open(context.Background(), name)
	if err != nil {
		t.Fatalf("%s Open(%q) = %v", m.kind, name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("%s read %q: %v", m.kind, name, err)
	}
	return b
}

// diskMedia is a media folder in a temporary directory.
func diskMedia(t testing.TB) *media {
	t.Helper()
	root := t.TempDir()
	s, err := disk.New(root)
	if err != nil {
		t.Fatalf("disk.New = %v", err)
	}
	return &media{BlobStore: s, kind: "disk", tamper: func(t testing.TB, name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), data, 0o644); err != nil {
			t.Fatalf("tamper %s: %v", name, err)
		}
	}}
}

const testBucket = "media"

// s3Media is a bucket on an in-process S3-compatible server (gofakes3, in
// memory), reached over TLS as the S3 adapter's own tests do (gofakes3
// mishandles the streaming signature minio-go uses over plain HTTP).
func s3Media(t testing.TB) *media {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(testBucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
	t.Cleanup(srv.Close)
	s, err := s3store.New(context.Background(), s3store.Options{
		Endpoint: srv.URL, Region: "us-east-1", Bucket: testBucket,
		AccessKey: "enquete", SecretKey: "enquete-secret", PathStyle: true,
		PartSize: 5 << 20, Transport: srv.Client().Transport,
	})
	if err != nil {
		t.Fatalf("s3store.New = %v", err)
	}
	return &media{BlobStore: s, kind: "s3", tamper: func(t testing.TB, name string, data []byte) {
		t.Helper()
		if _, err := backend.PutObject(testBucket, name, map[string]string{}, bytes.NewReader(data), int64(len(data)), nil); err != nil {
			t.Fatalf("tamper %s: %v", name, err)
		}
	}}
}

// mediaKinds are the blob stores every file scenario runs on.
var mediaKinds = []struct {
	name string
	open func(testing.TB) *media
}{
	{"disk", diskMedia},
	{"s3", s3Media},
}
