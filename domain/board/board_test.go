package board

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/google/uuid"
)

var now = time.Date(2026, 11, 26, 7, 0, 0, 999, time.UTC)

func ptr[T any](v T) *T { return &v }

func TestNewEntityValidation(t *testing.T) {
	inv := uuid.New()
	start := time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name  string
		draft EntityDraft
		field string
	}{
		{"no type", EntityDraft{Title: "x"}, "type"},
		{"unknown type", EntityDraft{Kind: "spaceship", Title: "x"}, "type"},
		{"no title", EntityDraft{Kind: "person", Title: "  "}, "title"},
		{"long title", EntityDraft{Kind: "person", Title: strings.Repeat("é", 201)}, "title"},
		{"long role", EntityDraft{Kind: "person", Title: "x", Role: strings.Repeat("r", 101)}, "role"},
		{"long location", EntityDraft{Kind: "location", Title: "x", Location: strings.Repeat("l", 201)}, "location"},
		{"long address", EntityDraft{Kind: "location", Title: "x", Address: strings.Repeat("a", 256)}, "address"},
		{"long evidence type", EntityDraft{Kind: "evidence", Title: "x", EvidenceType: strings.Repeat("e", 21)}, "evidence_type"},
		{"NUL in description", EntityDraft{Kind: "person", Title: "x", Description: "a\x00"}, "description"},
		{"end before start", EntityDraft{Kind: "event", Title: "x", EventDate: &start, EventEndDate: ptr(start.Add(-time.Minute))}, "event_end_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewEntity(inv, tt.draft, 1, now)
			f, ok := fault.As(err)
			if !ok || f.Kind != fault.KindInvalid || f.Field != tt.field {
				t.Errorf("NewEntity(%+v) = %v; want invalid %s", tt.draft, err, tt.field)
			}
		})
	}
	e, err := NewEntity(inv, EntityDraft{Kind: "event", Title: " Appel ", EventDate: &start, EventEndDate: ptr(start.Add(time.Hour)), IsTimeslot: true}, 1, now)
	if err != nil {
		t.Fatal(err)
	}
	s := e.Snapshot()
	if s.Title != "Appel" || s.Kind != KindEvent || !s.IsTimeslot || s.CreatedAt.Nanosecond() != 0 {
		t.Errorf("NewEntity() = %+v", s)
	}
}

func TestEntityUpdateIsAtomicAndPartial(t *testing.T) {
	e, _ := NewEntity(uuid.New(), EntityDraft{Kind: "person", Title: "Jean", Role: "Victime", EventDate: ptr(now)}, 1, now)
	before := e.Snapshot()
	err := e.Update(EntityPatch{Title: ptr("Nouveau"), Role: ptr(strings.Repeat("r", 101))}, now.Add(time.Hour))
	if err == nil || !reflect.DeepEqual(e.Snapshot(), before) {
		t.Fatalf("Update() with one bad field = %v; the entity changed: %+v", err, e.Snapshot())
	}
	if err := e.Update(EntityPatch{Description: ptr("d"), EventDate: OptionalTime{Set: true}}, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	s := e.Snapshot()
	if s.Title != "Jean" || s.Role != "Victime" || s.Description != "d" || s.EventDate != nil || !s.UpdatedAt.After(before.UpdatedAt) {
		t.Errorf("Update(partial) = %+v", s)
	}
}

func TestNewLink(t *testing.T) {
	inv := uuid.New()
	a, _ := NewEntity(inv, EntityDraft{Kind: "person", Title: "A"}, 1, now)
	b, _ := NewEntity(inv, EntityDraft{Kind: "person", Title: "B"}, 1, now)
	elsewhere, _ := NewEntity(uuid.New(), EntityDraft{Kind: "person", Title: "C"}, 1, now)
	ab, err := NewLink(inv, a, b, "connaît", "", nil, 1, now)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		from, to *Entity
		title    string
		existing []*Link
		kind     fault.Kind
		msg      string
	}{
		{"self", a, a, "x", nil, fault.KindInvalid, ""},
		{"other investigation", a, elsewhere, "x", nil, fault.KindInvalid, ""},
		{"duplicate", a, b, "x", []*Link{ab}, fault.KindConflict, ""},
		{"reverse", b, a, "x", []*Link{ab}, fault.KindInvalid, MsgReverseLinkExists},
		{"no title", a, b, " ", nil, fault.KindInvalid, ""},
		{"long title", a, b, strings.Repeat("t", 101), nil, fault.KindInvalid, ""},
	}
	for _, tt := range tests {
		_, err := NewLink(inv, tt.from, tt.to, tt.title, "", tt.existing, 1, now)
		f, ok := fault.As(err)
		if !ok || f.Kind != tt.kind || (tt.msg != "" && f.Message != tt.msg) {
			t.Errorf("NewLink(%s) = %v; want kind %d %q", tt.name, err, tt.kind, tt.msg)
		}
	}
}

func TestTags(t *testing.T) {
	got, err := NormalizeTagNames([]string{" Témoin clé ", "", "TÉMOIN CLÉ", "Suspect", "suspect", "x"})
	if err != nil || !reflect.DeepEqual(got, []string{"Témoin clé", "Suspect", "x"}) {
		t.Errorf("NormalizeTagNames() = %q, %v", got, err)
	}
	if _, err := NormalizeTagNames([]string{strings.Repeat("t", 51)}); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("NormalizeTagNames(51 chars) = %v; want invalid", err)
	}
	inv := uuid.New()
	tag, err := NewTag(inv, "Émile", "#A1B2C3", now)
	if err != nil || tag.Snapshot().Color != "#a1b2c3" {
		t.Fatalf("NewTag() = %+v, %v", tag, err)
	}
	if FindTag([]*Tag{tag}, "ÉMILE") != tag || FindTag([]*Tag{tag}, "Emile") != nil {
		t.Error("FindTag does not fold Unicode case (or folds accents)")
	}
	for _, c := range []string{"red", "#12345", "#1234567", "#GGGGGG"} {
		if _, err := NewTag(inv, "x", c, now); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("NewTag(color %q) = %v; want invalid", c, err)
		}
	}
}

func TestComments(t *testing.T) {
	c, err := NewComment(uuid.New(), 1, strings.Repeat("é", MaxCommentLength), now)
	if err != nil {
		t.Fatalf("NewComment(10000 chars) = %v", err)
	}
	if _, err := NewComment(uuid.New(), 1, strings.Repeat("é", MaxCommentLength+1), now); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("NewComment(10001 chars) = %v; want invalid", err)
	}
	if err := c.Edit(2, "x", now); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("Edit by another user = %v; want forbidden", err)
	}
	if c.CanDelete(2, false) == nil || c.CanDelete(2, true) != nil || c.CanDelete(1, false) != nil {
		t.Error("CanDelete: author or moderator only")
	}
}

func TestDisplayName(t *testing.T) {
	tests := map[string]string{
		"../../etc/passwd":    "passwd",
		"C:\\Users\\x\\a.pdf": "a.pdf",
		"a\x00b\nc.txt":       "abc.txt",
		"..":                  "file",
		"":                    "file",
		"rapport final.pdf":   "rapport final.pdf",
	}
	for in, want := range tests {
		if got := DisplayName(in); got != want {
			t.Errorf("DisplayName(%q) = %q; want %q", in, got, want)
		}
	}
}
