// Package isotime reads and writes datetimes the way the Django application
// does, so that both services show and accept the same text.
//
// Output is Python's datetime.isoformat() of an aware UTC value. Input is
// what Django's model DateTimeField accepts (django.utils.dateparse): ISO 8601
// with an offset, or a naive datetime or a date alone, which Django reads in
// its TIME_ZONE with zoneinfo's fold=0 rule.
package isotime

import (
	"time"

	"github.com/enquete/enquete/domain/fault"
)

// Message is the validation message of an unreadable datetime.
const Message = "must be an ISO 8601 datetime"

// ErrInvalid is returned for any input Parse does not accept. Callers that
// know the field re-raise it with fault.Invalid(field, Message).
var ErrInvalid error = &fault.Error{Kind: fault.KindInvalid, Message: Message}

// maxInput bounds the text Parse looks at: the longest sensible value is
// about 32 characters, and fractional digits are not worth reading forever.
const maxInput = 64

// Format is Python's isoformat() of t in UTC: microseconds shown with six
// digits (trailing zeros kept) unless they are zero, then no fraction at all,
// and always the "+00:00" suffix, never "Z". Nanoseconds are cut, as the
// database keeps microseconds.
func Format(t time.Time) string {
	t = t.UTC()
	b := make([]byte, 0, len("2006-01-02T15:04:05.000000+00:00"))
	b = t.AppendFormat(b, "2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		b = append(b, '.')
		for div := 100000; div > 0; div /= 10 {
			b = append(b, byte('0'+us/div%10))
		}
	}
	return string(append(b, "+00:00"...))
}

// Parse reads s as Django's DateTimeField does and returns the instant in
// UTC, truncated to microseconds. Accepted forms:
//
//	2024-01-15T10:30:00.123456+02:00   offset as Z, ±HH, ±HHMM or ±HH:MM
//	2024-01-15T10:30[:00[.123456]]      naive: read in loc
//	2024-01-15 10:30                    a space instead of T
//	2024-01-15                          a date alone: midnight in loc
//
// Month, day, hour, minute and second may have one or two digits, as
// Django's regular expression allows; the fraction may use a comma and any
// number of digits, those beyond microseconds being cut, not rounded.
// A nil loc means UTC. Anything else yields ErrInvalid.
func Parse(s string, loc *time.Location) (time.Time, error) {
	if len(s) > maxInput {
		return time.Time{}, ErrInvalid
	}
	v, ok := scan(s)
	if !ok || !v.valid() {
		return time.Time{}, ErrInvalid
	}
	var t time.Time
	if v.hasOffset {
		t = time.Date(v.year, time.Month(v.month), v.day, v.hour, v.minute, v.second, v.nanos, time.UTC).
			Add(-time.Duration(v.offset) * time.Second)
	} else {
		if loc == nil {
			loc = time.UTC
		}
		t = local(v.year, v.month, v.day, v.hour, v.minute, v.second, v.nanos, loc)
	}
	// Python cannot represent the result outside years 1..9999 (Django fails
	// with an OverflowError there); refuse it rather than store it.
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, ErrInvalid
	}
	return t.UTC(), nil
}

// local resolves a wall-clock time in loc with the rule of Python's zoneinfo
// for fold=0, which Django's make_aware uses. A transition counts as passed
// only once the wall clock has reached it under both offsets (transition +
// the larger offset). So in the repeated autumn hour the first occurrence
// (the summer offset) is taken, and in the missing spring hour the offset
// before the gap (the winter offset). time.Date leaves these cases
// unspecified, hence the explicit walk over the zone's periods.
func local(year, month, day, hour, minute, second, nanos int, loc *time.Location) time.Time {
	wall := time.Date(year, time.Month(month), day, hour, minute, second, nanos, time.UTC)
	w := wall.Unix()
	// Offsets stay within ±26 hours, so the period in effect two days before
	// the wall time (read as UTC) is certainly before any transition that
	// matters; walk forward from there.
	const margin = 2 * 24 * 3600
	t := time.Unix(w-margin, 0).In(loc)
	_, offset := t.Zone()
	for range 16 { // a few transitions at most fall within the margin
		_, end := t.ZoneBounds()
		if end.IsZero() || end.Unix() > w+margin {
			break
		}
		next := end.In(loc)
		_, nextOffset := next.Zone()
		if w < end.Unix()+int64(max(offset, nextOffset)) {
			break
		}
		t, offset = next, nextOffset
	}
	return wall.Add(-time.Duration(offset) * time.Second)
}
