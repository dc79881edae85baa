// Package disk is the local media-folder adapter of ports.BlobStore. Files
// live under the media root with Django's relative names, so that Django and
// Enquête serve the same files during the migration.
package disk

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// tmpPrefix marks files being written; Walk skips them.
const tmpPrefix = ".upload-"

// Store keeps files in a folder.
type Store struct {
	root string
}

var _ ports.BlobStore = (*Store)(nil)

// New returns a store rooted at root, created if missing.
func New(root string) (*Store, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("media root: %w", err)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	return &Store{root: abs}, nil
}

// CleanName validates a relative storage name: no absolute path, no "..",
// no backslash, no empty or hidden segment.
func CleanName(name string) (string, error) {
	if name == "" || strings.ContainsAny(name, "\\\x00") || path.IsAbs(name) {
		return "", fault.Invalid("file", "invalid file name")
	}
	clean := path.Clean(name)
	for _, seg := range strings.Split(clean, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
			return "", fault.Invalid("file", "invalid file name")
		}
	}
	return clean, nil
}

func (s *Store) path(name string) (string, error) {
	clean, err := CleanName(name)
	if err != nil {
		return "", err
	}
	return filepath.Join(s.root, filepath.FromSlash(clean)), nil
}

// Put streams r to a temporary file while hashing it, then links it under
// name (or name with a random suffix when taken). Linking never replaces an
// existing file, so two uploads of one name cannot clobber each other.
func (s *Store) Put(ctx context.Context, name string, r io.Reader, limit int64) (ports.BlobInfo, error) {
	clean, err := CleanName(name)
	if err != nil {
		return ports.BlobInfo{}, err
	}
	dir := filepath.Join(s.root, filepath.FromSlash(path.Dir(clean)))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ports.BlobInfo{}, err
	}
	tmp, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return ports.BlobInfo{}, err
	}
	defer os.Remove(tmp.Name())
	info, err := copyHashed(ctx, tmp, r, limit)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return ports.BlobInfo{}, err
	}
	candidate := clean
	for attempt := 0; attempt < 100; attempt++ {
		err := os.Link(tmp.Name(), filepath.Join(s.root, filepath.FromSlash(candidate)))
		if err == nil {
			info.Name = candidate
			return info, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return ports.BlobInfo{}, err
		}
		candidate = AlternativeName(clean)
	}
	return ports.BlobInfo{}, errors.New("disk: no free name for " + clean)
}

// copyHashed copies at most limit bytes (when limit > 0), computing size and
// SHA-256 on the way; one byte more than the limit is a TooLarge fault.
func copyHashed(ctx context.Context, w io.Writer, r io.Reader, limit int64) (ports.BlobInfo, error) {
	h := sha256.New()
	src := r
	if limit > 0 {
		src = io.LimitReader(r, limit+1)
	}
	n, err := io.Copy(io.MultiWriter(w, h), ctxReader{ctx, src})
	if err != nil {
		return ports.BlobInfo{}, err
	}
	if limit > 0 && n > limit {
		return ports.BlobInfo{}, fault.TooLarge(fmt.Sprintf("file larger than %d bytes", limit))
	}
	return ports.BlobInfo{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// ctxReader stops a long copy when the request is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// AlternativeName is Django's get_available_name: "<root>_<7 random
// alphanumerics><ext>" in the same folder.
func AlternativeName(name string) string {
	dir, file := path.Split(name)
	ext := path.Ext(file)
	return dir + strings.TrimSuffix(file, ext) + "_" + randomString(7) + ext
}

const alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomString(n int) string {
	b := make([]byte, n)
	out := make([]byte, 0, n)
	for len(out) < n {
		if _, err := rand.Read(b); err != nil {
			panic("disk: crypto/rand failed: " + err.Error())
		}
		for _, c := range b {
			if c < 248 && len(out) < n { // 248 = 4*62: no modulo bias
				out = append(out, alphanumerics[int(c)%len(alphanumerics)])
			}
		}
	}
	return string(out)
}

// Open returns the file and its size.
func (s *Store) Open(_ context.Context, name string) (io.ReadSeekCloser, int64, error) {
	p, err := s.path(name)
	if err != nil {
		return nil, 0, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fault.NotFound("file not found")
	}
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, 0, fault.NotFound("file not found")
	}
	return f, fi.Size(), nil
}

// Delete removes a file; a missing file is fine.
func (s *Store) Delete(_ context.Context, name string) error {
	p, err := s.path(name)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Walk lists stored files under prefix, skipping uploads in progress.
func (s *Store) Walk(ctx context.Context, prefix string, fn func(ports.BlobEntry) error) error {
	return filepath.WalkDir(s.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel, err := filepath.Rel(s.root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !strings.HasPrefix(rel, prefix) {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		return fn(ports.BlobEntry{Name: rel, Size: fi.Size(), ModTime: fi.ModTime()})
	})
}
