// Package s3store is the ports.BlobStore adapter for S3-compatible object
// storage (AWS S3, MinIO, Ceph, Garage, ...). Objects are keyed by the same
// Django-compatible relative names as the disk adapter (under an optional
// key prefix), so media can move between a folder and a bucket unchanged.
//
// It talks S3 through github.com/minio/minio-go/v7 rather than the AWS SDK
// v2: minio-go's PutObject streams a body of unknown length part by part
// (the SDK needs its upload manager for that, deprecated in favour of a
// pre-1.0 transfer manager), its objects are io.ReadSeekCloser over ranged
// GETs (the SDK would need our own seeker), and it targets every
// S3-compatible server. The price is a dozen small third-party modules
// (hashing, compression) where the SDK brings only AWS's own.
//
// Operators should give the bucket a lifecycle rule that aborts incomplete
// multipart uploads after a day: a process killed mid-upload leaves its
// parts behind (a refused or cancelled upload does not). Publishing a file
// is one server-side CopyObject, which AWS caps at 5 GiB, far above the
// upload limits.
package s3store

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/enquete/enquete/adapters/blob/disk"
	"github.com/enquete/enquete/ports"
)

// Options configures the store.
type Options struct {
	// Endpoint is "host[:port]", or a URL such as "http://minio:9000" whose
	// scheme then decides TLS instead of UseSSL (Django's
	// AWS_S3_ENDPOINT_URL is written that way).
	Endpoint  string
	Region    string // empty lets the client ask the server for the bucket's region
	Bucket    string
	AccessKey string
	SecretKey string
	// PathStyle forces "endpoint/bucket/key" addressing, which MinIO and most
	// self-hosted servers need; otherwise the client picks virtual-hosted
	// style where the provider is known to support it.
	PathStyle bool
	// Prefix is prepended to every key ("media/" keeps the bucket shareable).
	Prefix string
	UseSSL bool
	// PartSize is the multipart part size in bytes; an upload in flight
	// holds about PartSize + 1 MiB. 0 means DefaultPartSize; S3 refuses
	// parts under 5 MiB.
	PartSize int64
	// Transport replaces the default HTTP transport (a private CA, a proxy,
	// or a test server's client); nil keeps the default.
	Transport http.RoundTripper
}

// DefaultPartSize bounds the memory an upload holds; with S3's 10,000 parts
// it allows objects of up to 78 GiB.
const DefaultPartSize = 8 << 20

const minPartSize = 5 << 20

// Store keeps files in one bucket.
type Store struct {
	client   *minio.Client
	bucket   string
	prefix   string
	partSize uint64
}

var _ ports.BlobStore = (*Store)(nil)

// New connects to the bucket and fails fast when it is missing or the
// credentials are refused, rather than at the first upload. It does not
// create the bucket: that is the operator's decision (region, policy,
// lifecycle rules).
func New(ctx context.Context, o Options) (*Store, error) {
	host, secure, err := endpoint(o.Endpoint, o.UseSSL)
	if err != nil {
		return nil, err
	}
	if o.Bucket == "" {
		return nil, errors.New("s3: bucket is required")
	}
	partSize := o.PartSize
	if partSize == 0 {
		partSize = DefaultPartSize
	}
	if partSize < minPartSize {
		return nil, fmt.Errorf("s3: part size %d is below the 5 MiB S3 minimum", partSize)
	}
	prefix, err := keyPrefix(o.Prefix)
	if err != nil {
		return nil, err
	}
	lookup := minio.BucketLookupAuto
	if o.PathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(host, &minio.Options{
		Creds:        credentials.NewStaticV4(o.AccessKey, o.SecretKey, ""),
		Secure:       secure,
		Region:       o.Region,
		BucketLookup: lookup,
		Transport:    o.Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	ok, err := client.BucketExists(ctx, o.Bucket)
	if err != nil {
		return nil, fmt.Errorf("s3: checking bucket %q: %w", o.Bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("s3: bucket %q does not exist", o.Bucket)
	}
	return &Store{client: client, bucket: o.Bucket, prefix: prefix, partSize: uint64(partSize)}, nil
}

// endpoint splits a configured endpoint into the host the client wants and
// whether to use TLS.
func endpoint(raw string, useSSL bool) (string, bool, error) {
	if raw == "" {
		return "", false, errors.New("s3: endpoint is required")
	}
	if !strings.Contains(raw, "://") {
		return raw, useSSL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || strings.Trim(u.Path, "/") != "" {
		return "", false, fmt.Errorf("s3: endpoint %q must be host[:port] or http(s)://host[:port]", raw)
	}
	return u.Host, u.Scheme == "https", nil
}

// keyPrefix normalises the key prefix to "" or "segment/.../", refusing
// anything CleanName would refuse in a file name.
func keyPrefix(p string) (string, error) {
	p = strings.Trim(p, "/")
	if p == "" {
		return "", nil
	}
	clean, err := disk.CleanName(p)
	if err != nil || clean != p {
		return "", fmt.Errorf("s3: invalid key prefix %q", p)
	}
	return p + "/", nil
}

func (s *Store) key(name string) string { return s.prefix + name }

// errorCode returns the S3 error code and HTTP status of err, if it is an
// S3 error response.
func errorCode(err error) (string, int) {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) {
		return resp.Code, resp.StatusCode
	}
	return "", 0
}

// isNotFound reports a missing object (not a missing bucket, which is a
// configuration error that must not look like an absent file).
func isNotFound(err error) bool {
	code, status := errorCode(err)
	return code == "NoSuchKey" || status == http.StatusNotFound && code != "NoSuchBucket"
}
