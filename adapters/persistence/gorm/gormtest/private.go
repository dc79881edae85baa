package gormtest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
)

// DefaultPostgresBin is where Debian's postgresql-15 puts initdb and pg_ctl;
// ENQUETE_TEST_PG_BIN overrides it.
const DefaultPostgresBin = "/usr/lib/postgresql/15/bin"

// PrivatePostgres is a PostgreSQL server of the test's own, which the test
// may stop and start at will (the shared server must never be stopped).
type PrivatePostgres struct {
	t       testing.TB
	bin     string
	dir     string
	port    int
	asOwner []string // prefix that runs a command as the data directory's owner
}

// StartPrivatePostgres initialises a cluster in a temporary directory and
// starts it on a free port, with its socket in that directory; it is
// stopped and removed when the test ends. It skips the test when the
// binaries are missing (fails it under CI=true). As root, the server runs
// as the postgres user, which PostgreSQL requires.
func StartPrivatePostgres(t testing.TB) *PrivatePostgres {
	t.Helper()
	bin := os.Getenv("ENQUETE_TEST_PG_BIN")
	if bin == "" {
		bin = DefaultPostgresBin
	}
	if _, err := os.Stat(filepath.Join(bin, "pg_ctl")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("gormtest: PostgreSQL binaries are required in CI: %v", err)
		}
		t.Skipf("gormtest: SKIPPING, no PostgreSQL binaries in %s (set ENQUETE_TEST_PG_BIN): %v", bin, err)
	}
	// Not t.TempDir: its parents are private to the test's user, and the
	// postgres user must reach the data directory.
	dir, err := os.MkdirTemp("", "enquete-pg-")
	if err != nil {
		t.Fatalf("gormtest: %v", err)
	}
	p := &PrivatePostgres{t: t, bin: bin, dir: dir, port: freePort(t)}
	t.Cleanup(func() {
		p.run("pg_ctl", "stop", "-D", p.data(), "-m", "immediate", "-w")
		os.RemoveAll(dir)
	})
	if os.Geteuid() == 0 {
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("gormtest: running as root needs a postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatalf("gormtest: %v", err)
		}
		p.asOwner = []string{"runuser", "-u", "postgres", "--"}
	}
	if out, err := p.run("initdb", "-D", p.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
		"--locale=C.UTF-8", "--no-sync"); err != nil {
		t.Fatalf("gormtest: initdb: %v\n%s", err, out)
	}
	p.Start()
	return p
}

func (p *PrivatePostgres) data() string { return filepath.Join(p.dir, "data") }

// URL is the connection URL of the server's postgres database.
func (p *PrivatePostgres) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

// Start starts the server (again) and waits until it accepts connections.
func (p *PrivatePostgres) Start() {
	p.t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=20", p.port, p.dir)
	if out, err := p.run("pg_ctl", "start", "-D", p.data(), "-l", filepath.Join(p.dir, "server.log"), "-o", opts, "-w", "-t", "60"); err != nil {
		log, _ := os.ReadFile(filepath.Join(p.dir, "server.log"))
		p.t.Fatalf("gormtest: pg_ctl start: %v\n%s\n%s", err, out, log)
	}
}

// StopImmediate kills the server as a crash would: no checkpoint, every
// connection dropped.
func (p *PrivatePostgres) StopImmediate() {
	p.t.Helper()
	if out, err := p.run("pg_ctl", "stop", "-D", p.data(), "-m", "immediate", "-w"); err != nil {
		p.t.Fatalf("gormtest: pg_ctl stop: %v\n%s", err, out)
	}
}

func (p *PrivatePostgres) run(tool string, args ...string) ([]byte, error) {
	argv := append(append(append([]string{}, p.asOwner...), filepath.Join(p.bin, tool)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// freePort asks the kernel for a port nobody uses.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("gormtest: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
