package gormstore

import (
	"fmt"
	"strings"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// openPostgres opens PostgreSQL through pgx. The schema is Django's; the
// session's time zone does not matter because every timestamp column is
// timestamptz and values are converted to UTC when read.
func openPostgres(url string, cfg *gorm.Config) (*gorm.DB, error) {
	g, err := gorm.Open(postgres.New(postgres.Config{DSN: withCustomPlans(url)}), cfg)
	if err != nil {
		return nil, fmt.Errorf("gormstore: open postgres: %w", err)
	}
	return g, nil
}

// withCustomPlans asks PostgreSQL to plan every execution of a prepared
// statement for its own parameters, unless the URL already says otherwise.
// pgx keeps prepared statements per connection, and PostgreSQL may settle
// on a generic plan made while the tables were small: after a bulk load
// (enquete seed, enquete import) listing 20 000 links then took 14-20 s
// instead of 0.2 s until autovacuum refreshed the statistics
// (BenchmarkStalePlan). Planning these short queries costs far less.
func withCustomPlans(url string) string {
	if strings.Contains(url, "plan_cache_mode=") {
		return url
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "plan_cache_mode=force_custom_plan"
}
