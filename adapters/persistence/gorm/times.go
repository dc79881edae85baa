package gormstore

import "time"

// dbTime is a timestamp as both databases keep it: UTC, microseconds.
// Writing UTC matters for SQLite, whose text layout has no zone; reading back
// through it turns PostgreSQL's local-time values into UTC.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func dbTimePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := dbTime(*t)
	return &u
}

// fileColumn writes "" rather than NULL for "no file", as Django does.
func fileColumn(name string) *string { return &name }

// fileValue reads NULL (possible in Django's nullable columns) as "no file".
func fileValue(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
