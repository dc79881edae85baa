package ports

import (
	"context"
	"io"
	"time"
)

// BlobInfo describes a stored file.
type BlobInfo struct {
	Name   string // the name actually used, relative to the media root
	Size   int64
	SHA256 string // lower-case hex, computed while the bytes streamed in
}

// BlobStore keeps files (photos, avatars, attachments) under Django-compatible
// relative names such as "entity_photos/portrait.png".
type BlobStore interface {
	// Put streams r under name, or under name with a random 7-character suffix
	// before the extension when name is taken (as Django does). It never holds
	// the whole file in memory. limit > 0 caps the size: beyond it nothing is
	// kept and fault.ErrTooLarge is returned.
	Put(ctx context.Context, name string, r io.Reader, limit int64) (BlobInfo, error)
	// Open returns the file for reading and its size; fault.ErrNotFound if absent.
	Open(ctx context.Context, name string) (io.ReadSeekCloser, int64, error)
	// Delete removes the file; deleting a missing file is not an error.
	Delete(ctx context.Context, name string) error
	// Walk calls fn for every stored file under prefix ("" for all), skipping
	// uploads still being written.
	Walk(ctx context.Context, prefix string, fn func(BlobEntry) error) error
}

// BlobEntry is a stored file found by Walk.
type BlobEntry struct {
	Name    string
	Size    int64
	ModTime time.Time
}
