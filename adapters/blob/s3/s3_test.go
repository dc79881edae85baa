package s3store_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	s3store "github.com/enquete/enquete/adapters/blob/s3"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest/blobtest"
)

const bucket = "media"

// fake is an in-process S3-compatible server (gofakes3, in memory).
//
// It speaks HTTPS because gofakes3 v1.2.0 stores the body of a multipart
// part sent with the streaming signature (STREAMING-AWS4-HMAC-SHA256-PAYLOAD,
// which minio-go uses over plain HTTP only) still aws-chunked encoded,
// signatures included. Over TLS the client sends plain bodies, as it does to
// AWS.
type fake struct {
	backend   *s3mem.Backend
	url       string
	transport http.RoundTripper
}

// newFake starts a server with an empty bucket. wrap, if set, sits in front
// of the server to bend its answers.
func newFake(t *testing.T, wrap func(http.Handler) http.Handler) *fake {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	var h http.Handler = gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewTLSServer(h)
	t.Cleanup(ts.Close)
	return &fake{backend: backend, url: ts.URL, transport: ts.Client().Transport}
}

func (f *fake) options() s3store.Options {
	return s3store.Options{
		Endpoint:  f.url, // "https://127.0.0.1:port": the scheme turns TLS on
		Region:    "us-east-1",
		Bucket:    bucket,
		AccessKey: "enquete",
		SecretKey: "enquete-secret",
		PathStyle: true,
		PartSize:  5 << 20, // the S3 minimum, so the 30 MiB contract file takes 6 parts
		Transport: f.transport,
	}
}

func (f *fake) store(t *testing.T, o s3store.Options) *s3store.Store {
	t.Helper()
	s, err := s3store.New(context.Background(), o)
	if err != nil {
		t.Fatalf("New(%+v) = %v", o, err)
	}
	return s
}

// keys lists every object and every unfinished multipart upload in the
// bucket, temporary ones included: what the store leaves behind.
func (f *fake) keys(t *testing.T) (objects, uploads []string) {
	t.Helper()
	c, err := minio.New(strings.TrimPrefix(f.url, "https://"), &minio.Options{
		Creds:  credentials.NewStaticV4("enquete", "enquete-secret", ""),
		Secure: true, Transport: f.transport, Region: "us-east-1", BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for o := range c.ListObjectsIter(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Fatalf("listing objects: %v", o.Err)
		}
		objects = append(objects, o.Key)
	}
	for u := range c.ListIncompleteUploads(ctx, bucket, "", true) {
		// gofakes3 answers NoSuchUpload for a bucket that never had one.
		if minio.ToErrorResponse(u.Err).Code == "NoSuchUpload" {
			break
		}
		if u.Err != nil {
			t.Fatalf("listing uploads: %v", u.Err)
		}
		uploads = append(uploads, u.Key)
	}
	return objects, uploads
}

func TestContract(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) ports.BlobStore {
		f := newFake(t, nil)
		return f.store(t, f.options())
	})
}

// TestRefusedUploadsLeaveNothing looks under Walk: no temporary object and
// no multipart upload may survive a refused or cancelled Put.
func TestRefusedUploadsLeaveNothing(t *testing.T) {
	f := newFake(t, nil)
	s := f.store(t, f.options())
	big := bytes.Repeat([]byte("x"), 12<<20) // more than two parts
	if _, err := s.Put(context.Background(), "a/big.bin", bytes.NewReader(big), 6<<20); !errors.Is(err, fault.ErrTooLarge) {
		t.Errorf("Put beyond the limit = %v; want fault.ErrTooLarge", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &cancelAfter{r: bytes.NewReader(big), n: 7 << 20, cancel: cancel}
	if _, err := s.Put(ctx, "a/cancelled.bin", r, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Put = %v; want context.Canceled", err)
	}
	if _, err := s.Put(context.Background(), "a/kept.txt", strings.NewReader("kept"), 0); err != nil {
		t.Fatalf("Put = %v", err)
	}
	objects, uploads := f.keys(t)
	if len(objects) != 1 || objects[0] != "a/kept.txt" || len(uploads) != 0 {
		t.Errorf("bucket holds objects %q and uploads %q; want only \"a/kept.txt\"", objects, uploads)
	}
}

// cancelAfter cancels its context once n bytes have been read.
type cancelAfter struct {
	r      *bytes.Reader
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	if c.n <= 0 {
		c.cancel()
	}
	n, err := c.r.Read(p)
	c.n -= n
	return n, err
}

// TestConditionalClaimProtects hides existing objects from HEAD, as a race
// between two Puts would, and checks that If-None-Match alone still keeps
// the first file and gives the second a suffixed name.
func TestConditionalClaimProtects(t *testing.T) {
	f := newFake(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodHead && strings.TrimPrefix(r.URL.Path, "/"+bucket+"/") != r.URL.Path && !strings.HasSuffix(r.URL.Path, "/") {
				w.WriteHeader(http.StatusNotFound) // "free", says the stale HEAD
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	s := f.store(t, f.options())
	ctx := context.Background()
	first, err := s.Put(ctx, "docs/race.txt", strings.NewReader("first"), 0)
	if err != nil || first.Name != "docs/race.txt" {
		t.Fatalf(`Put("docs/race.txt") = %+v, %v; want the name itself`, first, err)
	}
	second, err := s.Put(ctx, "docs/race.txt", strings.NewReader("second"), 0)
	if err != nil || !regexp.MustCompile(`^docs/race_[A-Za-z0-9]{7}\.txt$`).MatchString(second.Name) {
		t.Fatalf(`second Put("docs/race.txt") = %+v, %v; want a suffixed name`, second, err)
	}
	obj, err := f.backend.GetObject(bucket, "docs/race.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Contents.Close()
	var got bytes.Buffer
	_, _ = got.ReadFrom(obj.Contents)
	if got.String() != "first" {
		t.Errorf(`"docs/race.txt" holds %q after a clashing Put; want "first"`, got.String())
	}
}
