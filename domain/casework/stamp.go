package casework

import "time"

// stamp normalises a timestamp to what the database keeps: UTC, microseconds.
func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
