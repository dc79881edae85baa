// Package board holds what investigators put on the board: entities (people,
// locations, evidence, events), the links between them, tags, comments and
// attachments.
package board

import "github.com/enquete/enquete/domain/fault"

// Kind is an entity's type. (The word "type" is reserved in Go.)
type Kind struct{ name string }

// The four kinds of entity, stored by Django as these names.
var (
	KindPerson   = Kind{"person"}
	KindLocation = Kind{"location"}
	KindEvidence = Kind{"evidence"}
	KindEvent    = Kind{"event"}
)

// ParseKind accepts exactly the stored names.
func ParseKind(s string) (Kind, error) {
	switch s {
	case "person":
		return KindPerson, nil
	case "location":
		return KindLocation, nil
	case "evidence":
		return KindEvidence, nil
	case "event":
		return KindEvent, nil
	}
	return Kind{}, fault.Invalid("type", "must be one of person, location, evidence, event")
}

// KindFromStore reads a stored value without validating it: Django let any
// string in (a "spaceship" is on some boards), and such rows must still list.
func KindFromStore(s string) Kind { return Kind{s} }

func (k Kind) String() string { return k.name }

// MarshalText and UnmarshalText let a kind travel as its name (event
// payloads). Stored names are kept as they are, like KindFromStore.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.name), nil }

// UnmarshalText reads a stored name.
func (k *Kind) UnmarshalText(b []byte) error { *k = Kind{string(b)}; return nil }
