package bundle_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/blob/disk"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/adapters/persistence/memory"
	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/application/bundle"
	appcasework "github.com/enquete/enquete/application/casework"
	"github.com/enquete/enquete/application/seed"
	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
)

// backends are the storage adapters the round trip runs on.
var backends = []struct {
	name string
	open func(t *testing.T) *ports.Store
}{
	{"memory", func(*testing.T) *ports.Store { return memory.NewStore() }},
	{"sqlite", func(t *testing.T) *ports.Store { return gormtest.NewSQLite(t).Store() }},
	{"postgres", func(t *testing.T) *ports.Store { return gormtest.NewPostgres(t).Store() }},
}

// stepClock gives every reading its own millisecond, so that "newest
// first" has one answer and orders survive the round trip.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

// server is one store with its file storage and use cases.
type server struct {
	t      *testing.T
	root   string // the disk store's directory
	store  *ports.Store
	blobs  ports.BlobStore
	board  *appboard.Service
	bundle *bundle.Service
}

func newServer(t *testing.T, store *ports.Store) *server {
	t.Helper()
	root := t.TempDir()
	blobs, err := disk.New(root)
	if err != nil {
		t.Fatal(err)
	}
	clock := &stepClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	log := slog.New(slog.DiscardHandler)
	cw := appcasework.NewService(store, blobs, clock, log)
	return &server{t: t, root: root, store: store, blobs: blobs, board: appboard.NewService(cw, store, blobs, clock, log),
		bundle: bundle.New(store, blobs, clock, log)}
}

var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 300)...)

// populate seeds a board owned by alice (members alice-1..3), gives two
// entities a photo and attachments, and returns the seed result.
func (s *server) populate() seed.Result {
	s.t.Helper()
	ctx := context.Background()
	res, err := seed.New(s.store, djangohash.New(1000), &stepClock{now: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}).
		Run(ctx, seed.Options{Entities: 25, Links: 40, Comments: 12, Owner: "alice", Users: 3, Password: "correct horse battery"})
	if err != nil {
		s.t.Fatal(err)
	}
	views, err := s.store.Entities.List(ctx, res.InvestigationID, ports.EntityFilter{})
	if err != nil {
		s.t.Fatal(err)
	}
	a := appboard.Actor{InvestigationID: res.InvestigationID, UserID: res.OwnerID}
	for i, v := range views[:2] {
		id := v.Entity.ID
		if _, err := s.board.SetPhoto(ctx, a, id, upload.File{Name: "portrait.png", Body: bytes.NewReader(pngBytes), Limit: 1 << 20}); err != nil {
			s.t.Fatal(err)
		}
		for j := range i + 1 {
			body := fmt.Sprintf("%%PDF-1.4 rapport %d/%d %s", i, j, strings.Repeat("x", 1000*j))
			if _, err := s.board.Attach(ctx, a, id, upload.File{Name: fmt.Sprintf("rapport-%d.pdf", j), Body: strings.NewReader(body), Limit: 1 << 20}); err != nil {
				s.t.Fatal(err)
			}
		}
	}
	return res
}

// addUsers creates accounts on the target server.
func (s *server) addUsers(names ...string) {
	s.t.Helper()
	for _, n := range names {
		u, err := identity.NewUser(n, n+"@example.com", "", "", "pbkdf2_sha256$1000$salt$aGFzaA==", time.Now())
		if err != nil {
			s.t.Fatal(err)
		}
		if err := s.store.Users.Create(context.Background(), u); err != nil {
			s.t.Fatal(err)
		}
	}
}

// files lists the stored file names.
func (s *server) files() []string {
	s.t.Helper()
	var out []string
	err := s.blobs.Walk(context.Background(), "", func(e ports.BlobEntry) error {
		out = append(out, e.Name)
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// readArchive returns the entries of a bundle, in order.
func readArchive(t *testing.T, b []byte) (names []string, bodies map[string][]byte) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	bodies = map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return names, bodies
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, hdr.Name)
		bodies[hdr.Name] = body
	}
}

// writeArchive builds a bundle from entries, in order (for hostile inputs).
func writeArchive(t *testing.T, names []string, bodies map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, n := range names {
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(bodies[n])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(bodies[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// normalized is a bundle's manifest with what an import legitimately
// changes replaced by stable labels: ids (numbered in order of first
// appearance, which the preserved timestamps fix), stored file names, the
// join code and the export time.
func normalized(t *testing.T, archive []byte) string {
	t.Helper()
	_, bodies := readArchive(t, archive)
	var m bundle.Manifest
	if err := json.Unmarshal(bodies[bundle.ManifestName], &m); err != nil {
		t.Fatal(err)
	}
	m.ExportedAt, m.Investigation.Code = time.Time{}, "CODE"
	files := map[string]string{}
	for i, f := range m.Files {
		files[f] = fmt.Sprintf("file-%d", i)
	}
	for i := range m.Entities {
		m.Entities[i].Photo = files[m.Entities[i].Photo]
	}
	for i := range m.Attachments {
		m.Attachments[i].File = files[m.Attachments[i].File]
	}
	m.Files = nil
	raw, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	return uuidPattern.ReplaceAllStringFunc(string(raw), func(id string) string {
		if _, ok := labels[id]; !ok {
			labels[id] = fmt.Sprintf("id-%d", len(labels))
		}
		return labels[id]
	})
}
