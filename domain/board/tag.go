package board

import (
	"regexp"
	"strings"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/google/uuid"
)

// Tag labels entities. Names are unique per investigation, compared case-insensitively.
type Tag struct {
	s TagSnapshot
}

// TagSnapshot is the stored state of a tag.
type TagSnapshot struct {
	ID              uuid.UUID
	InvestigationID uuid.UUID
	Name            string
	Color           string // "#rrggbb" or ""
	CreatedAt       time.Time
}

var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// NewTag validates a tag. Uniqueness is checked by the caller against the
// investigation's tags (see FindTag).
func NewTag(investigationID uuid.UUID, name, color string, now time.Time) (*Tag, error) {
	t := &Tag{s: TagSnapshot{ID: uuid.New(), InvestigationID: investigationID, CreatedAt: stamp(now)}}
	if err := t.Edit(&name, &color); err != nil {
		return nil, err
	}
	return t, nil
}

// RehydrateTag rebuilds a stored tag. Adapters only.
func RehydrateTag(s TagSnapshot) *Tag { return &Tag{s: s} }

// Snapshot returns a copy of the state.
func (t *Tag) Snapshot() TagSnapshot { return t.s }

func (t *Tag) ID() uuid.UUID { return t.s.ID }
func (t *Tag) Name() string  { return t.s.Name }

// Edit renames and/or recolours; nil leaves a field unchanged.
func (t *Tag) Edit(name, color *string) error {
	next := t.s
	if name != nil {
		n, err := tagName(*name)
		if err != nil {
			return err
		}
		next.Name = n
	}
	if color != nil {
		c := strings.ToLower(strings.TrimSpace(*color))
		if c != "" && !colorPattern.MatchString(c) {
			return fault.Invalid("color", "must be #rrggbb or empty")
		}
		next.Color = c
	}
	t.s = next
	return nil
}

func tagName(name string) (string, error) {
	if err := validText("name", name); err != nil {
		return "", err
	}
	return requiredTitle("name", name, 50)
}

// FindTag returns the tag among tags whose name matches name case-insensitively.
func FindTag(tags []*Tag, name string) *Tag {
	key := Fold(name)
	for _, t := range tags {
		if Fold(t.s.Name) == key {
			return t
		}
	}
	return nil
}

// NormalizeTagNames reads the tag names sent with an entity as Django does:
// trimmed, empty names dropped, case-insensitive duplicates dropped keeping
// the first spelling; each must fit the 50-character column.
func NormalizeTagNames(names []string) ([]string, error) {
	seen := make(map[string]bool, len(names))
	out := make([]string, 0, len(names))
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if _, err := tagName(n); err != nil {
			return nil, fault.Invalid("tags", "each tag must be valid text of at most 50 characters")
		}
		if k := Fold(n); !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out, nil
}
