package legacy

import (
	"time"

	"github.com/enquete/enquete/domain/board"
)

// textFields are the plain text fields of an entity, as the views name them.
var textFields = []string{"title", "description", "role", "location", "address", "evidence_type"}

// entityDraft reads a POST entities/ body. Absent fields are empty, as
// Django's data.get(field, ""); type and title are required by the domain,
// which also checks type against the four kinds and every length.
func entityDraft(o object, loc *time.Location) (d board.EntityDraft, tags []string, err error) {
	dst := map[string]*string{"title": &d.Title, "description": &d.Description, "role": &d.Role,
		"location": &d.Location, "address": &d.Address, "evidence_type": &d.EvidenceType}
	if d.Kind, err = o.textOr("type", ""); err != nil {
		return d, nil, err
	}
	for _, f := range textFields {
		if *dst[f], err = o.textOr(f, ""); err != nil {
			return d, nil, err
		}
	}
	if b, err := o.boolean("is_timeslot"); err != nil {
		return d, nil, err
	} else if b != nil {
		d.IsTimeslot = *b
	}
	start, err := o.datetime("event_date", loc)
	if err != nil {
		return d, nil, err
	}
	end, err := o.datetime("event_end_date", loc)
	if err != nil {
		return d, nil, err
	}
	d.EventDate, d.EventEndDate = start.Value, end.Value
	list, err := o.stringList("tags")
	if list != nil {
		tags = *list
	}
	return d, tags, err
}

// entityPatch reads a PUT entity/<id>/ body: a partial update, tags (when
// present) replacing the set. type is ignored whatever it holds, as Django
// ignores it: the kind is fixed at creation, and the web page sends the
// whole object back.
func entityPatch(o object, loc *time.Location) (p board.EntityPatch, tags *[]string, err error) {
	dst := map[string]**string{"title": &p.Title, "description": &p.Description, "role": &p.Role,
		"location": &p.Location, "address": &p.Address, "evidence_type": &p.EvidenceType}
	for _, f := range textFields {
		if *dst[f], err = o.text(f); err != nil {
			return p, nil, err
		}
	}
	if p.IsTimeslot, err = o.boolean("is_timeslot"); err != nil {
		return p, nil, err
	}
	if p.EventDate, err = o.datetime("event_date", loc); err != nil {
		return p, nil, err
	}
	if p.EventEndDate, err = o.datetime("event_end_date", loc); err != nil {
		return p, nil, err
	}
	tags, err = o.stringList("tags")
	return p, tags, err
}
