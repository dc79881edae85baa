package s3store

import (
	"context"
	"io"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/enquete/enquete/adapters/blob/disk"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// Open returns the object and its size. The reader is a *minio.Object: each
// Seek turns the next Read into a ranged GET, so serving a Range request or
// the tail of a large file does not download the head.
func (s *Store) Open(ctx context.Context, name string) (io.ReadSeekCloser, int64, error) {
	clean, err := disk.CleanName(name)
	if err != nil {
		return nil, 0, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, s.key(clean), minio.GetObjectOptions{})
	if err != nil {
		return nil, 0, err
	}
	// GetObject is lazy: Stat sends the first GET, which is where a missing
	// key shows up.
	info, err := obj.Stat()
	if err != nil {
		obj.Close()
		if isNotFound(err) {
			return nil, 0, fault.NotFound("file not found")
		}
		return nil, 0, err
	}
	return obj, info.Size, nil
}

// Delete removes the object. S3 answers a delete of a missing key with
// success, which is what the port asks for.
func (s *Store) Delete(ctx context.Context, name string) error {
	clean, err := disk.CleanName(name)
	if err != nil {
		return err
	}
	err = s.client.RemoveObject(ctx, s.bucket, s.key(clean), minio.RemoveObjectOptions{})
	if err != nil && !isNotFound(err) {
		return err
	}
	return nil
}

// Walk lists the objects under prefix. It skips uploads in progress and any
// key that is not a valid name (objects other tools put in the bucket), so
// every name it reports can be opened.
func (s *Store) Walk(ctx context.Context, prefix string, fn func(ports.BlobEntry) error) error {
	// Cancelling stops the listing goroutine when fn ends the walk early.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for obj := range s.client.ListObjectsIter(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: true}) {
		if obj.Err != nil {
			return obj.Err
		}
		name, ok := strings.CutPrefix(obj.Key, s.prefix)
		if clean, err := disk.CleanName(name); !ok || err != nil || clean != name {
			continue
		}
		if err := fn(ports.BlobEntry{Name: name, Size: obj.Size, ModTime: obj.LastModified}); err != nil {
			return err
		}
	}
	return nil
}
