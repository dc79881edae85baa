// Package seed fills a store with a plausible investigation — an owner,
// members, tags, entities, links and comments — for demonstrations and for
// benchmarks (`enquete seed`, the Go benchmarks, the HTTP load scenario).
//
// Objects are built with the domain constructors, so they obey every rule a
// client's request would, but they are written straight through the
// repositories in batches of a few hundred per transaction rather than one
// use case call (and one transaction, and one access check) per object:
// 10 000 entities and 20 000 links take seconds instead of minutes. Only the
// investigation's creation is recorded as a change (ports.ChangeRecorder): a
// bulk load is not a series of user actions worth an audit entry each.
//
// The content is drawn from a seeded pseudo-random generator, so the same
// options give the same board (ids and join code aside): benchmark figures
// stay comparable between runs.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Progress receives the advance of a long run; the adapters/progress
// Reporter implements it. unit is "" (items) or "bytes".
type Progress interface {
	Stage(name string, total int64, unit string)
	Advance(n int64)
}

// Options say what to create. Zero values take the defaults of Defaults.
type Options struct {
	Title    string // investigation title
	Entities int
	Links    int // at most Entities×(Entities−1)/2: links are undirected
	Comments int
	Tags     int // size of the tag pool entities draw from
	// Owner is the owner's username; an existing account is reused (its
	// password untouched), a missing one is created with Password.
	Owner string
	// Password of the accounts created; a random one when empty.
	Password string
	// Users is the number of extra members (Owner-1, Owner-2, ...); every
	// fourth is a viewer, every fifth an admin, the others members.
	Users int
	// RandSeed fixes the content; 0 means 1.
	RandSeed uint64
	// Batch is the number of objects written per transaction (default 500).
	Batch    int
	Progress Progress
}

// Defaults are the options of a small demonstration board.
var Defaults = Options{Title: "Enquête de démonstration", Entities: 200, Links: 300, Comments: 50, Tags: 8,
	Owner: "demo", Users: 3, RandSeed: 1, Batch: 500}

// Result is what was created.
type Result struct {
	InvestigationID uuid.UUID
	Code            string
	Owner           string
	OwnerID         int64
	// Password is the password of the accounts created by this run, "" when
	// every account already existed.
	Password string
	Members  []string // usernames of the other members
	Entities int
	Links    int
	Tags     int
	Comments int
}

// Seeder writes seed data into one store.
type Seeder struct {
	store  *ports.Store
	hasher ports.PasswordHasher
	clock  ports.Clock
}

// New returns a Seeder; hasher encodes the passwords of created accounts.
func New(store *ports.Store, hasher ports.PasswordHasher, clock ports.Clock) *Seeder {
	return &Seeder{store: store, hasher: hasher, clock: clock}
}

// Run creates one investigation as opts describe.
func (s *Seeder) Run(ctx context.Context, opts Options) (Result, error) {
	o, err := withDefaults(opts)
	if err != nil {
		return Result{}, err
	}
	r := &run{s: s, o: o, rng: rand.New(rand.NewPCG(o.RandSeed, o.RandSeed^0x9e3779b97f4a7c15)), now: s.clock.Now()}
	// Objects are stamped one second apart ending now, the order a real
	// board accumulates, so that "newest first" has a single answer.
	r.at = r.now.Add(-time.Duration(1+o.Entities+o.Links+o.Comments) * time.Second)
	if err := r.people(ctx); err != nil {
		return Result{}, err
	}
	if err := r.investigation(ctx); err != nil {
		return Result{}, err
	}
	if err := r.board(ctx); err != nil {
		return Result{}, err
	}
	return r.res, nil
}

func withDefaults(o Options) (Options, error) {
	d := Defaults
	if o.Title == "" {
		o.Title = d.Title
	}
	if o.Owner == "" {
		o.Owner = d.Owner
	}
	if o.RandSeed == 0 {
		o.RandSeed = d.RandSeed
	}
	if o.Batch <= 0 {
		o.Batch = d.Batch
	}
	if o.Tags <= 0 {
		o.Tags = d.Tags
	}
	if o.Entities < 0 || o.Links < 0 || o.Comments < 0 || o.Users < 0 {
		return o, fault.Invalid("count", "counts must not be negative")
	}
	if max := int64(o.Entities) * int64(o.Entities-1) / 2; int64(o.Links) > max {
		return o, fault.Invalid("links", fmt.Sprintf("%d entities allow at most %d links (one per pair)", o.Entities, max))
	}
	if o.Comments > 0 && o.Entities == 0 {
		return o, fault.Invalid("comments", "comments need entities")
	}
	return o, nil
}

// run is the state of one Run.
type run struct {
	s       *Seeder
	o       Options
	rng     *rand.Rand
	now, at time.Time
	res     Result
	writers []int64 // ids of the accounts that may write (owner, admins, members)
	users   []int64 // ids of all members
	tags    []*board.Tag
	ents    []*board.Entity
}

// tick returns the next creation time.
func (r *run) tick() time.Time {
	r.at = r.at.Add(time.Second)
	return r.at
}

// inBatches calls fn for i in [0, n) in transactions of r.o.Batch calls,
// reporting progress after each committed batch.
func (r *run) inBatches(ctx context.Context, stage string, n int, fn func(ctx context.Context, i int) error) error {
	if r.o.Progress != nil && n > 0 {
		r.o.Progress.Stage(stage, int64(n), "")
	}
	for lo := 0; lo < n; lo += r.o.Batch {
		hi := min(n, lo+r.o.Batch)
		err := r.s.store.Tx.InTx(ctx, func(ctx context.Context) error {
			for i := lo; i < hi; i++ {
				if err := fn(ctx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("seed %s: %w", stage, err)
		}
		if r.o.Progress != nil {
			r.o.Progress.Advance(int64(hi - lo))
		}
	}
	return nil
}
