package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	appboard "github.com/enquete/enquete/application/board"
)

// writeArchive writes bundle.json, the files and SHA256SUMS to w.
func (s *Service) writeArchive(ctx context.Context, m *Manifest, w io.Writer, p progress, rep *ExportReport) error {
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	raw, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	if err := writeEntry(tw, ManifestName, m.ExportedAt, bytes.NewReader(raw), int64(len(raw))); err != nil {
		return err
	}
	recorded := make(map[string]string, len(m.Attachments))
	for _, a := range m.Attachments {
		recorded[a.File] = a.SHA256
	}
	var sums bytes.Buffer
	if len(m.Files) > 0 {
		p.stage("exporting files", int64(len(m.Files)), "")
	}
	for _, name := range m.Files {
		sum, n, err := s.copyFile(ctx, tw, name, m.ExportedAt)
		if err != nil {
			return err
		}
		// A file altered in storage is not exported as if it were the
		// evidence uploaded: the operator must look first (verify-files).
		if want := recorded[name]; want != "" && want != sum {
			return fmt.Errorf("file %s: %w (recorded %s, stored %s)", name, appboard.ErrIntegrity, want, sum)
		}
		fmt.Fprintf(&sums, "%s  %s%s\n", sum, FilesDir, name)
		rep.Files++
		rep.Bytes += n
		p.advance(1)
	}
	if err := writeEntry(tw, SumsName, m.ExportedAt, &sums, int64(sums.Len())); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// copyFile streams one stored file into the archive, hashing it on the way.
func (s *Service) copyFile(ctx context.Context, tw *tar.Writer, name string, at time.Time) (string, int64, error) {
	body, size, err := s.blobs.Open(ctx, name)
	if err != nil {
		return "", 0, fmt.Errorf("file %s: %w", name, err)
	}
	defer body.Close()
	h := sha256.New()
	if err := writeEntry(tw, FilesDir+name, at, io.TeeReader(body, h), size); err != nil {
		return "", 0, fmt.Errorf("file %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

// writeEntry writes one regular file of size bytes; a reader that ends
// early or runs long is an error (the tar writer checks the length).
func writeEntry(tw *tar.Writer, name string, at time.Time, r io.Reader, size int64) error {
	hdr := &tar.Header{Name: name, Mode: 0o644, Size: size, ModTime: at, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	n, err := io.Copy(tw, io.LimitReader(r, size+1))
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("%s: read %d bytes; storage announced %d", name, n, size)
	}
	return nil
}
