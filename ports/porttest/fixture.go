package porttest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// base is the fixtures' time origin. It has microseconds and a non-UTC zone
// so that every round trip checks what a timestamptz column keeps: the
// instant, to the microsecond. (Finer digits are the domain's business: it
// truncates before any store sees a time.)
var base = time.Date(2025, 11, 26, 8, 0, 0, 123456000, time.FixedZone("CET", 3600))

// at is the fixtures' clock: minute i after base. Tests pick distinct minutes
// so that "newest first" has exactly one right answer.
func at(i int) time.Time { return base.Add(time.Duration(i) * time.Minute) }

// testHash is a well-formed Django password hash; the stores never parse it.
const testHash = "pbkdf2_sha256$1000000$c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA="

// fixture builds rows through the domain constructors and the store under
// test. A failing step stops the test at once: a broken fixture says nothing
// about the behaviour being checked. Parents are always inserted before their
// children, because the SQL stores check foreign keys (at commit at the latest).
type fixture struct {
	t   *testing.T
	ctx context.Context
	s   *ports.Store
}

func newFixture(t *testing.T, newStore Factory) *fixture {
	t.Helper()
	return &fixture{t: t, ctx: t.Context(), s: newStore(t)}
}

func (f *fixture) user(name string) *identity.User {
	f.t.Helper()
	u, err := identity.NewUser(name, name+"@example.com", "", "", testHash, at(0))
	if err != nil {
		f.t.Fatalf("identity.NewUser(%q) = %v", name, err)
	}
	if err := f.s.Users.Create(f.ctx, u); err != nil {
		f.t.Fatalf("Users.Create(%q) = %v; want nil", name, err)
	}
	return u
}

// investigation opens an investigation owned by owner, with the owner's
// membership, as the create use case does.
func (f *fixture) investigation(owner *identity.User, title string, when time.Time) *casework.Investigation {
	f.t.Helper()
	inv, err := casework.New(title, "", owner.ID(), when)
	if err != nil {
		f.t.Fatalf("casework.New(%q) = %v", title, err)
	}
	if err := f.s.Investigations.Create(f.ctx, inv); err != nil {
		f.t.Fatalf("Investigations.Create(%q) = %v; want nil", title, err)
	}
	if err := f.s.Members.Add(f.ctx, inv.NewOwner(when)); err != nil {
		f.t.Fatalf("Members.Add(owner of %q) = %v; want nil", title, err)
	}
	return inv
}

func (f *fixture) join(inv *casework.Investigation, u *identity.User, when time.Time) *casework.Member {
	f.t.Helper()
	m := inv.Join(u.ID(), when)
	if err := f.s.Members.Add(f.ctx, m); err != nil {
		f.t.Fatalf("Members.Add(%q in %q) = %v; want nil", u.Username(), inv.Title(), err)
	}
	return m
}

func (f *fixture) newEntity(inv *casework.Investigation, by *identity.User, d board.EntityDraft, when time.Time) *board.Entity {
	f.t.Helper()
	e, err := board.NewEntity(inv.ID(), d, by.ID(), when)
	if err != nil {
		f.t.Fatalf("board.NewEntity(%q) = %v", d.Title, err)
	}
	return e
}

func (f *fixture) addEntity(e *board.Entity) *board.Entity {
	f.t.Helper()
	if err := f.s.Entities.Create(f.ctx, e); err != nil {
		f.t.Fatalf("Entities.Create(%q) = %v; want nil", e.Title(), err)
	}
	return e
}

// entity creates an entity with only a kind and a title.
func (f *fixture) entity(inv *casework.Investigation, by *identity.User, kind, title string, when time.Time) *board.Entity {
	f.t.Helper()
	return f.addEntity(f.newEntity(inv, by, board.EntityDraft{Kind: kind, Title: title}, when))
}

// photographed creates an entity whose photo is already set.
func (f *fixture) photographed(inv *casework.Investigation, by *identity.User, title, photo string, when time.Time) *board.Entity {
	f.t.Helper()
	e := f.newEntity(inv, by, board.EntityDraft{Kind: "person", Title: title}, when)
	e.ChangePhoto(photo, when)
	return f.addEntity(e)
}

func (f *fixture) tag(inv *casework.Investigation, name, color string, when time.Time) *board.Tag {
	f.t.Helper()
	tg, err := board.NewTag(inv.ID(), name, color, when)
	if err != nil {
		f.t.Fatalf("board.NewTag(%q) = %v", name, err)
	}
	if err := f.s.Tags.Create(f.ctx, tg); err != nil {
		f.t.Fatalf("Tags.Create(%q) = %v; want nil", name, err)
	}
	return tg
}

func (f *fixture) setTags(e *board.Entity, tags ...*board.Tag) {
	f.t.Helper()
	ids := make([]uuid.UUID, len(tags))
	for i, tg := range tags {
		ids[i] = tg.ID()
	}
	if err := f.s.Entities.SetTags(f.ctx, e.ID(), ids); err != nil {
		f.t.Fatalf("Entities.SetTags(%q) = %v; want nil", e.Title(), err)
	}
}

func (f *fixture) link(inv *casework.Investigation, from, to *board.Entity, title string, by *identity.User, when time.Time) *board.Link {
	f.t.Helper()
	l, err := board.NewLink(inv.ID(), from, to, title, "", nil, by.ID(), when)
	if err != nil {
		f.t.Fatalf("board.NewLink(%q) = %v", title, err)
	}
	if err := f.s.Links.Create(f.ctx, l); err != nil {
		f.t.Fatalf("Links.Create(%q) = %v; want nil", title, err)
	}
	return l
}

func (f *fixture) comment(e *board.Entity, by *identity.User, content string, when time.Time) *board.Comment {
	f.t.Helper()
	c, err := board.NewComment(e.ID(), by.ID(), content, when)
	if err != nil {
		f.t.Fatalf("board.NewComment(%q) = %v", content, err)
	}
	if err := f.s.Comments.Create(f.ctx, c); err != nil {
		f.t.Fatalf("Comments.Create(%q) = %v; want nil", content, err)
	}
	return c
}

// attachment records a stored file with a size and digest derived from its name.
func (f *fixture) attachment(e *board.Entity, file string, by *identity.User, when time.Time) *board.Attachment {
	f.t.Helper()
	a := board.NewAttachment(e.ID(), file, "C:\\Users\\x\\"+file, "application/pdf", int64(len(file))*1000, digest(file), by.ID(), when)
	if err := f.s.Attachments.Create(f.ctx, a); err != nil {
		f.t.Fatalf("Attachments.Create(%q) = %v; want nil", file, err)
	}
	return a
}

// digest is a realistic lower-case hex SHA-256 for fixture files.
func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
