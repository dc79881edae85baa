package gormstore

import "github.com/enquete/enquete/adapters/persistence/gorm/migrations"

// dialect holds the few SQL fragments that differ between PostgreSQL and
// SQLite; everything else is written once.
type dialect int

const (
	dialectPostgres dialect = iota + 1
	dialectSQLite
)

func (d dialect) migrations() migrations.Dialect {
	if d == dialectPostgres {
		return migrations.Postgres
	}
	return migrations.SQLite
}

// fold is the case-insensitive key of a text expression, the same as
// board.Fold (lower of upper). SQLite's lower() only knows ASCII, so it gets
// a Go function registered on every connection (see sqlite.go); PostgreSQL's
// follows the database's LC_CTYPE, which Django databases set to a UTF-8 locale.
func (d dialect) fold(expr string) string {
	if d == dialectPostgres {
		return "lower(upper(" + expr + "))"
	}
	return foldFunc + "(" + expr + ")"
}

// contains is true when needle occurs in haystack, literally: unlike LIKE,
// strpos and instr give % and _ no meaning.
func (d dialect) contains(haystack, needle string) string {
	if d == dialectPostgres {
		return "strpos(" + haystack + ", " + needle + ") > 0"
	}
	return "instr(" + haystack + ", " + needle + ") > 0"
}

// byteOrder makes ORDER BY compare text byte by byte, as Django's C.UTF-8
// database does: PostgreSQL needs the "C" collation whatever the database
// default is; SQLite's default BINARY collation already compares bytes.
func (d dialect) byteOrder(expr string) string {
	if d == dialectPostgres {
		return expr + ` COLLATE "C"`
	}
	return expr
}
