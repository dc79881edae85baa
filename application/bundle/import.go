package bundle

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/enquete/enquete/domain/fault"
	"github.com/google/uuid"
)

// maxManifestBytes bounds bundle.json: a 10 000-entity board is a few MB;
// a manifest of a gigabyte is a broken or hostile archive.
const maxManifestBytes = 512 << 20

// ImportOptions tune Import.
type ImportOptions struct {
	// Owner is the username that owns the imported investigation and
	// receives the content of users missing here; "" keeps the bundle's
	// owner, who must then exist on this server.
	Owner string
	// Size is the archive's size in bytes, for progress (0: unknown).
	Size     int64
	Progress Progress
}

// ImportReport sums up an import.
type ImportReport struct {
	Counts
	InvestigationID uuid.UUID
	Code            string
	Owner           string
	Files           int
	Bytes           int64
	// UnknownUsers are the bundle's usernames with no account here: their
	// content now belongs to Owner, and they are not members.
	UnknownUsers []string
}

// Import reads a bundle from r and recreates its investigation (see the
// package documentation for ids, users and atomicity).
func (s *Service) Import(ctx context.Context, r io.Reader, o ImportOptions) (rep ImportReport, err error) {
	p := progress{o.Progress}
	p.stage("reading bundle", o.Size, "bytes")
	zr, err := gzip.NewReader(&countingReader{r: r, p: p})
	if err != nil {
		return rep, fmt.Errorf("%w: not gzip: %v", ErrFormat, err)
	}
	tr := tar.NewReader(zr)
	m, err := readManifest(tr)
	if err != nil {
		return rep, err
	}
	if err := m.check(); err != nil {
		return rep, err
	}
	pl, err := s.plan(ctx, m, o.Owner)
	if err != nil {
		return rep, err
	}
	defer func() {
		if err != nil {
			s.removeFiles(context.WithoutCancel(ctx), pl.written)
		}
	}()
	if err = s.receiveFiles(ctx, tr, pl); err != nil {
		return rep, err
	}
	if err = s.writeRows(ctx, pl, p); err != nil {
		return rep, err
	}
	rep = ImportReport{Counts: countsOf(m), InvestigationID: pl.invID, Code: pl.code, Owner: pl.ownerName,
		Files: len(pl.written), UnknownUsers: pl.unknown}
	for _, f := range pl.files {
		rep.Bytes += f.size
	}
	return rep, nil
}

// readManifest reads the first entry, which must be bundle.json.
func readManifest(tr *tar.Reader) (*Manifest, error) {
	hdr, err := tr.Next()
	if err != nil {
		return nil, fmt.Errorf("%w: no %s: %v", ErrFormat, ManifestName, err)
	}
	if hdr.Name != ManifestName {
		return nil, fmt.Errorf("%w: first entry is %q, want %s", ErrFormat, hdr.Name, ManifestName)
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(tr, maxManifestBytes)).Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrFormat, ManifestName, err)
	}
	return &m, nil
}

// plan is an import being prepared: users resolved, new ids drawn, stored
// names chosen.
type plan struct {
	m         *Manifest
	owner     int64
	ownerName string
	users     map[string]int64 // username → id here; missing users are absent
	unknown   []string
	invID     uuid.UUID
	code      string
	ids       map[uuid.UUID]uuid.UUID // bundle id → new id, every kind
	files     map[string]*incoming    // bundle file name → its new copy
	written   []string                // stored names, for cleanup on failure
}

// incoming is one file of the bundle on its way to storage.
type incoming struct {
	target     string      // name asked of the storage
	attachment *Attachment // nil for a photo
	stored     string      // name the storage chose
	size       int64
	sha256     string
	received   bool
}

func (s *Service) plan(ctx context.Context, m *Manifest, owner string) (*plan, error) {
	pl := &plan{m: m, users: map[string]int64{}, invID: uuid.New(), ids: map[uuid.UUID]uuid.UUID{}, files: map[string]*incoming{}}
	if owner == "" {
		owner = m.Investigation.CreatedBy
	}
	for _, name := range m.usernames() {
		u, err := s.store.Users.ByUsername(ctx, name)
		switch {
		case err == nil:
			pl.users[name] = u.ID()
		case errors.Is(err, fault.ErrNotFound):
			if name != owner {
				pl.unknown = append(pl.unknown, name)
			}
		default:
			return nil, err
		}
	}
	if id, ok := pl.users[owner]; ok {
		pl.owner, pl.ownerName = id, owner
	} else if u, err := s.store.Users.ByUsername(ctx, owner); err == nil {
		pl.owner, pl.ownerName = u.ID(), owner
	} else if errors.Is(err, fault.ErrNotFound) {
		return nil, fault.Invalid("owner", fmt.Sprintf("user %q does not exist on this server; create it or name another owner", owner))
	} else {
		return nil, err
	}
	slices.Sort(pl.unknown)
	pl.newIDs()
	return pl, nil
}

// usernames lists every username the manifest mentions, once each.
func (m *Manifest) usernames() []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	add(m.Investigation.CreatedBy)
	for _, x := range m.Members {
		add(x.Username)
	}
	for _, x := range m.Entities {
		add(x.CreatedBy)
	}
	for _, x := range m.Links {
		add(x.CreatedBy)
	}
	for _, x := range m.Comments {
		add(x.Author)
	}
	for _, x := range m.Attachments {
		add(x.UploadedBy)
	}
	return out
}

// user maps a bundle username to an account here: itself, or the owner.
func (pl *plan) user(name string) int64 {
	if id, ok := pl.users[name]; ok {
		return id
	}
	return pl.owner
}

// countingReader reports the archive bytes consumed.
type countingReader struct {
	r io.Reader
	p progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.advance(int64(n))
	return n, err
}
