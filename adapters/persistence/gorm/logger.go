package gormstore

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm/logger"
)

// slowLogger is GORM's logger reduced to what an operator wants from a
// repository layer: statements slower than a threshold. Failed statements are
// not logged here; they come back as errors, which the caller logs once.
type slowLogger struct {
	log       *slog.Logger
	threshold time.Duration
}

func newSlowLogger(log *slog.Logger, threshold time.Duration) logger.Interface {
	return slowLogger{log: log, threshold: threshold}
}

func (l slowLogger) LogMode(logger.LogLevel) logger.Interface { return l }
func (l slowLogger) Info(context.Context, string, ...any)     {}
func (l slowLogger) Warn(context.Context, string, ...any)     {}
func (l slowLogger) Error(ctx context.Context, msg string, args ...any) {
	l.log.ErrorContext(ctx, "gorm: "+msg, "args", args)
}

func (l slowLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), _ error) {
	if l.threshold < 0 {
		return
	}
	if elapsed := time.Since(begin); elapsed >= l.threshold {
		sql, rows := fc()
		l.log.WarnContext(ctx, "slow query", "elapsed", elapsed, "rows", rows, "sql", sql)
	}
}

// ParamsFilter keeps bound values out of the logged SQL: they include
// password hashes and session data.
func (l slowLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}
