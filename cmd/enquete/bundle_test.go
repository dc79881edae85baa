package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	appboard "github.com/enquete/enquete/application/board"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/config"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

func exportCmd(ctx context.Context, args []string, out, errb *bytes.Buffer) error {
	return exportCommand(ctx, args, out, errb)
}

func importCmd(ctx context.Context, args []string, out, errb *bytes.Buffer) error {
	return importCommand(ctx, args, out, errb)
}

// withApp runs fn on the service the environment configures.
func withApp(t *testing.T, fn func(app *App)) {
	t.Helper()
	cfg, err := config.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	app, cleanup, err := initApp(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	fn(app)
}

// TestExportFromSQLiteImportIntoPostgres moves a case between the two
// databases and two media folders, through the commands.
func TestExportFromSQLiteImportIntoPostgres(t *testing.T) {
	ctx := context.Background()
	testConfig(t, "sqlite:"+filepath.Join(t.TempDir(), "src.db"))
	t.Setenv("ENQUETE_MEDIA_ROOT", t.TempDir())
	out, _ := runCmd(t, seedCmd, "--entities", "40", "--links", "50", "--owner", "zoe", "--users", "1")
	kv := keyValues(t, out)
	id := uuid.MustParse(kv["investigation_id"])
	withApp(t, func(app *App) {
		owner, err := app.Store.Users.ByUsername(ctx, "zoe")
		if err != nil {
			t.Fatal(err)
		}
		views, _ := app.Store.Entities.List(ctx, id, ports.EntityFilter{})
		a := appboard.Actor{InvestigationID: id, UserID: owner.ID()}
		if _, err := app.Board.Attach(ctx, a, views[0].Entity.ID, upload.File{Name: "pv.txt", Body: strings.NewReader("procès-verbal"), Limit: 1 << 20}); err != nil {
			t.Fatal(err)
		}
	})
	dir := t.TempDir()
	file := filepath.Join(dir, "case.tar.gz")
	out, errOut := runCmd(t, exportCmd, "--investigation", id.String(), "--out", file)
	if !strings.Contains(out, "40 entities, 50 links") || !strings.Contains(out, "1 files") {
		t.Fatalf("export output = %q", out)
	}
	if !strings.Contains(errOut, "exporting files 1/1 (100%)") {
		t.Fatalf("export progress = %q", errOut)
	}

	t.Setenv("ENQUETE_DATABASE_URL", gormtest.CreateDatabase(t))
	t.Setenv("ENQUETE_MEDIA_ROOT", t.TempDir())
	var o, e bytes.Buffer
	if err := importCommand(ctx, []string{"--in", file}, &o, &e); err == nil || !strings.Contains(err.Error(), `"zoe" does not exist`) {
		t.Fatalf("import without the owner's account = %v; want a refusal naming zoe", err)
	}
	withApp(t, func(app *App) {
		if _, err := app.Identity.Register(ctx, appidentity.RegisterInput{Username: "ann", Email: "ann@example.com", Password: "correct horse battery"}); err != nil {
			t.Fatal(err)
		}
	})
	out, errOut = runCmd(t, importCmd, "--in", file, "--owner", "ann")
	kv = keyValues(t, out)
	if kv["owner"] != "ann" || kv["investigation_id"] == id.String() || !strings.Contains(out, "40 entities") {
		t.Fatalf("import output = %q", out)
	}
	if !strings.Contains(errOut, "no account here for zoe, zoe-1") {
		t.Fatalf("import stderr = %q; want the note about missing users", errOut)
	}
	if ents, links := entityCount(t, kv["investigation_id"]); ents != 40 || links != 50 {
		t.Fatalf("imported board = %d entities, %d links; want 40, 50", ents, links)
	}
}

func TestFailedExportLeavesNoFile(t *testing.T) {
	testConfig(t, "sqlite:"+filepath.Join(t.TempDir(), "e.db"))
	dir := t.TempDir()
	var o, e bytes.Buffer
	err := exportCommand(context.Background(), []string{"--investigation", uuid.NewString(), "--out", filepath.Join(dir, "x.tar.gz")}, &o, &e)
	if err == nil {
		t.Fatal("export of an unknown investigation = nil; want an error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files left after a failed export: %v", entries)
	}
	for _, args := range [][]string{{"--investigation", "nope", "--out", "x"}, {"--investigation", uuid.NewString()}} {
		if err := exportCommand(context.Background(), args, &o, &e); err == nil {
			t.Errorf("export %v = nil; want a usage error", args)
		}
	}
	if err := importCommand(context.Background(), nil, &o, &e); err == nil {
		t.Error("import without --in = nil; want a usage error")
	}
}

// TestEntryPointsParseTheirFlags calls the functions main's command table
// runs: an unknown flag is refused before anything is opened.
func TestEntryPointsParseTheirFlags(t *testing.T) {
	testConfig(t, "sqlite:"+filepath.Join(t.TempDir(), "e.db"))
	for name, run := range map[string]func(context.Context, []string) error{"seed": runSeed, "export": runExport, "import": runImport} {
		if err := run(context.Background(), []string{"--no-such-flag"}); err == nil || !strings.Contains(err.Error(), "no-such-flag") {
			t.Errorf("%s --no-such-flag = %v; want a flag error", name, err)
		}
	}
}
