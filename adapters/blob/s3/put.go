package s3store

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"path"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/enquete/enquete/adapters/blob/disk"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// tmpPrefix marks the key of an upload in progress, as on disk: CleanName
// refuses it, so no caller can name it, and Walk skips it.
const tmpPrefix = ".upload-"

// maxAttempts bounds the search for a free name, as on disk.
const maxAttempts = 100

// cleanupTimeout bounds the removal of a temporary object once the request
// that made it has gone.
const cleanupTimeout = time.Minute

// Put streams r to a temporary key while hashing and counting it, then
// publishes it under name, or under name with Django's random suffix when
// name is taken.
//
// S3 has no link(): publishing is "claim, then copy". The claim is an empty
// object written with If-None-Match: *, which the server refuses atomically
// when the key exists (AWS S3 and MinIO since 2024, gofakes3), so two Puts
// can never both own a name and an existing file is never overwritten. The
// server-side copy then replaces our own empty claim with the content. A
// HEAD before the claim keeps servers that ignore If-None-Match from
// overwriting an existing file (there, two racing Puts of one free name
// could still collide: the window between HEAD and claim).
//
// The cost is that, while the copy runs, the name holds an empty object
// (visible to Walk and Open), and that a crash between claim and copy leaves
// an empty, unreferenced object that gc-files removes as an orphan.
func (s *Store) Put(ctx context.Context, name string, r io.Reader, limit int64) (ports.BlobInfo, error) {
	clean, err := disk.CleanName(name)
	if err != nil {
		return ports.BlobInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return ports.BlobInfo{}, err
	}
	tmp := s.key(path.Join(path.Dir(clean), tmpPrefix+rand.Text()))
	defer s.removeDetached(ctx, tmp)

	m := &meter{ctx: ctx, r: r, h: sha256.New(), limit: limit}
	err = s.upload(ctx, tmp, m)
	if m.tooLarge {
		return ports.BlobInfo{}, fault.TooLarge(fmt.Sprintf("file larger than %d bytes", limit))
	}
	if err != nil {
		return ports.BlobInfo{}, ctxOr(ctx, err)
	}

	candidate := clean
	for range maxAttempts {
		ok, err := s.claim(ctx, s.key(candidate))
		if err != nil {
			return ports.BlobInfo{}, ctxOr(ctx, err)
		}
		if ok {
			if err := s.commit(ctx, tmp, s.key(candidate)); err != nil {
				return ports.BlobInfo{}, ctxOr(ctx, err)
			}
			return ports.BlobInfo{Name: candidate, Size: m.n, SHA256: hex.EncodeToString(m.h.Sum(nil))}, nil
		}
		candidate = disk.AlternativeName(clean)
	}
	return ports.BlobInfo{}, errors.New("s3: no free name for " + clean)
}

// upload streams m to key. A file that ends within its first smallFile
// bytes goes up in one PUT of known length; a longer one as a multipart
// upload of unknown length, which holds one part in memory. Either way a
// failed read (limit, cancelled request) stops the upload before anything
// is stored, and the client aborts a multipart upload even when ctx is
// the reason, so no parts are left behind.
func (s *Store) upload(ctx context.Context, key string, m *meter) error {
	head := make([]byte, smallFile)
	n, err := io.ReadFull(m, head)
	var body io.Reader = bytes.NewReader(head[:n])
	size := int64(n)
	switch {
	case err == nil:
		body, size = io.MultiReader(body, m), -1
	case err != io.EOF && err != io.ErrUnexpectedEOF:
		return err
	}
	// The streaming signature the client uses over plain HTTP would send an
	// empty body chunked, without the Content-Length S3 requires; an empty
	// body has nothing to sign anyway.
	opts := minio.PutObjectOptions{PartSize: s.partSize, DisableContentSha256: size == 0}
	_, err = s.client.PutObject(ctx, s.bucket, key, body, size, opts)
	return err
}

// smallFile is the size up to which a file is sent in a single PUT: one
// request instead of three for avatars and photos, and servers that refuse
// an empty multipart part (gofakes3) still take an empty file. It adds to
// the part size in the memory an upload holds.
const smallFile = 1 << 20

// claim reserves key with an empty object, or reports false when the key
// is taken.
func (s *Store) claim(ctx context.Context, key string) (bool, error) {
	_, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err == nil {
		return false, nil
	}
	if !isNotFound(err) {
		return false, err
	}
	// Empty, so unsigned: see upload.
	opts := minio.PutObjectOptions{DisableContentSha256: true}
	opts.SetMatchETagExcept("*") // If-None-Match: *
	_, err = s.client.PutObject(ctx, s.bucket, key, bytes.NewReader(nil), 0, opts)
	if err == nil {
		return true, nil
	}
	// 412: the key exists. 409: AWS reports a conditional write that raced
	// another one on the same key; either way the name is someone else's.
	if code, status := errorCode(err); status == http.StatusPreconditionFailed ||
		status == http.StatusConflict || code == "PreconditionFailed" || code == "ConditionalRequestConflict" {
		return false, nil
	}
	return false, err
}

// commit copies the uploaded content over our claim, inside the server. On
// failure the claim is removed so the name is free again.
func (s *Store) commit(ctx context.Context, tmp, key string) error {
	_, err := s.client.CopyObject(ctx,
		minio.CopyDestOptions{Bucket: s.bucket, Object: key},
		minio.CopySrcOptions{Bucket: s.bucket, Object: tmp})
	if err != nil {
		s.removeDetached(ctx, key)
	}
	return err
}

// removeDetached deletes key even when ctx is already cancelled: cleanup
// after an abandoned request must still happen.
func (s *Store) removeDetached(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	_ = s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}

// ctxOr prefers the context's error, so that a cancelled request reads as
// context.Canceled rather than as whatever the HTTP layer made of it.
func ctxOr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return err
}

// errTooLarge stops the upload; Put reports the fault from meter.tooLarge.
var errTooLarge = errors.New("s3: upload beyond the size limit")

// meter passes r through while hashing and counting it. It fails the read
// that crosses limit (when limit > 0) and any read after ctx is done, which
// makes the client abort the upload.
type meter struct {
	ctx      context.Context
	r        io.Reader
	h        hash.Hash
	n, limit int64
	tooLarge bool
}

func (m *meter) Read(p []byte) (int, error) {
	if m.tooLarge {
		return 0, errTooLarge
	}
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	if m.limit > 0 && int64(len(p)) > m.limit+1-m.n {
		p = p[:m.limit+1-m.n] // one byte past the limit is enough to know
	}
	n, err := m.r.Read(p)
	m.h.Write(p[:n])
	m.n += int64(n)
	if m.limit > 0 && m.n > m.limit {
		m.tooLarge = true
		return 0, errTooLarge
	}
	return n, err
}
