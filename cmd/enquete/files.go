package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/pflag"
)

func runVerifyFiles(ctx context.Context, args []string) error {
	cfg, _, err := loadConfig("verify-files", args, nil)
	if err != nil {
		return err
	}
	app, cleanup, err := initApp(ctx, cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	defer cleanup()
	rep, err := app.Board.VerifyFiles(ctx)
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Printf("%-8s attachment %s file %s recorded sha256 %s actual %s\n",
			p.Problem, p.Attachment.ID, p.Attachment.File, p.Attachment.SHA256, p.ActualSHA)
	}
	fmt.Printf("checked %d attachments: %d problems, %d digests recorded for the first time\n", rep.Checked, len(rep.Problems), rep.Recorded)
	if len(rep.Problems) > 0 {
		return fmt.Errorf("%d stored files are missing or altered", len(rep.Problems))
	}
	return nil
}

func runGCFiles(ctx context.Context, args []string) error {
	var dryRun bool
	var minAge time.Duration
	cfg, _, err := loadConfig("gc-files", args, func(fs *pflag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "list orphans without removing them")
		fs.DurationVar(&minAge, "min-age", time.Hour, "spare files younger than this (uploads in flight)")
	})
	if err != nil {
		return err
	}
	app, cleanup, err := initApp(ctx, cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	defer cleanup()
	rep, err := app.Board.CollectGarbage(ctx, minAge, dryRun)
	for _, name := range rep.Orphans {
		fmt.Println("orphan", name)
	}
	fmt.Printf("scanned %d files: %d orphans, %d removed\n", rep.Scanned, len(rep.Orphans), rep.Removed)
	return err
}
