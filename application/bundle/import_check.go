package bundle

import (
	"fmt"
	"strings"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/text"
	"github.com/google/uuid"
)

// check verifies that a manifest hangs together before anything is written:
// known format, unique ids, every reference (tag, entity, file) resolved
// inside the bundle, every file referenced exactly once, valid text. The
// database would refuse most of these too, but only after the files were
// uploaded, and with less helpful messages.
func (m *Manifest) check() error {
	if m.Format != FormatName {
		return fmt.Errorf("%w: format %q, want %q", ErrFormat, m.Format, FormatName)
	}
	if m.Version < 1 || m.Version > Version {
		return fmt.Errorf("%w: version %d, this program reads version %d", ErrFormat, m.Version, Version)
	}
	c := checker{ids: map[uuid.UUID]string{}}
	inv := m.Investigation
	c.text("investigation title", inv.Title, true)
	c.text("investigation description", inv.Description, false)
	c.text("investigation creator", inv.CreatedBy, true)
	names := map[string]bool{}
	for _, mm := range m.Members {
		c.text("member username", mm.Username, true)
		if names[mm.Username] {
			c.fail("member %q is listed twice", mm.Username)
		}
		names[mm.Username] = true
		if _, err := casework.ParseRole(mm.Role); err != nil {
			c.fail("member %q: role %q", mm.Username, mm.Role)
		}
	}
	for _, t := range m.Tags {
		c.id("tag", t.ID)
		c.text("tag name", t.Name, true)
	}
	refs := map[string]int{}
	for _, e := range m.Entities {
		c.id("entity", e.ID)
		c.text("entity type", e.Type, true)
		c.text("entity title", e.Title, true)
		c.text("entity created_by", e.CreatedBy, true)
		for _, s := range []string{e.Description, e.Role, e.Location, e.Address, e.EvidenceType} {
			c.text("entity field", s, false)
		}
		for _, t := range e.Tags {
			c.ref("tag", t, "entity "+e.ID.String())
		}
		if e.Photo != "" {
			refs[e.Photo]++
		}
	}
	for _, l := range m.Links {
		c.id("link", l.ID)
		c.ref("entity", l.FromEntityID, "link "+l.ID.String())
		c.ref("entity", l.ToEntityID, "link "+l.ID.String())
		if l.FromEntityID == l.ToEntityID {
			c.fail("link %s joins an entity to itself", l.ID)
		}
		c.text("link title", l.Title, true)
		c.text("link description", l.Description, false)
	}
	for _, cm := range m.Comments {
		c.id("comment", cm.ID)
		c.ref("entity", cm.EntityID, "comment "+cm.ID.String())
		c.text("comment content", cm.Content, true)
	}
	for _, a := range m.Attachments {
		c.id("attachment", a.ID)
		c.ref("entity", a.EntityID, "attachment "+a.ID.String())
		c.text("attachment filename", a.Filename, false)
		if a.File == "" {
			c.fail("attachment %s has no file", a.ID)
		}
		refs[a.File]++
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		if listed[f] {
			c.fail("file %q is listed twice", f)
		}
		listed[f] = true
		if refs[f] != 1 {
			c.fail("file %q is referenced %d times; want once", f, refs[f])
		}
	}
	for f := range refs {
		if !listed[f] {
			c.fail("file %q is referenced but not in the bundle", f)
		}
	}
	return c.err
}

// checker keeps the first problem found.
type checker struct {
	ids map[uuid.UUID]string // id → kind of object
	err error
}

func (c *checker) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
	}
}

// id records a new object's id; ids are unique across kinds, since every
// object gets a new one through a single old→new map.
func (c *checker) id(kind string, id uuid.UUID) {
	if id == uuid.Nil {
		c.fail("a %s has no id", kind)
	} else if _, dup := c.ids[id]; dup {
		c.fail("id %s is used twice", id)
	}
	c.ids[id] = kind
}

// ref checks that id names an object of kind listed earlier in the bundle.
func (c *checker) ref(kind string, id uuid.UUID, from string) {
	if c.ids[id] != kind {
		c.fail("%s refers to %s %s, which is not in the bundle", from, kind, id)
	}
}

func (c *checker) text(field, s string, required bool) {
	if err := text.Valid(field, s); err != nil {
		c.fail("%s: %v", field, err)
	} else if required && strings.TrimSpace(s) == "" {
		c.fail("%s is empty", field)
	}
}
