package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/enquete/enquete/adapters/progress"
	"github.com/enquete/enquete/application/bundle"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
	"github.com/spf13/pflag"
)

func runExport(ctx context.Context, args []string) error {
	return exportCommand(ctx, args, os.Stdout, os.Stderr)
}

func runImport(ctx context.Context, args []string) error {
	return importCommand(ctx, args, os.Stdout, os.Stderr)
}

// exportCommand writes one investigation as a bundle. The archive is
// written under a temporary name next to --out and renamed at the end, so
// that a failed or interrupted export never leaves a plausible-looking but
// truncated bundle behind.
func exportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var idText, out string
	cfg, _, err := loadConfig("export", args, func(fs *pflag.FlagSet) {
		fs.StringVar(&idText, "investigation", "", "id of the investigation to export (required)")
		fs.StringVar(&out, "out", "", "bundle file to write, e.g. case.tar.gz (required)")
	})
	if err != nil {
		return err
	}
	id, err := uuid.Parse(idText)
	if err != nil {
		return fmt.Errorf("--investigation: %q is not an investigation id", idText)
	}
	if out == "" {
		return errors.New("--out is required")
	}
	app, cleanup, err := initApp(ctx, cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	defer cleanup()
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.part")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	rep := progress.NewReporter(stderr, progress.Options{})
	res, err := bundle.New(app.Store, app.Blobs, ports.SystemClock{}, app.Log).Export(ctx, id, tmp, rep)
	rep.Finish()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported investigation %s to %s: %s, %d files (%s)\n",
		id, out, describe(res.Counts), res.Files, progress.FormatBytes(res.Bytes))
	return nil
}

// importCommand recreates a bundle's investigation in the configured
// database and storage (new ids, new join code).
func importCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var in, owner string
	cfg, _, err := loadConfig("import", args, func(fs *pflag.FlagSet) {
		fs.StringVar(&in, "in", "", "bundle file to read (required)")
		fs.StringVar(&owner, "owner", "", "username that owns the copy and receives the content of users missing here (default: the bundle's owner)")
	})
	if err != nil {
		return err
	}
	if in == "" {
		return errors.New("--in is required")
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	app, cleanup, err := initApp(ctx, cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	defer cleanup()
	rep := progress.NewReporter(stderr, progress.Options{})
	res, err := bundle.New(app.Store, app.Blobs, ports.SystemClock{}, app.Log).
		Import(ctx, f, bundle.ImportOptions{Owner: owner, Size: size, Progress: rep})
	rep.Finish()
	if err != nil {
		return err
	}
	if len(res.UnknownUsers) > 0 {
		fmt.Fprintf(stderr, "note: no account here for %s; their content now belongs to %s and they are not members\n",
			strings.Join(res.UnknownUsers, ", "), res.Owner)
	}
	fmt.Fprintf(stdout, "investigation_id=%s\ninvestigation_code=%s\nowner=%s\n", res.InvestigationID, res.Code, res.Owner)
	fmt.Fprintf(stdout, "imported %s, %d files (%s)\n", describe(res.Counts), res.Files, progress.FormatBytes(res.Bytes))
	return nil
}

func describe(c bundle.Counts) string {
	return fmt.Sprintf("%d members, %d tags, %d entities, %d links, %d comments, %d attachments",
		c.Members, c.Tags, c.Entities, c.Links, c.Comments, c.Attachments)
}
