package httpapi

import (
	"encoding/json"
	"strings"

	"github.com/enquete/enquete/adapters/http/isotime"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	applive "github.com/enquete/enquete/application/live"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// eventJSON is the data of one server-sent event. object is the changed
// object in its REST representation (the After value, or the Before value
// of a deletion); entity_id names the entity of a comment or attachment,
// whose own JSON does not.
type eventJSON struct {
	Seq             int64       `json:"seq"`
	Type            string      `json:"type"`
	InvestigationID string      `json:"investigation_id"`
	ObjectID        string      `json:"object_id,omitempty"`
	EntityID        string      `json:"entity_id,omitempty"`
	Actor           *authorJSON `json:"actor,omitempty"`
	At              string      `json:"at"`
	Object          any         `json:"object"`
}

// investigationEventJSON is an investigation in an event: the snapshot's
// fields, without the per-reader ones (role, member_count) of the lists.
type investigationEventJSON struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Title       string `json:"title"`
	Description string `json:"description"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
	IsActive    bool   `json:"is_active"`
}

// toEventJSON converts a feed event. A payload that does not decode (an
// event written by a newer version) is passed through as it is.
func (s *server) toEventJSON(ev applive.Event) eventJSON {
	out := eventJSON{Seq: ev.Seq, Type: ev.Type, InvestigationID: ev.InvestigationID.String(),
		ObjectID: ev.ObjectID, At: isotime.Format(ev.At)}
	if ev.ActorID != 0 {
		out.Actor = &authorJSON{ID: ev.ActorID, Username: ev.ActorUsername}
	}
	if ev.Reset || len(ev.Payload) == 0 {
		return out
	}
	obj, entityID, err := s.eventObject(ev)
	if err != nil {
		s.log.Warn("live: undecodable event payload", "type", ev.Type, "seq", ev.Seq, "err", err)
		out.Object = json.RawMessage(ev.Payload)
		return out
	}
	out.Object = obj
	if entityID != uuid.Nil {
		out.EntityID = entityID.String()
	}
	return out
}

// eventObject decodes the payload into the ports view the use case
// recorded and converts it with the REST converters.
func (s *server) eventObject(ev applive.Event) (obj any, entityID uuid.UUID, err error) {
	if string(ev.Payload) == "null" {
		return nil, uuid.Nil, nil
	}
	object, _, _ := strings.Cut(ev.Type, ".")
	switch object {
	case ports.ObjectEntity:
		var v ports.EntityView
		err = json.Unmarshal(ev.Payload, &v)
		return s.toEntityJSON(v), uuid.Nil, err
	case ports.ObjectLink:
		var v ports.LinkView
		err = json.Unmarshal(ev.Payload, &v)
		return toLinkJSON(v), uuid.Nil, err
	case ports.ObjectTag:
		var v ports.TagView
		err = json.Unmarshal(ev.Payload, &v)
		return toTagJSON(v), uuid.Nil, err
	case ports.ObjectComment:
		var v ports.CommentView
		err = json.Unmarshal(ev.Payload, &v)
		return toCommentJSON(v), v.Comment.EntityID, err
	case ports.ObjectAttachment:
		var v ports.AttachmentView
		err = json.Unmarshal(ev.Payload, &v)
		a := actorEntity{Actor: appboard.Actor{InvestigationID: ev.InvestigationID}, entityID: v.Attachment.EntityID}
		return toAttachmentJSON(a, v), v.Attachment.EntityID, err
	case ports.ObjectMember, "presence":
		var v ports.MemberView
		err = json.Unmarshal(ev.Payload, &v)
		online := ev.Type == ports.PresenceJoined || casework.Online(v.Member.LastSeen, ev.At)
		return s.toMemberJSON(appcasework.Member{MemberView: v, Online: online}), uuid.Nil, err
	case ports.ObjectInvestigation:
		var v casework.InvestigationSnapshot
		err = json.Unmarshal(ev.Payload, &v)
		return investigationEventJSON{ID: v.ID.String(), Code: v.Code, Title: v.Title, Description: v.Description,
			CreatedAt: isotime.Format(v.CreatedAt), UpdatedAt: isotime.Format(v.UpdatedAt), IsActive: v.IsActive}, uuid.Nil, err
	}
	return json.RawMessage(ev.Payload), uuid.Nil, nil
}
