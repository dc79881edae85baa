package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/enquete/enquete/adapters/progress"
	"github.com/enquete/enquete/application/seed"
	"github.com/enquete/enquete/ports"
	"github.com/spf13/pflag"
)

func runSeed(ctx context.Context, args []string) error {
	return seedCommand(ctx, args, os.Stdout, os.Stderr)
}

// seedCommand fills the configured database with one generated
// investigation. The result goes to stdout as key=value lines, so that
// scripts can pick the ids (`enquete seed | grep ^investigation_id=`);
// progress goes to stderr, as a bar when stderr is a terminal and as a line
// every few seconds otherwise, so that it never mixes with the result.
func seedCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := seed.Defaults
	var randSeed uint64
	cfg, _, err := loadConfig("seed", args, func(fs *pflag.FlagSet) {
		fs.IntVar(&o.Entities, "entities", o.Entities, "number of entities")
		fs.IntVar(&o.Links, "links", o.Links, "number of links (distinct pairs of entities)")
		fs.IntVar(&o.Comments, "comments", o.Comments, "number of comments")
		fs.IntVar(&o.Tags, "tags", o.Tags, "number of tags entities draw from")
		fs.IntVar(&o.Users, "users", o.Users, "number of members besides the owner")
		fs.StringVar(&o.Title, "investigation-title", o.Title, "title of the investigation")
		fs.StringVar(&o.Owner, "owner", o.Owner, "owner's username (reused when it exists, created otherwise)")
		fs.StringVar(&o.Password, "password", "", "password of created accounts (default: $ENQUETE_PASSWORD, else random and printed)")
		fs.Uint64Var(&randSeed, "rand-seed", 1, "seed of the content generator (same seed, same board)")
		fs.IntVar(&o.Batch, "batch", o.Batch, "objects written per transaction")
	})
	if err != nil {
		return err
	}
	if strings.HasPrefix(cfg.Database.URL, "memory:") {
		return errors.New("seeding the in-memory store is pointless: nothing outlives the command")
	}
	if o.Password == "" {
		o.Password = os.Getenv("ENQUETE_PASSWORD")
	}
	o.RandSeed = randSeed
	app, cleanup, err := initApp(ctx, cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	defer cleanup()
	rep := progress.NewReporter(stderr, progress.Options{})
	o.Progress = rep
	start := time.Now()
	res, err := seed.New(app.Store, provideHasher(cfg), ports.SystemClock{}).Run(ctx, o)
	rep.Finish()
	if err != nil {
		return err
	}
	if res.Password == "" {
		fmt.Fprintln(stderr, "note: the accounts existed already; their passwords are unchanged")
	}
	printSeed(stdout, res, time.Since(start))
	return nil
}

func printSeed(w io.Writer, r seed.Result, took time.Duration) {
	fmt.Fprintf(w, "investigation_id=%s\n", r.InvestigationID)
	fmt.Fprintf(w, "investigation_code=%s\n", r.Code)
	fmt.Fprintf(w, "owner=%s\n", r.Owner)
	if r.Password != "" {
		fmt.Fprintf(w, "password=%s\n", r.Password)
	}
	fmt.Fprintf(w, "members=%s\n", strings.Join(r.Members, ","))
	fmt.Fprintf(w, "entities=%d\nlinks=%d\ntags=%d\ncomments=%d\n", r.Entities, r.Links, r.Tags, r.Comments)
	fmt.Fprintf(w, "seconds=%.1f\n", took.Seconds())
}
