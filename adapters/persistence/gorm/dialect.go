package gormstore

import (
	"context"

	"github.com/enquete/enquete/adapters/persistence/gorm/migrations"
	"gorm.io/gorm"
)

type kind int

const (
	dialectPostgres kind = iota + 1
	dialectSQLite
)

// dialect holds the few SQL fragments that differ between PostgreSQL and
// SQLite; everything else is written once.
type dialect struct {
	kind kind
	// foldCollation is set when the PostgreSQL database's own LC_CTYPE maps
	// case only for ASCII (a cluster initialised with the C locale): folding
	// then goes through this ICU collation instead.
	foldCollation string
}

func (d dialect) migrations() migrations.Dialect {
	if d.kind == dialectPostgres {
		return migrations.Postgres
	}
	return migrations.SQLite
}

// fold is the case-insensitive key of a text expression, the same as
// board.Fold (lower of upper). SQLite's lower() only knows ASCII, so it gets
// a Go function registered on every connection (see sqlite.go); PostgreSQL's
// follows the database's LC_CTYPE (UTF-8 in Django's database) or the ICU
// collation found by probeFolding.
func (d dialect) fold(expr string) string {
	switch {
	case d.kind == dialectSQLite:
		return foldFunc + "(" + expr + ")"
	case d.foldCollation != "":
		return "lower(upper(CAST(" + expr + ` AS text) COLLATE "` + d.foldCollation + `"))`
	}
	return "lower(upper(" + expr + "))"
}

// contains is true when needle occurs in haystack, literally: unlike LIKE,
// strpos and instr give % and _ no meaning.
func (d dialect) contains(haystack, needle string) string {
	if d.kind == dialectPostgres {
		return "strpos(" + haystack + ", " + needle + ") > 0"
	}
	return "instr(" + haystack + ", " + needle + ") > 0"
}

// byteOrder makes ORDER BY compare text byte by byte, as Django's C.UTF-8
// database does: PostgreSQL needs the "C" collation whatever the database
// default is; SQLite's default BINARY collation already compares bytes.
func (d dialect) byteOrder(expr string) string {
	if d.kind == dialectPostgres {
		return expr + ` COLLATE "C"`
	}
	return expr
}

// probeFolding checks that PostgreSQL folds non-ASCII case; if it does not,
// it falls back to the ICU root collation when the server has ICU, and
// otherwise reports false (search then folds ASCII letters only).
func probeFolding(ctx context.Context, g *gorm.DB) (collation string, ok bool, err error) {
	var native, icu bool
	err = g.WithContext(ctx).Raw(`SELECT lower(upper('Émile')) = 'émile',
		EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')`).Row().Scan(&native, &icu)
	switch {
	case err != nil:
		return "", false, err
	case native:
		return "", true, nil
	case icu:
		return "und-x-icu", true, nil
	}
	return "", false, nil
}
