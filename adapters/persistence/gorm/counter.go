package gormstore

import "gorm.io/gorm"

// registerCounter counts every statement GORM sends, whatever its kind, so
// that tests can prove a list costs a constant number of queries.
func (d *DB) registerCounter() error {
	count := func(*gorm.DB) { d.queries.Add(1) }
	cb := d.gorm.Callback()
	for _, reg := range []func() error{
		func() error { return cb.Create().After("gorm:create").Register("enquete:count", count) },
		func() error { return cb.Query().After("gorm:query").Register("enquete:count", count) },
		func() error { return cb.Update().After("gorm:update").Register("enquete:count", count) },
		func() error { return cb.Delete().After("gorm:delete").Register("enquete:count", count) },
		func() error { return cb.Row().After("gorm:row").Register("enquete:count", count) },
		func() error { return cb.Raw().After("gorm:raw").Register("enquete:count", count) },
	} {
		if err := reg(); err != nil {
			return err
		}
	}
	return nil
}

// CountQueries runs fn and returns how many statements the store sent
// meanwhile (from any goroutine). Transaction control is not counted.
func (d *DB) CountQueries(fn func()) int {
	before := d.queries.Load()
	fn()
	return int(d.queries.Load() - before)
}
