package live

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"

	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Delta is what changed in a list since a seq: the items to add or
// replace, the ids to remove (deleted, or no longer matching the filter),
// and the seq to ask from next time. Reset means the delta cannot be told
// (events pruned, too many of them, or a change whose effect on the list the
// log does not name): the client must reload the list, then ask from Seq.
type Delta[T any] struct {
	Items   []T
	Deleted []uuid.UUID
	Seq     int64
	Reset   bool
}

// maxDeltaEvents bounds the events a delta reads; beyond, a reload is
// cheaper for both sides.
const maxDeltaEvents = 1000

// changes reads the events after since, up to the head read first (so
// that the list read afterwards reflects at least them). ok is false when
// the delta cannot be told.
func (s *Service) changes(ctx context.Context, inv uuid.UUID, since int64) (evs []ports.Event, head int64, ok bool, err error) {
	if head, err = s.d.Store.Events.Head(ctx, inv); err != nil {
		return nil, 0, false, err
	}
	if since < 0 || since > head {
		return nil, head, false, nil
	}
	if since == head {
		return nil, head, true, nil
	}
	if evs, err = s.d.Store.Events.Since(ctx, inv, since, maxDeltaEvents+1); err != nil {
		return nil, 0, false, err
	}
	if len(evs) == 0 || evs[0].Seq != since+1 || len(evs) > maxDeltaEvents {
		return nil, head, false, nil
	}
	for len(evs) > 0 && evs[len(evs)-1].Seq > head {
		evs = evs[:len(evs)-1]
	}
	return evs, head, true, nil
}

// entityOf reads the entity id of a comment or attachment event.
func entityOf(ev ports.Event) (uuid.UUID, bool) {
	var p struct {
		Comment    struct{ EntityID uuid.UUID }
		Attachment struct{ EntityID uuid.UUID }
	}
	if json.Unmarshal(ev.Payload, &p) != nil {
		return uuid.Nil, false
	}
	if p.Comment.EntityID != uuid.Nil {
		return p.Comment.EntityID, true
	}
	return p.Attachment.EntityID, p.Attachment.EntityID != uuid.Nil
}

func object(typ string) string { o, _, _ := strings.Cut(typ, "."); return o }

// EntitiesSince is the delta of the entity list (with filter f) since seq.
// An entity changes with its own events, its comments and attachments (the
// counts) and the renaming of its tags; deleting a tag records an update of
// each entity that carried it, so it needs no reset.
func (s *Service) EntitiesSince(ctx context.Context, a appboard.Actor, f ports.EntityFilter, since int64) (Delta[ports.EntityView], error) {
	if _, err := s.d.Access.Require(ctx, a.InvestigationID, a.UserID, ports.PermRead); err != nil {
		return Delta[ports.EntityView]{}, err
	}
	evs, head, ok, err := s.changes(ctx, a.InvestigationID, since)
	if err != nil || !ok {
		return Delta[ports.EntityView]{Seq: head, Reset: !ok}, err
	}
	touched, tags := map[uuid.UUID]bool{}, map[uuid.UUID]bool{}
	for _, ev := range evs {
		switch object(ev.Type) {
		case ports.ObjectEntity:
			touched[idOf(ev)] = true
		case ports.ObjectComment, ports.ObjectAttachment:
			if id, ok := entityOf(ev); ok {
				touched[id] = true
			}
		case ports.ObjectTag:
			if ev.Type != ports.ObjectTag+"."+ports.Deleted {
				tags[idOf(ev)] = true
			}
		}
	}
	if len(touched) == 0 && len(tags) == 0 {
		return Delta[ports.EntityView]{Seq: head}, nil
	}
	views, err := s.d.Board.ListEntities(ctx, a, f)
	if err != nil {
		return Delta[ports.EntityView]{}, err
	}
	d := Delta[ports.EntityView]{Seq: head}
	present := map[uuid.UUID]bool{}
	for _, v := range views {
		present[v.Entity.ID] = true
		hit := touched[v.Entity.ID]
		for _, t := range v.Tags {
			hit = hit || tags[t.ID]
		}
		if hit {
			d.Items = append(d.Items, v)
		}
	}
	d.Deleted = missing(touched, present)
	return d, nil
}

// LinksSince is the delta of the link list since seq. A link changes with
// its own events and with the title of either end; deleting an entity
// records the deletion of each of its links, so it needs no reset.
func (s *Service) LinksSince(ctx context.Context, a appboard.Actor, since int64) (Delta[ports.LinkView], error) {
	if _, err := s.d.Access.Require(ctx, a.InvestigationID, a.UserID, ports.PermRead); err != nil {
		return Delta[ports.LinkView]{}, err
	}
	evs, head, ok, err := s.changes(ctx, a.InvestigationID, since)
	if err != nil || !ok {
		return Delta[ports.LinkView]{Seq: head, Reset: !ok}, err
	}
	touched, ends := map[uuid.UUID]bool{}, map[uuid.UUID]bool{}
	for _, ev := range evs {
		switch {
		case object(ev.Type) == ports.ObjectLink:
			touched[idOf(ev)] = true
		case ev.Type == ports.ObjectEntity+"."+ports.Updated:
			ends[idOf(ev)] = true
		}
	}
	if len(touched) == 0 && len(ends) == 0 {
		return Delta[ports.LinkView]{Seq: head}, nil
	}
	views, err := s.d.Board.ListLinks(ctx, a, ports.LinkFilter{})
	if err != nil {
		return Delta[ports.LinkView]{}, err
	}
	d := Delta[ports.LinkView]{Seq: head}
	present := map[uuid.UUID]bool{}
	for _, v := range views {
		present[v.Link.ID] = true
		if touched[v.Link.ID] || ends[v.From.ID] || ends[v.To.ID] {
			d.Items = append(d.Items, v)
		}
	}
	d.Deleted = missing(touched, present)
	return d, nil
}

// missing lists the touched ids absent from the list, sorted for stable output.
func missing(touched, present map[uuid.UUID]bool) []uuid.UUID {
	var out []uuid.UUID
	for id := range touched {
		if !present[id] {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	return out
}

// idOf is the event's object id as a UUID (uuid.Nil if it is not one, which
// no board object's is).
func idOf(ev ports.Event) uuid.UUID {
	id, _ := uuid.Parse(ev.ObjectID)
	return id
}
