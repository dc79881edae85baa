package s3store_test

import (
	"context"
	"io"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	s3store "github.com/enquete/enquete/adapters/blob/s3"
	"github.com/enquete/enquete/ports"
)

func TestNewRefusesBadOptions(t *testing.T) {
	f := newFake(t, nil)
	for _, tc := range []struct {
		what   string
		change func(*s3store.Options)
	}{
		{"no endpoint", func(o *s3store.Options) { o.Endpoint = "" }},
		{"endpoint with a path", func(o *s3store.Options) { o.Endpoint += "/media" }},
		{"endpoint of another scheme", func(o *s3store.Options) { o.Endpoint = "ftp://127.0.0.1:21" }},
		{"no bucket", func(o *s3store.Options) { o.Bucket = "" }},
		{"missing bucket", func(o *s3store.Options) { o.Bucket = "no-such-bucket" }},
		{"part size under 5 MiB", func(o *s3store.Options) { o.PartSize = 1 << 20 }},
		{"prefix escaping", func(o *s3store.Options) { o.Prefix = "../media" }},
		{"hidden prefix", func(o *s3store.Options) { o.Prefix = "media/.cache" }},
	} {
		o := f.options()
		tc.change(&o)
		if s, err := s3store.New(context.Background(), o); err == nil {
			t.Errorf("New() with %s = %v, nil; want an error", tc.what, s)
		}
	}
}

// TestPlainHTTP connects with "host:port" and UseSSL off, the form MinIO's
// own tools use, and stores small files, which go up in a single PUT. (Over
// plain HTTP the client signs bodies with the streaming signature, which
// gofakes3 decodes for a single PUT but not for multipart parts: see fake.)
func TestPlainHTTP(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
	defer ts.Close()
	o := s3store.Options{
		Endpoint: strings.TrimPrefix(ts.URL, "http://"), Region: "us-east-1", Bucket: bucket, PathStyle: true,
		AccessKey: "enquete", SecretKey: "enquete-secret", // signed: anonymous requests skip the streaming signature
	}
	s, err := s3store.New(context.Background(), o)
	if err != nil {
		t.Fatalf("New(%+v) = %v; want nil", o, err)
	}
	for _, body := range []string{"", "small"} {
		name := "plain/file" + strconv.Itoa(len(body)) + ".txt"
		if _, err := s.Put(context.Background(), name, strings.NewReader(body), 0); err != nil {
			t.Errorf("Put(%q) = %v; want nil", name, err)
			continue
		}
		f, size, err := s.Open(context.Background(), name)
		if err != nil {
			t.Errorf("Open(%q) = %v; want nil", name, err)
			continue
		}
		got, err := io.ReadAll(f)
		f.Close()
		if err != nil || string(got) != body || size != int64(len(body)) {
			t.Errorf("Open(%q) = %q (size %d), %v; want %q", name, got, size, err, body)
		}
	}
}

// TestPrefix keeps every key under the prefix and every name free of it,
// and leaves alone what other tools keep in the bucket.
func TestPrefix(t *testing.T) {
	f := newFake(t, nil)
	o := f.options()
	o.Prefix = "/enquete/media/" // slashes around it are forgiven
	s := f.store(t, o)
	ctx := context.Background()
	for _, key := range []string{"other/app.txt", "enquete/media/.DS_Store", "enquete/media/a/.upload-stale"} {
		if _, err := f.backend.PutObject(bucket, key, nil, strings.NewReader("foreign"), 7, nil); err != nil {
			t.Fatal(err)
		}
	}
	info, err := s.Put(ctx, "a/photo.png", strings.NewReader("png"), 0)
	if err != nil || info.Name != "a/photo.png" {
		t.Fatalf(`Put("a/photo.png") = %+v, %v; want the name without prefix`, info, err)
	}
	objects, _ := f.keys(t)
	if !slices.Contains(objects, "enquete/media/a/photo.png") {
		t.Errorf("bucket keys = %q; want \"enquete/media/a/photo.png\"", objects)
	}
	var got []string
	if err := s.Walk(ctx, "", func(e ports.BlobEntry) error { got = append(got, e.Name); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"a/photo.png"}) {
		t.Errorf(`Walk("") = %q; want only "a/photo.png" (no foreign, hidden or temporary keys)`, got)
	}
	if _, _, err := s.Open(ctx, "a/photo.png"); err != nil {
		t.Errorf(`Open("a/photo.png") = %v; want nil`, err)
	}
	if err := s.Delete(ctx, "a/photo.png"); err != nil {
		t.Errorf(`Delete("a/photo.png") = %v; want nil`, err)
	}
	if objects, _ := f.keys(t); len(objects) != 3 {
		t.Errorf("bucket keys after Delete = %q; want the 3 foreign keys untouched", objects)
	}
}
