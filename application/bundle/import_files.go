package bundle

import (
	"archive/tar"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/application/upload"
	"github.com/google/uuid"
)

// newIDs draws a new id for every object and chooses where each file goes:
// attachments under a generated name as an upload would get, photos under
// their old base name in the photo folder (the storage adds a suffix if the
// name is taken).
func (pl *plan) newIDs() {
	m := pl.m
	for _, t := range m.Tags {
		pl.ids[t.ID] = uuid.New()
	}
	for _, e := range m.Entities {
		pl.ids[e.ID] = uuid.New()
		if e.Photo != "" {
			pl.files[e.Photo] = &incoming{target: appboard.PhotoFolder + "/" + upload.ValidName(path.Base(e.Photo))}
		}
	}
	for _, l := range m.Links {
		pl.ids[l.ID] = uuid.New()
	}
	for _, c := range m.Comments {
		pl.ids[c.ID] = uuid.New()
	}
	for i := range m.Attachments {
		a := &m.Attachments[i]
		id := uuid.New()
		pl.ids[a.ID] = id
		pl.files[a.File] = &incoming{target: appboard.AttachmentFolder + "/" + id.String(), attachment: a}
	}
}

// receiveFiles stores every files/ entry, then checks them all against
// SHA256SUMS, which must be the last entry. Archive names are only keys into
// the manifest: nothing is ever written under a name taken from the archive,
// so a hostile "files/../../etc/passwd" entry is merely unknown.
func (s *Service) receiveFiles(ctx context.Context, tr *tar.Reader, pl *plan) error {
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%w: %s is missing (truncated archive?)", ErrFormat, SumsName)
		}
		if err != nil {
			return fmt.Errorf("%w: %v", ErrFormat, err)
		}
		if hdr.Name == SumsName {
			if err := pl.checkSums(tr); err != nil {
				return err
			}
			if _, err := tr.Next(); !errors.Is(err, io.EOF) {
				return fmt.Errorf("%w: entries after %s", ErrFormat, SumsName)
			}
			return nil
		}
		name, ok := strings.CutPrefix(hdr.Name, FilesDir)
		f := pl.files[name]
		if !ok || f == nil || f.received || hdr.Typeflag != tar.TypeReg {
			return fmt.Errorf("%w: unexpected entry %q", ErrFormat, hdr.Name)
		}
		if err := s.receive(ctx, tr, hdr, name, f, pl); err != nil {
			return err
		}
	}
}

func (s *Service) receive(ctx context.Context, r io.Reader, hdr *tar.Header, name string, f *incoming, pl *plan) error {
	info, err := s.blobs.Put(ctx, f.target, r, 0)
	if err != nil {
		return fmt.Errorf("store %s: %w", name, err)
	}
	pl.written = append(pl.written, info.Name)
	f.stored, f.size, f.sha256, f.received = info.Name, info.Size, info.SHA256, true
	if info.Size != hdr.Size {
		return fmt.Errorf("%w: %s: stored %d bytes of %d", ErrFormat, name, info.Size, hdr.Size)
	}
	if a := f.attachment; a != nil && a.SHA256 != "" && a.SHA256 != info.SHA256 {
		return fmt.Errorf("attachment %s (%s): %w (recorded %s, received %s)", a.ID, a.Filename, appboard.ErrIntegrity, a.SHA256, info.SHA256)
	}
	return nil
}

// checkSums compares SHA256SUMS with the digests of the files received:
// every file of the manifest must be there, with the listed digest.
func (pl *plan) checkSums(r io.Reader) error {
	listed := map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		sum, file, ok := strings.Cut(sc.Text(), "  ")
		name, inFiles := strings.CutPrefix(file, FilesDir)
		f := pl.files[name]
		if !ok || !inFiles || f == nil || listed[name] {
			return fmt.Errorf("%w: %s: unexpected line %q", ErrFormat, SumsName, sc.Text())
		}
		if !f.received {
			return fmt.Errorf("%w: %s is listed in %s but missing from the archive", ErrFormat, file, SumsName)
		}
		if sum != f.sha256 {
			return fmt.Errorf("%s: %w (listed %s, received %s)", file, appboard.ErrIntegrity, sum, f.sha256)
		}
		listed[name] = true
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrFormat, SumsName, err)
	}
	if len(listed) != len(pl.files) {
		return fmt.Errorf("%w: %s lists %d files; the manifest names %d", ErrFormat, SumsName, len(listed), len(pl.files))
	}
	return nil
}

// removeFiles deletes the files of a failed import. A failure leaves an
// orphan that `enquete gc-files` collects, so it is only logged.
func (s *Service) removeFiles(ctx context.Context, names []string) {
	for _, n := range names {
		if err := s.blobs.Delete(ctx, n); err != nil {
			s.log.WarnContext(ctx, "could not delete file of a failed import; gc-files will", "file", n, "err", err)
		}
	}
}
