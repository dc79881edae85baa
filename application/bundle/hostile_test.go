package bundle_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/application/bundle"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
)

// source builds a bundle and a target server holding alice's accounts.
func source(t *testing.T) ([]byte, *server) {
	t.Helper()
	src := newServer(t, backends[0].open(t))
	archive := export(t, src, src.populate().InvestigationID)
	dst := newServer(t, backends[0].open(t))
	dst.addUsers("alice", "alice-1", "alice-2", "alice-3")
	return archive, dst
}

// nothingImported checks that a failed import left no file and no row.
func nothingImported(t *testing.T, s *server) {
	t.Helper()
	if f := s.files(); len(f) != 0 {
		t.Fatalf("files after a failed import = %v; want none", f)
	}
	alice, err := s.store.Users.ByUsername(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	invs, err := s.store.Investigations.ListForUser(context.Background(), alice.ID())
	if err != nil || len(invs) != 0 {
		t.Fatalf("investigations after a failed import = %d, %v; want none", len(invs), err)
	}
}

// edit rewrites one entry of a bundle.
func edit(t *testing.T, archive []byte, fn func(names []string, bodies map[string][]byte) []string) []byte {
	t.Helper()
	names, bodies := readArchive(t, archive)
	return writeArchive(t, fn(names, bodies), bodies)
}

func TestImportRefusesDamagedBundles(t *testing.T) {
	firstFile := func(names []string) string { return names[1] }
	cases := []struct {
		name string
		edit func(names []string, bodies map[string][]byte) []string
		want error
	}{
		{"attachment bytes altered (same size)", func(names []string, b map[string][]byte) []string {
			for _, n := range names {
				if strings.HasPrefix(n, bundle.FilesDir+appboard.AttachmentFolder) {
					b[n] = bytes.ToUpper(b[n])
					return names
				}
			}
			t.Fatal("no attachment in the bundle")
			return nil
		}, appboard.ErrIntegrity},
		{"photo bytes altered", func(names []string, b map[string][]byte) []string {
			b[firstFile(names)][100] ^= 1
			return names
		}, appboard.ErrIntegrity},
		{"SHA256SUMS missing", func(names []string, _ map[string][]byte) []string {
			return names[:len(names)-1]
		}, bundle.ErrFormat},
		{"a file missing", func(names []string, _ map[string][]byte) []string {
			return append(names[:1:1], names[2:]...)
		}, bundle.ErrFormat},
		{"an entry that is not in the manifest", func(names []string, b map[string][]byte) []string {
			b["files/../../etc/passwd"] = []byte("root")
			return append(names[:2:2], append([]string{"files/../../etc/passwd"}, names[2:]...)...)
		}, bundle.ErrFormat},
		{"entries after SHA256SUMS", func(names []string, _ map[string][]byte) []string {
			return append(names, names[1])
		}, bundle.ErrFormat},
		{"manifest not first", func(names []string, _ map[string][]byte) []string {
			return append(names[1:2:2], append(names[:1:1], names[2:]...)...)
		}, bundle.ErrFormat},
		{"dangling link", func(names []string, b map[string][]byte) []string {
			editManifest(t, b, func(m *bundle.Manifest) { m.Links[0].ToEntityID = m.Links[0].ID })
			return names
		}, bundle.ErrFormat},
		{"unknown version", func(names []string, b map[string][]byte) []string {
			editManifest(t, b, func(m *bundle.Manifest) { m.Version = 99 })
			return names
		}, bundle.ErrFormat},
		{"NUL in a title", func(names []string, b map[string][]byte) []string {
			editManifest(t, b, func(m *bundle.Manifest) { m.Entities[3].Title = "a\x00b" })
			return names
		}, bundle.ErrFormat},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			archive, dst := source(t)
			_, err := dst.bundle.Import(context.Background(), bytes.NewReader(edit(t, archive, tc.edit)), bundle.ImportOptions{})
			if !errors.Is(err, tc.want) {
				t.Fatalf("Import = %v; want %v", err, tc.want)
			}
			nothingImported(t, dst)
		})
	}
}

func editManifest(t *testing.T, bodies map[string][]byte, fn func(*bundle.Manifest)) {
	t.Helper()
	var m bundle.Manifest
	if err := json.Unmarshal(bodies[bundle.ManifestName], &m); err != nil {
		t.Fatal(err)
	}
	fn(&m)
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	bodies[bundle.ManifestName] = raw
}

func TestImportRefusesWhatIsNotABundle(t *testing.T) {
	_, dst := source(t)
	for _, in := range []string{"", "plain text", "\x1f\x8b\x08\x00garbage"} {
		if _, err := dst.bundle.Import(context.Background(), strings.NewReader(in), bundle.ImportOptions{}); !errors.Is(err, bundle.ErrFormat) {
			t.Errorf("Import(%q) = %v; want ErrFormat", in, err)
		}
	}
}

// failingLinks makes the transaction fail half-way, after the files and
// many rows are written.
type failingLinks struct{ ports.LinkRepository }

var errBoom = errors.New("boom")

func (failingLinks) Create(context.Context, *board.Link) error { return errBoom }

func TestFailedTransactionRemovesTheFiles(t *testing.T) {
	archive, dst := source(t)
	broken := *dst.store
	broken.Links = failingLinks{dst.store.Links}
	svc := bundle.New(&broken, dst.blobs, &stepClock{}, slog.New(slog.DiscardHandler))
	if _, err := svc.Import(context.Background(), bytes.NewReader(archive), bundle.ImportOptions{}); !errors.Is(err, errBoom) {
		t.Fatalf("Import = %v; want the repository's error", err)
	}
	nothingImported(t, dst)
}

func TestExportRefusesAnAlteredFile(t *testing.T) {
	src := newServer(t, backends[0].open(t))
	res := src.populate()
	// Alter an attachment in storage behind the application's back.
	var victim string
	for _, f := range src.files() {
		if strings.HasPrefix(f, appboard.AttachmentFolder+"/") {
			victim = f
		}
	}
	body, size, err := src.blobs.Open(context.Background(), victim)
	if err != nil {
		t.Fatal(err)
	}
	body.Close()
	path := filepath.Join(src.root, filepath.FromSlash(victim))
	if err := os.WriteFile(path, bytes.Repeat([]byte("z"), int(size)), 0o600); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := src.bundle.Export(context.Background(), res.InvestigationID, &buf, nil); !errors.Is(err, appboard.ErrIntegrity) {
		t.Fatalf("Export with an altered attachment = %v; want ErrIntegrity", err)
	}
}
