package isotime_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo

	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/domain/fault"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q) = %v", name, err)
	}
	return loc
}

func TestFormat(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 11, 26, 7, 0, 0, 0, time.UTC), "2025-11-26T07:00:00+00:00"},
		{time.Date(2025, 11, 26, 7, 0, 0, 123456000, time.UTC), "2025-11-26T07:00:00.123456+00:00"},
		{time.Date(2026, 11, 26, 7, 0, 12, 238240000, time.UTC), "2026-11-26T07:00:12.238240+00:00"},
		{time.Date(2025, 1, 1, 0, 0, 0, 1000, time.UTC), "2025-01-01T00:00:00.000001+00:00"},
		{time.Date(2025, 1, 1, 0, 0, 0, 999, time.UTC), "2025-01-01T00:00:00+00:00"}, // nanoseconds cut
		{time.Date(2025, 1, 1, 0, 0, 0, 100000999, time.UTC), "2025-01-01T00:00:00.100000+00:00"},
		{time.Date(2024, 1, 15, 10, 30, 0, 0, paris), "2024-01-15T09:30:00+00:00"}, // converted to UTC
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "0001-01-01T00:00:00+00:00"},
		{time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), "9999-12-31T23:59:59.999999+00:00"},
	}
	for _, tt := range tests {
		if got := isotime.Format(tt.in); got != tt.want {
			t.Errorf("Format(%v) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	tests := []struct {
		in   string
		want string // Format of the result
	}{
		// The examples observed on the Django service.
		{"2024-01-15T10:30", "2024-01-15T09:30:00+00:00"},
		{"2024-03-02", "2024-03-01T23:00:00+00:00"},
		{"2024-01-15T12:00:00+02:00", "2024-01-15T10:00:00+00:00"},
		{"2024-03-01T08:00:00Z", "2024-03-01T08:00:00+00:00"},
		{"2024-01-16T09:00:00+01:00", "2024-01-16T08:00:00+00:00"},
		// Offsets in every form Django reads.
		{"2024-01-15T10:30:00+0530", "2024-01-15T05:00:00+00:00"},
		{"2024-01-15T10:30:00-03", "2024-01-15T13:30:00+00:00"},
		{"2024-01-15T10:30:00-00:30", "2024-01-15T11:00:00+00:00"},
		{"2024-01-15T10:30+01:00", "2024-01-15T09:30:00+00:00"},
		{"2024-01-15T10:30:00 +01:00", "2024-01-15T09:30:00+00:00"},
		{"2024-01-15T10:30:00 ", "2024-01-15T09:30:00+00:00"}, // Django's \s* before the optional offset
		{"2024-01-15T23:30:00-23:59", "2024-01-16T23:29:00+00:00"},
		// Naive forms, summer and winter.
		{"2024-07-14 21:00", "2024-07-14T19:00:00+00:00"},
		{"2024-07-14T21:00:05", "2024-07-14T19:00:05+00:00"},
		{"2024-7-4T9:5:3", "2024-07-04T07:05:03+00:00"},
		{"2024-07-14", "2024-07-13T22:00:00+00:00"},
		// Fractions: padded, cut (not rounded), comma allowed.
		{"2024-01-15T10:30:00.5Z", "2024-01-15T10:30:00.500000+00:00"},
		{"2024-01-15T10:30:00.123456Z", "2024-01-15T10:30:00.123456+00:00"},
		{"2024-01-15T10:30:00.1234569Z", "2024-01-15T10:30:00.123456+00:00"},
		{"2024-01-15T10:30:00.999999999999Z", "2024-01-15T10:30:00.999999+00:00"},
		{"2024-01-15T10:30:00,25Z", "2024-01-15T10:30:00.250000+00:00"},
		{"2024-01-15T10:30:00.000000Z", "2024-01-15T10:30:00+00:00"},
		// DST edges in Paris (golden values from Python's zoneinfo, fold=0).
		{"2024-10-27T02:30", "2024-10-27T00:30:00+00:00"}, // repeated hour: first occurrence, +02:00
		{"2024-10-27T02:00", "2024-10-27T00:00:00+00:00"},
		{"2024-10-27T02:59:59.999999", "2024-10-27T00:59:59.999999+00:00"},
		{"2024-10-27T03:00", "2024-10-27T02:00:00+00:00"},
		{"2024-10-27T01:59:59", "2024-10-26T23:59:59+00:00"},
		{"2024-03-31T02:30", "2024-03-31T01:30:00+00:00"}, // missing hour: offset before the gap, +01:00
		{"2024-03-31T02:00", "2024-03-31T01:00:00+00:00"},
		{"2024-03-31T03:00", "2024-03-31T01:00:00+00:00"},
		{"2024-03-31T01:59:59.999999", "2024-03-31T00:59:59.999999+00:00"},
		// Leap day and the ends of the range.
		{"2024-02-29", "2024-02-28T23:00:00+00:00"},
		{"0001-01-01T12:00Z", "0001-01-01T12:00:00+00:00"},
		{"9999-12-31T22:59:59", "9999-12-31T21:59:59+00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := isotime.Parse(tt.in, paris)
			if err != nil {
				t.Fatalf("Parse(%q) = %v; want %s", tt.in, err, tt.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("Parse(%q) location = %v; want UTC", tt.in, got.Location())
			}
			if s := isotime.Format(got); s != tt.want {
				t.Errorf("Parse(%q) = %s; want %s", tt.in, s, tt.want)
			}
		})
	}
}

// TestParseOtherZones checks the fold=0 rule where it is least obvious: a
// zone west of UTC and one whose DST shift is 30 minutes (values from
// Python's zoneinfo).
func TestParseOtherZones(t *testing.T) {
	tests := []struct{ zone, in, want string }{
		{"America/New_York", "2024-11-03T01:30", "2024-11-03T05:30:00+00:00"},
		{"America/New_York", "2024-03-10T02:30", "2024-03-10T07:30:00+00:00"},
		{"Australia/Lord_Howe", "2024-04-07T01:45", "2024-04-06T14:45:00+00:00"},
		{"Australia/Lord_Howe", "2024-10-06T02:15", "2024-10-05T15:45:00+00:00"},
		{"UTC", "2024-01-15T10:30", "2024-01-15T10:30:00+00:00"},
	}
	for _, tt := range tests {
		got, err := isotime.Parse(tt.in, mustLoad(t, tt.zone))
		if err != nil || isotime.Format(got) != tt.want {
			t.Errorf("Parse(%q, %s) = %s, %v; want %s", tt.in, tt.zone, isotime.Format(got), err, tt.want)
		}
	}
	if got, err := isotime.Parse("2024-01-15T10:30", nil); err != nil || isotime.Format(got) != "2024-01-15T10:30:00+00:00" {
		t.Errorf("Parse with nil location = %s, %v; want UTC", isotime.Format(got), err)
	}
}

func TestParseRejects(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	bad := []string{
		"", "demain", "31/12/2024", "2024", "2024-01", "24-01-15", "2024-1-", "2024/01/15",
		"2024-13-01", "2024-00-10", "2024-02-30", "2023-02-29", "2024-04-31", "0000-01-01",
		"2024-01-15T", "2024-01-15T10", "2024-01-15T10:", "2024-01-15T24:00", "2024-01-15T10:60",
		"2024-01-15T10:30:60", "2024-01-15T10:30:00.", "2024-01-15T10:30.5", "2024-01-15T100:30",
		"2024-01-15x10:30", "2024-01-15T10:30:00+24:00", "2024-01-15T10:30:00+01:60",
		"2024-01-15T10:30:00+1", "2024-01-15T10:30:00+01:0", "2024-01-15T10:30:00+010",
		"2024-01-15T10:30:00z", " 2024-01-15", "2024-01-15 ",
		"2024-01-15Z", "2024-01-15T10:30:00ZZ", "2024-01-15T10:30:00+01:00:00",
		"２０２４-01-15", "2024-01-15T10:30:00\x00", "0001-01-01T00:05", // before year 1 in UTC (Paris was +00:09:21 then)
		"9999-12-31T23:30:00-01:00", // after 9999 in UTC
		"2024-01-15T10:30:00." + strings.Repeat("1", 80),
	}
	for _, in := range bad {
		_, err := isotime.Parse(in, paris)
		if !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("Parse(%q) = %v; want an invalid fault", in, err)
		}
	}
}

// FuzzParse checks that Parse never panics, and that what it accepts comes
// back in UTC at microsecond precision and survives a Format round trip.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2024-01-15T10:30", "2024-03-02", "2024-10-27T02:30", "2024-03-31T02:30",
		"2024-01-15T10:30:00.1234567+05:30", "2024-01-15 10:30:00,5Z", "9999-12-31", "2024-7-4T9:5:3 -03"} {
		f.Add(s)
	}
	paris := mustLoad(f, "Europe/Paris")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := isotime.Parse(s, paris)
		if err != nil {
			if !errors.Is(err, fault.ErrInvalid) {
				t.Fatalf("Parse(%q) = %v; want nil or an invalid fault", s, err)
			}
			return
		}
		if got.Location() != time.UTC || got.Nanosecond()%1000 != 0 {
			t.Fatalf("Parse(%q) = %v; want UTC with microseconds", s, got)
		}
		text := isotime.Format(got)
		back, err := isotime.Parse(text, paris)
		if err != nil || !back.Equal(got) {
			t.Fatalf("Parse(Format(Parse(%q))) = %v, %v; want %v", s, back, err, got)
		}
	})
}
