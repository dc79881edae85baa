package gormstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// What Django expects to find in its columns, and what Django leaves there,
// beyond what the port contract can see.

func rawString(t *testing.T, db *gormstore.DB, query string, args ...any) sql.NullString {
	t.Helper()
	var s sql.NullString
	if err := db.SQL().QueryRow(query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

func rawExec(t *testing.T, db *gormstore.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.SQL().Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// "No file" is written as ” (as Django writes it), and a NULL left by some
// other writer reads as "no file".
func TestFileColumnsBlankNotNull(t *testing.T) {
	dialects(t, func(t *testing.T, db *gormstore.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "alice")
		inv := mustInvestigation(t, db, u)
		e := mustEntity(t, db, inv, u, board.EntityDraft{Title: "Sans photo"}, t0)
		for _, c := range []struct{ query, id string }{
			{`SELECT avatar FROM investigation_user WHERE id = $1`, ""},
			{`SELECT photo FROM investigation_entity WHERE id = $1`, e.ID().String()},
		} {
			var arg any = u.ID()
			if c.id != "" {
				arg = c.id
			}
			if got := rawString(t, db, c.query, arg); !got.Valid || got.String != "" {
				t.Errorf("%s = %+v; want ''", c.query, got)
			}
		}
		rawExec(t, db, `UPDATE investigation_user SET avatar = NULL`)
		rawExec(t, db, `UPDATE investigation_entity SET photo = NULL`)
		gotU, err := db.Store().Users.ByID(ctx, u.ID())
		if err != nil || gotU.Avatar() != "" {
			t.Errorf("Users.ByID with NULL avatar = %v, %v; want avatar \"\"", gotU, err)
		}
		gotE, err := db.Store().Entities.ByID(ctx, inv.ID(), e.ID())
		if err != nil || gotE.Photo() != "" {
			t.Errorf("Entities.ByID with NULL photo = %v, %v; want photo \"\"", gotE, err)
		}
		members, err := db.Store().Members.List(ctx, inv.ID())
		if err != nil || len(members) != 1 || members[0].Avatar != "" {
			t.Errorf("Members.List with NULL avatar = %+v, %v; want one member, avatar \"\"", members, err)
		}
	})
}

// An attachment Django uploaded has no digest row: it reads as size 0 and
// no digest until SaveDigest, and Django can still delete it afterwards
// (the digest table cascades, unlike Django's own foreign keys).
func TestAttachmentWithoutDigest(t *testing.T) {
	dialects(t, func(t *testing.T, db *gormstore.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "alice")
		inv := mustInvestigation(t, db, u)
		e := mustEntity(t, db, inv, u, board.EntityDraft{Title: "Preuve"}, t0)
		id := uuid.New()
		rawExec(t, db, `INSERT INTO investigation_attachment (id, file, filename, file_type, uploaded_at, entity_id, uploaded_by_id)
			VALUES ($1, 'attachments/rapport.pdf', 'rapport.pdf', 'application/pdf', $2, $3, $4)`,
			id.String(), t0, e.ID().String(), u.ID())
		a, err := db.Store().Attachments.ByID(ctx, e.ID(), id)
		if err != nil {
			t.Fatalf("Attachments.ByID(Django's row) = %v", err)
		}
		if s := a.Snapshot(); s.Size != 0 || s.SHA256 != "" || !s.UploadedAt.Equal(t0) {
			t.Errorf("Attachments.ByID(Django's row) = size %d, sha256 %q, at %v; want 0, \"\", %v", s.Size, s.SHA256, s.UploadedAt, t0)
		}
		a.RecordDigest(1234, "ab12")
		if err := db.Store().Attachments.SaveDigest(ctx, a); err != nil {
			t.Fatalf("SaveDigest = %v", err)
		}
		list, err := db.Store().Attachments.List(ctx, e.ID())
		if err != nil || len(list) != 1 || list[0].Attachment.Size != 1234 || list[0].Attachment.SHA256 != "ab12" {
			t.Errorf("Attachments.List after SaveDigest = %+v, %v; want size 1234, sha256 ab12", list, err)
		}
		// Django's delete: one statement on its own table.
		rawExec(t, db, `DELETE FROM investigation_attachment WHERE id = $1`, id.String())
		if n := rawString(t, db, `SELECT CAST(count(*) AS text) FROM enquete_attachment_digest`); n.String != "0" {
			t.Errorf("digest rows after Django's delete = %s; want 0", n.String)
		}
	})
}

// SQLite keeps timestamps as fixed-width UTC text, so that ORDER BY on the
// text is time order down to the microsecond.
func TestSQLiteTimestampText(t *testing.T) {
	db := openSQLite(t)
	u := mustUser(t, db, "alice")
	inv := mustInvestigation(t, db, u)
	if got := rawString(t, db, `SELECT CAST(created_at AS TEXT) FROM investigation_investigation`).String; got != "2026-03-14 15:09:26.535897" {
		t.Errorf("stored created_at = %q; want %q", got, "2026-03-14 15:09:26.535897")
	}
	// 9µs and 10µs after t0: as text, "...535906" < "...535907"; an RFC 3339
	// encoding without trailing zeros would not sort.
	for i, d := range []time.Duration{9 * time.Microsecond, 10 * time.Microsecond, 100 * time.Millisecond} {
		mustEntity(t, db, inv, u, board.EntityDraft{Title: string(rune('a' + i))}, t0.Add(d))
	}
	got, err := db.Store().Entities.List(context.Background(), inv.ID(), ports.EntityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var titles string
	for _, v := range got {
		titles += v.Entity.Title
	}
	if titles != "cba" {
		t.Errorf("Entities.List order = %q; want %q (newest first, to the microsecond)", titles, "cba")
	}
}
