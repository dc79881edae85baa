// Package migrations holds the versioned SQL that creates Enquête's schema,
// one set per dialect, and a small runner that applies it.
//
// Files are named NNNN_name.sql and applied in version order, each in its own
// transaction, and recorded in enquete_schema_migrations. A file whose name
// starts with "django_" creates tables Django owns: on a database Django has
// already migrated it is not run (nothing Django created is touched) but only
// recorded, and reported as "already present (Django-managed)". Every other
// file creates enquete_* tables and always runs.
package migrations

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Dialect selects the set of SQL files.
type Dialect string

// The supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// Migration is one versioned SQL file.
type Migration struct {
	Version int
	Name    string // file name without the extension, e.g. "0001_django_investigation"
	SQL     string
	// Django is true for files that create Django's own tables.
	Django bool
}

// Load returns the dialect's migrations in version order.
func Load(d Dialect) ([]Migration, error) {
	if d != Postgres && d != SQLite {
		return nil, fmt.Errorf("migrations: unknown dialect %q", d)
	}
	names, err := fs.Glob(files, string(d)+"/*.sql")
	if err != nil {
		return nil, err
	}
	out := make([]Migration, 0, len(names))
	seen := map[int]string{}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".sql")
		num, label, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil || version <= 0 {
			return nil, fmt.Errorf("migrations: %s: name must be NNNN_name.sql", name)
		}
		if other, dup := seen[version]; dup {
			return nil, fmt.Errorf("migrations: %s and %s share version %d", other, base, version)
		}
		seen[version] = base
		body, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{
			Version: version, Name: base, SQL: string(body),
			Django: strings.HasPrefix(label, "django_"),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Outcome says what Up did with one migration.
type Outcome string

// The outcomes of a migration.
const (
	Applied        Outcome = "applied"
	AlreadyApplied Outcome = "already applied"
	DjangoManaged  Outcome = "already present (Django-managed)"
)

// Step is one migration's outcome.
type Step struct {
	Version int
	Name    string
	Outcome Outcome
}

// Report lists what Up did, in version order.
type Report struct {
	Dialect Dialect
	Steps   []Step
}

// Changed reports whether Up executed any SQL file.
func (r Report) Changed() bool {
	for _, s := range r.Steps {
		if s.Outcome == Applied {
			return true
		}
	}
	return false
}

// String renders one line per migration, e.g.
// "0001_django_investigation: already present (Django-managed)".
func (r Report) String() string {
	var b strings.Builder
	for _, s := range r.Steps {
		fmt.Fprintf(&b, "%s: %s\n", s.Name, s.Outcome)
	}
	return b.String()
}

// Fingerprint identifies the dialect's migration set (a SHA-256 of every
// file, in order), e.g. to name a test template database after it.
func Fingerprint(d Dialect) (string, error) {
	all, err := Load(d)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range all {
		fmt.Fprintf(h, "%s\x00%s\x00", m.Name, m.SQL)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
