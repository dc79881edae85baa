package main

import (
	"bufio"
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enquete/enquete/config"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// keyValues reads the key=value lines a command prints.
func keyValues(t *testing.T, out string) map[string]string {
	t.Helper()
	kv := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			kv[k] = v
		}
	}
	return kv
}

// runCmd runs a command function and returns its stdout and stderr.
func runCmd(t *testing.T, fn func(context.Context, []string, *bytes.Buffer, *bytes.Buffer) error, args ...string) (string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if err := fn(context.Background(), args, &out, &errb); err != nil {
		t.Fatalf("%v: %v\nstderr: %s", args, err, errb.String())
	}
	return out.String(), errb.String()
}

func seedCmd(ctx context.Context, args []string, out, errb *bytes.Buffer) error {
	return seedCommand(ctx, args, out, errb)
}

// entityCount opens the configured database and counts a board.
func entityCount(t *testing.T, id string) (entities, links int) {
	t.Helper()
	cfg, err := config.Load(nil) // the environment testConfig set
	if err != nil {
		t.Fatal(err)
	}
	app, cleanup, err := initApp(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	inv := uuid.MustParse(id)
	ents, err := app.Store.Entities.List(context.Background(), inv, ports.EntityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := app.Store.Links.List(context.Background(), inv, ports.LinkFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(ents), len(ls)
}

func TestSeedCommand(t *testing.T) {
	testConfig(t, "sqlite:"+filepath.Join(t.TempDir(), "seed.db"))
	out, errOut := runCmd(t, seedCmd, "--entities", "60", "--links", "90", "--owner", "zoe", "--users", "2", "--investigation-title", "Affaire Zoé")
	kv := keyValues(t, out)
	if kv["owner"] != "zoe" || kv["members"] != "zoe-1,zoe-2" || len(kv["investigation_code"]) != 8 || kv["password"] == "" {
		t.Fatalf("seed output = %q; want owner, members, code and the generated password", out)
	}
	if kv["entities"] != "60" || kv["links"] != "90" {
		t.Fatalf("seed output = %q; want 60 entities and 90 links", out)
	}
	if !strings.Contains(errOut, "entities 60/60 (100%)") || !strings.Contains(errOut, "links 90/90 (100%)") {
		t.Fatalf("progress on stderr = %q; want a final line per stage", errOut)
	}
	if strings.Contains(out, "100%") {
		t.Fatalf("progress leaked into stdout: %q", out)
	}
	if e, l := entityCount(t, kv["investigation_id"]); e != 60 || l != 90 {
		t.Fatalf("stored board = %d entities, %d links; want 60, 90", e, l)
	}
	// A second run reuses the accounts and says so.
	out, errOut = runCmd(t, seedCmd, "--entities", "5", "--links", "4", "--owner", "zoe", "--users", "2")
	if kv2 := keyValues(t, out); kv2["password"] != "" || kv2["investigation_id"] == kv["investigation_id"] {
		t.Fatalf("second seed output = %q; want a new investigation and no password", out)
	}
	if !strings.Contains(errOut, "passwords are unchanged") {
		t.Fatalf("second seed stderr = %q; want the note about existing accounts", errOut)
	}
}

func TestSeedCommandRefusals(t *testing.T) {
	testConfig(t, "memory:")
	var out, errb bytes.Buffer
	if err := seedCommand(context.Background(), nil, &out, &errb); err == nil || !strings.Contains(err.Error(), "in-memory") {
		t.Fatalf("seed on memory: = %v; want a refusal", err)
	}
	testConfig(t, "sqlite:"+filepath.Join(t.TempDir(), "seed.db"))
	if err := seedCommand(context.Background(), []string{"--entities", "3", "--links", "4"}, &out, &errb); err == nil {
		t.Fatal("seed with more links than pairs = nil; want an error")
	}
}
