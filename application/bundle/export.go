package bundle

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Service exports and imports bundles on one store and one file storage.
// These are operator commands: they run with the database's authority, and
// check no member's permission.
type Service struct {
	store *ports.Store
	blobs ports.BlobStore
	clock ports.Clock
	log   *slog.Logger
}

// New assembles the bundle use cases.
func New(store *ports.Store, blobs ports.BlobStore, clock ports.Clock, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, blobs: blobs, clock: clock, log: log}
}

// Counts are the objects in a bundle.
type Counts struct {
	Members, Tags, Entities, Links, Comments, Attachments int
}

// ExportReport sums up an export.
type ExportReport struct {
	Counts
	Files int
	Bytes int64 // file bytes before compression
}

// Export writes investigation id as a bundle to w. The reads are not one
// snapshot (a read-only transaction is not a port, and on SQLite a
// transaction would hold the write lock for the whole export): run it on a
// quiet investigation. The bundle is consistent anyway — a link or comment
// whose entity vanished meanwhile is left out.
func (s *Service) Export(ctx context.Context, id uuid.UUID, w io.Writer, p Progress) (ExportReport, error) {
	m, err := s.manifest(ctx, id, p)
	if err != nil {
		return ExportReport{}, err
	}
	rep := ExportReport{Counts: countsOf(m)}
	if err := s.writeArchive(ctx, m, w, progress{p}, &rep); err != nil {
		return ExportReport{}, err
	}
	return rep, nil
}

func countsOf(m *Manifest) Counts {
	return Counts{Members: len(m.Members), Tags: len(m.Tags), Entities: len(m.Entities),
		Links: len(m.Links), Comments: len(m.Comments), Attachments: len(m.Attachments)}
}

// progress makes a nil Progress a silent one.
type progress struct{ p Progress }

func (p progress) stage(name string, total int64, unit string) {
	if p.p != nil {
		p.p.Stage(name, total, unit)
	}
}

func (p progress) advance(n int64) {
	if p.p != nil && n != 0 {
		p.p.Advance(n)
	}
}

// manifest reads everything but the files' bytes.
func (s *Service) manifest(ctx context.Context, id uuid.UUID, p Progress) (*Manifest, error) {
	st := s.store
	inv, err := st.Investigations.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	snap := inv.Snapshot()
	members, err := st.Members.List(ctx, id)
	if err != nil {
		return nil, err
	}
	creator, err := s.username(ctx, snap.CreatedBy, members)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Format: FormatName, Version: Version, ExportedAt: s.clock.Now().UTC(),
		Investigation: Investigation{ID: snap.ID, Code: snap.Code, Title: snap.Title, Description: snap.Description,
			CreatedAt: snap.CreatedAt, UpdatedAt: snap.UpdatedAt, IsActive: snap.IsActive, CreatedBy: creator}}
	for _, v := range members {
		mm := v.Member
		m.Members = append(m.Members, Member{Username: v.Username, Email: v.Email, Role: mm.Role.String(),
			JoinedAt: mm.JoinedAt, LastSeen: mm.LastSeen})
	}
	tags, err := st.Tags.List(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, v := range tags {
		t := v.Tag
		m.Tags = append(m.Tags, Tag{ID: t.ID, Name: t.Name, Color: t.Color, CreatedAt: t.CreatedAt})
	}
	if err := s.boardContent(ctx, id, m, progress{p}); err != nil {
		return nil, err
	}
	return m, m.collectFiles()
}

// username names a user, preferably from the member list already read.
func (s *Service) username(ctx context.Context, userID int64, members []ports.MemberView) (string, error) {
	for _, v := range members {
		if v.Member.UserID == userID {
			return v.Username, nil
		}
	}
	u, err := s.store.Users.ByID(ctx, userID)
	if err != nil {
		return "", fmt.Errorf("creator of the investigation (user %d): %w", userID, err)
	}
	return u.Username(), nil
}

// collectFiles lists the stored files the manifest references. A file
// referenced twice would end up shared by two rows after import, where
// deleting one would delete the other's file: it is refused.
func (m *Manifest) collectFiles() error {
	seen := map[string]bool{}
	add := func(name, what string) error {
		if name == "" {
			return nil
		}
		if seen[name] {
			return fmt.Errorf("%w: file %q is referenced twice (again by %s)", ErrFormat, name, what)
		}
		seen[name] = true
		m.Files = append(m.Files, name)
		return nil
	}
	for _, e := range m.Entities {
		if err := add(e.Photo, "the photo of entity "+e.ID.String()); err != nil {
			return err
		}
	}
	for _, a := range m.Attachments {
		if err := add(a.File, "attachment "+a.ID.String()); err != nil {
			return err
		}
	}
	return nil
}
