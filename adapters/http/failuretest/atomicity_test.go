package failuretest_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/jwt"
	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

var errInjected = errors.New("injected failure")

// failingRecorder fails the change of one type (and records the others),
// as an audit store refusing a write in the middle of a use case would.
type failingRecorder struct {
	inner    ports.ChangeRecorder
	failType string
}

func (r failingRecorder) Record(ctx context.Context, c ports.Change) error {
	if c.Type == r.failType {
		return errInjected
	}
	if r.inner == nil {
		return nil
	}
	return r.inner.Record(ctx, c)
}

// failingTags fails its failOn-th Create: the middle of a multi-row write.
type failingTags struct {
	ports.TagRepository
	calls  atomic.Int32
	failOn int32
}

func (r *failingTags) Create(ctx context.Context, t *board.Tag) error {
	if r.calls.Add(1) == r.failOn {
		return errInjected
	}
	return r.TagRepository.Create(ctx, t)
}

// world is an investigation with members, entities, tags, links and
// comments on one database, and services that can be made to fail.
type world struct {
	t      *testing.T
	base   *ports.Store
	owner  int64
	member int64
	inv    uuid.UUID
	e1     uuid.UUID
}

func services(t *testing.T, st *ports.Store) (*appidentity.Service, *appcasework.Service, *appboard.Service) {
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("test-secret-test-secret-test-secret")}}})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	clock := ports.SystemClock{}
	cw := appcasework.NewService(st, nil, clock, log)
	return appidentity.NewService(st.Users, djangohash.New(1000), tokens, nil, clock), cw, appboard.NewService(cw, st, nil, clock, log)
}

func newWorld(t *testing.T, db *gormstore.DB) *world {
	t.Helper()
	ctx := t.Context()
	w := &world{t: t, base: db.Store()}
	id, cw, bd := services(t, w.base)
	for _, name := range []string{"owner", "member"} {
		res, err := id.Register(ctx, appidentity.RegisterInput{Username: name, Email: name + "@example.com", Password: "correct-horse-battery"})
		if err != nil {
			t.Fatal(err)
		}
		if name == "owner" {
			w.owner = res.User.ID
		} else {
			w.member = res.User.ID
		}
	}
	created, err := cw.Create(ctx, w.owner, "Affaire", "")
	if err != nil {
		t.Fatal(err)
	}
	w.inv = created.ID
	if _, err := cw.Join(ctx, w.member, created.Code); err != nil {
		t.Fatal(err)
	}
	a := appboard.Actor{InvestigationID: w.inv, UserID: w.owner}
	if w.e1, err = bd.CreateEntity(ctx, a, board.EntityDraft{Kind: "person", Title: "Jean"}, []string{"Suspect", "Témoin"}); err != nil {
		t.Fatal(err)
	}
	e2, err := bd.CreateEntity(ctx, a, board.EntityDraft{Kind: "location", Title: "Gare"}, []string{"Suspect"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bd.CreateLink(ctx, a, appboard.LinkInput{From: w.e1, To: e2, Title: "vu à"}); err != nil {
		t.Fatal(err)
	}
	if _, err := bd.CreateComment(ctx, a, w.e1, "Alibi à vérifier"); err != nil {
		t.Fatal(err)
	}
	return w
}

// with returns services over the database with one part replaced.
func (w *world) with(change func(*ports.Store)) (*appcasework.Service, *appboard.Service) {
	st := *w.base
	change(&st)
	_, cw, bd := services(w.t, &st)
	return cw, bd
}

// state is everything stored about the investigation, as text.
func (w *world) state() string {
	w.t.Helper()
	ctx := context.Background()
	var sb strings.Builder
	if inv, err := w.base.Investigations.ByID(ctx, w.inv); err != nil {
		fmt.Fprintf(&sb, "investigation: %v\n", err)
	} else {
		s := inv.Snapshot()
		fmt.Fprintf(&sb, "investigation %s %q\n", s.Code, s.Title)
	}
	members, _ := w.base.Members.List(ctx, w.inv)
	for _, m := range members {
		fmt.Fprintf(&sb, "member %s %s\n", m.Username, m.Member.Role)
	}
	entities, _ := w.base.Entities.List(ctx, w.inv, ports.EntityFilter{})
	for _, e := range entities {
		fmt.Fprintf(&sb, "entity %q tags=%v comments=%d\n", e.Entity.Title, e.Tags, e.CommentsCount)
	}
	links, _ := w.base.Links.List(ctx, w.inv, ports.LinkFilter{})
	for _, l := range links {
		fmt.Fprintf(&sb, "link %q\n", l.Link.Title)
	}
	tags, _ := w.base.Tags.List(ctx, w.inv)
	for _, tg := range tags {
		fmt.Fprintf(&sb, "tag %q ×%d\n", tg.Tag.Name, tg.EntityCount)
	}
	return sb.String()
}

// TestFailedMidwayLeavesNothing fails multi-row changes in their middle
// and checks that the database is exactly as before, on both databases.
func TestFailedMidwayLeavesNothing(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *gormstore.DB{
		"sqlite": gormtest.NewSQLite, "postgres": gormtest.NewPostgres,
	} {
		t.Run(name, func(t *testing.T) {
			for _, c := range atomicityCases {
				t.Run(c.name, func(t *testing.T) {
					w := newWorld(t, open(t))
					before := w.state()
					err := c.run(w)
					if !errors.Is(err, errInjected) {
						t.Fatalf("%s = %v; want the injected failure", c.name, err)
					}
					if after := w.state(); after != before {
						t.Errorf("%s failed but changed the data:\nbefore:\n%s\nafter:\n%s", c.name, before, after)
					}
					// The same change without the failure goes through: the
					// wrappers fail only where told.
					if err := c.control(w); err != nil {
						t.Errorf("%s without failure = %v", c.name, err)
					}
					if w.state() == before {
						t.Errorf("%s without failure changed nothing", c.name)
					}
				})
			}
		})
	}
}

type atomicityCase struct {
	name    string
	run     func(*world) error
	control func(*world) error
}

var atomicityCases = []atomicityCase{
	{
		name: "entity create, second new tag fails",
		run: func(w *world) error {
			_, bd := w.with(func(s *ports.Store) { s.Tags = &failingTags{TagRepository: s.Tags, failOn: 2} })
			_, err := bd.CreateEntity(context.Background(), appboard.Actor{InvestigationID: w.inv, UserID: w.owner},
				board.EntityDraft{Kind: "evidence", Title: "Couteau"}, []string{"Arme", "Cuisine", "Suspect"})
			return err
		},
		control: func(w *world) error {
			_, bd := w.with(func(*ports.Store) {})
			_, err := bd.CreateEntity(context.Background(), appboard.Actor{InvestigationID: w.inv, UserID: w.owner},
				board.EntityDraft{Kind: "evidence", Title: "Couteau"}, []string{"Arme", "Cuisine", "Suspect"})
			return err
		},
	},
	{
		name: "entity update with new tags, change record fails",
		run: func(w *world) error {
			_, bd := w.with(func(s *ports.Store) { s.Changes = failingRecorder{s.Changes, "entity.updated"} })
			title := "Jean Dupont"
			return bd.UpdateEntity(context.Background(), appboard.Actor{InvestigationID: w.inv, UserID: w.owner}, w.e1,
				board.EntityPatch{Title: &title}, &[]string{"Nouveau", "Témoin"})
		},
		control: func(w *world) error {
			_, bd := w.with(func(*ports.Store) {})
			title := "Jean Dupont"
			return bd.UpdateEntity(context.Background(), appboard.Actor{InvestigationID: w.inv, UserID: w.owner}, w.e1,
				board.EntityPatch{Title: &title}, &[]string{"Nouveau", "Témoin"})
		},
	},
	{
		name: "entity delete (links, comments, tag assignments), change record fails",
		run: func(w *world) error {
			_, bd := w.with(func(s *ports.Store) { s.Changes = failingRecorder{s.Changes, "entity.deleted"} })
			return bd.DeleteEntity(context.Background(), appboard.Actor{InvestigationID: w.inv, UserID: w.owner}, w.e1)
		},
		control: func(w *world) error {
			_, bd := w.with(func(*ports.Store) {})
			return bd.DeleteEntity(context.Background(), appboard.Actor{InvestigationID: w.inv, UserID: w.owner}, w.e1)
		},
	},
	{
		name: "investigation delete (everything in it), change record fails",
		run: func(w *world) error {
			cw, _ := w.with(func(s *ports.Store) { s.Changes = failingRecorder{s.Changes, "investigation.deleted"} })
			return cw.Delete(context.Background(), w.inv, w.owner)
		},
		control: func(w *world) error {
			cw, _ := w.with(func(*ports.Store) {})
			return cw.Delete(context.Background(), w.inv, w.owner)
		},
	},
	{
		name: "revoke (remove member, rotate code), code change record fails",
		run: func(w *world) error {
			cw, _ := w.with(func(s *ports.Store) { s.Changes = failingRecorder{s.Changes, "investigation.updated"} })
			_, err := cw.Revoke(context.Background(), w.inv, w.owner, w.member)
			return err
		},
		control: func(w *world) error {
			cw, _ := w.with(func(*ports.Store) {})
			_, err := cw.Revoke(context.Background(), w.inv, w.owner, w.member)
			return err
		},
	},
}
