package board_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/blob/disk"
	"github.com/enquete/enquete/adapters/persistence/memory"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

type env struct {
	ctx    context.Context
	store  *ports.Store
	media  string
	board  *appboard.Service
	actor  appboard.Actor
	entity uuid.UUID
	clock  *clock
}

// newEnv assembles the real use cases on the memory store and a disk media
// folder, with one investigation owned by alice and one entity on it.
func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	store := memory.NewStore()
	media := t.TempDir()
	blobs, err := disk.New(media)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)}
	log := slog.New(slog.DiscardHandler)
	cw := appcasework.NewService(store, blobs, c, log)
	bd := appboard.NewService(cw, store, blobs, c, log)
	u, _ := identity.NewUser("alice", "alice@example.com", "", "", "pbkdf2_sha256$1$s$h", c.Now())
	if err := store.Users.Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	inv, err := cw.Create(ctx, u.ID(), "Affaire", "")
	if err != nil {
		t.Fatal(err)
	}
	a := appboard.Actor{InvestigationID: inv.ID, UserID: u.ID()}
	id, err := bd.CreateEntity(ctx, a, board.EntityDraft{Kind: "evidence", Title: "Lettre"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &env{ctx: ctx, store: store, media: media, board: bd, actor: a, entity: id, clock: c}
}

func (e *env) files(t *testing.T) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(e.media, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(e.media, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAttachmentIntegrity(t *testing.T) {
	e := newEnv(t)
	content := "rapport d'autopsie\n"
	v, err := e.board.Attach(e.ctx, e.actor, e.entity, upload.File{Name: "../../etc/passwd", Body: strings.NewReader(content), Limit: 1 << 20})
	if err != nil {
		t.Fatalf("Attach() = %v", err)
	}
	a := v.Attachment
	if a.Filename != "passwd" || a.Size != int64(len(content)) || len(a.SHA256) != 64 || !strings.HasPrefix(a.File, "attachments/") || a.FileType != "text/plain" {
		t.Errorf("Attach() = %+v; want display name passwd, size, digest, generated name, sniffed type", a)
	}
	d, err := e.board.OpenAttachment(e.ctx, e.actor, e.entity, a.ID)
	if err != nil {
		t.Fatalf("OpenAttachment() = %v", err)
	}
	got, _ := io.ReadAll(d.Body)
	d.Body.Close()
	if string(got) != content {
		t.Errorf("download = %q; want %q", got, content)
	}
	// Tamper with the stored bytes: the download must refuse them.
	if err := os.WriteFile(filepath.Join(e.media, a.File), []byte("rapport falsifié\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := e.board.OpenAttachment(e.ctx, e.actor, e.entity, a.ID); !errors.Is(err, appboard.ErrIntegrity) {
		t.Errorf("OpenAttachment() of a tampered file = %v; want ErrIntegrity", err)
	}
	rep, err := e.board.VerifyFiles(e.ctx)
	if err != nil || rep.Checked != 1 || len(rep.Problems) != 1 || rep.Problems[0].Problem != "altered" {
		t.Errorf("VerifyFiles() = %+v, %v; want one altered file", rep, err)
	}
	os.Remove(filepath.Join(e.media, a.File))
	rep, _ = e.board.VerifyFiles(e.ctx)
	if len(rep.Problems) != 1 || rep.Problems[0].Problem != "missing" {
		t.Errorf("VerifyFiles() after removal = %+v; want one missing file", rep)
	}
}

func TestDigestComputedOnFirstReadForDjangoUploads(t *testing.T) {
	e := newEnv(t)
	// Django wrote the file and a row without any digest.
	os.MkdirAll(filepath.Join(e.media, "attachments"), 0o755)
	os.WriteFile(filepath.Join(e.media, "attachments", "scan.pdf"), []byte("%PDF-1.4 scan"), 0o644)
	att := board.NewAttachment(e.entity, "attachments/scan.pdf", "scan.pdf", "", 0, "", e.actor.UserID, e.clock.Now())
	if err := e.store.Attachments.Create(e.ctx, att); err != nil {
		t.Fatal(err)
	}
	d, err := e.board.OpenAttachment(e.ctx, e.actor, e.entity, att.ID())
	if err != nil {
		t.Fatalf("OpenAttachment() = %v", err)
	}
	d.Body.Close()
	stored, _ := e.store.Attachments.ByID(e.ctx, e.entity, att.ID())
	if s := stored.Snapshot(); s.SHA256 == "" || s.Size != 13 {
		t.Errorf("digest after first read = %q (%d); want it recorded", s.SHA256, s.Size)
	}
	os.WriteFile(filepath.Join(e.media, "attachments", "scan.pdf"), []byte("%PDF-1.4 edited"), 0o644)
	if _, err := e.board.OpenAttachment(e.ctx, e.actor, e.entity, att.ID()); !errors.Is(err, appboard.ErrIntegrity) {
		t.Errorf("OpenAttachment() after alteration = %v; want ErrIntegrity", err)
	}
}

func TestPhotoLifecycleLeavesNoFileBehind(t *testing.T) {
	e := newEnv(t)
	img := pngBytes(t)
	if _, err := e.board.SetPhoto(e.ctx, e.actor, e.entity, upload.File{Name: "notes.txt", Body: strings.NewReader("not an image"), Limit: 1 << 20}); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("SetPhoto(text) = %v; want invalid", err)
	}
	first, err := e.board.SetPhoto(e.ctx, e.actor, e.entity, upload.File{Name: "portrait.gif", Body: bytes.NewReader(img), Limit: 1 << 20})
	if err != nil || first != "entity_photos/portrait.png" {
		t.Fatalf("SetPhoto() = %q, %v; want entity_photos/portrait.png (extension of the real type)", first, err)
	}
	second, err := e.board.SetPhoto(e.ctx, e.actor, e.entity, upload.File{Name: "portrait.png", Body: bytes.NewReader(img), Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.files(t); len(got) != 1 || got[0] != second {
		t.Errorf("files after replacing the photo = %v; want only %q", got, second)
	}
	if _, err := e.board.SetPhoto(e.ctx, e.actor, e.entity, upload.File{Name: "big.png", Body: bytes.NewReader(img), Limit: 10}); !errors.Is(err, fault.ErrTooLarge) {
		t.Errorf("SetPhoto() beyond the limit = %v; want too large", err)
	}
	if err := e.board.DeleteEntity(e.ctx, e.actor, e.entity); err != nil {
		t.Fatal(err)
	}
	if got := e.files(t); len(got) != 0 {
		t.Errorf("files after deleting the entity = %v; want none", got)
	}
}

func TestGarbageCollection(t *testing.T) {
	e := newEnv(t)
	v, err := e.board.Attach(e.ctx, e.actor, e.entity, upload.File{Name: "a.txt", Body: strings.NewReader("kept"), Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(e.media, "attachments", "orphan.bin"), []byte("x"), 0o644)
	old := e.clock.Now().Add(-2 * time.Hour)
	os.Chtimes(filepath.Join(e.media, "attachments", "orphan.bin"), old, old)
	os.Chtimes(filepath.Join(e.media, v.Attachment.File), old, old)
	os.WriteFile(filepath.Join(e.media, "attachments", "young.bin"), []byte("in flight"), 0o644)
	e.clock.t = time.Now()
	rep, err := e.board.CollectGarbage(e.ctx, time.Hour, false)
	if err != nil || len(rep.Orphans) != 1 || rep.Orphans[0] != "attachments/orphan.bin" || rep.Removed != 1 {
		t.Fatalf("CollectGarbage() = %+v, %v; want only the old orphan removed", rep, err)
	}
	if got := e.files(t); len(got) != 2 {
		t.Errorf("files after gc = %v; want the referenced and the young one", got)
	}
}

func TestAttachmentFileIsNamedAfterItsID(t *testing.T) {
	e := newEnv(t)
	v, err := e.board.Attach(e.ctx, e.actor, e.entity, upload.File{Name: "note.txt", Body: strings.NewReader("x"), Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if want := "attachments/" + v.Attachment.ID.String(); v.Attachment.File != want {
		t.Errorf("stored as %q; want %q", v.Attachment.File, want)
	}
}
