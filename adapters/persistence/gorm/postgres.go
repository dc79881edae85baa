package gormstore

import (
	"fmt"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// openPostgres opens PostgreSQL through pgx. The schema is Django's; the
// session's time zone does not matter because every timestamp column is
// timestamptz and values are converted to UTC when read.
func openPostgres(url string, cfg *gorm.Config) (*gorm.DB, error) {
	g, err := gorm.Open(postgres.New(postgres.Config{DSN: url}), cfg)
	if err != nil {
		return nil, fmt.Errorf("gormstore: open postgres: %w", err)
	}
	return g, nil
}
