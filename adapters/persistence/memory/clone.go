package memory

import (
	"bytes"
	"maps"
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// The row functions copy a snapshot as a database column set would: times in
// UTC to the microsecond (timestamptz), and fresh time pointers, so that no
// pointer is ever shared between the state and a caller. They are applied on
// the way in and on the way out.

func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func stampPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := stamp(*t)
	return &u
}

func userRow(s identity.UserSnapshot) identity.UserSnapshot {
	s.DateJoined, s.CreatedAt, s.LastLogin = stamp(s.DateJoined), stamp(s.CreatedAt), stampPtr(s.LastLogin)
	return s
}

func investigationRow(s casework.InvestigationSnapshot) casework.InvestigationSnapshot {
	s.CreatedAt, s.UpdatedAt = stamp(s.CreatedAt), stamp(s.UpdatedAt)
	return s
}

func memberRow(s casework.MemberSnapshot) casework.MemberSnapshot {
	s.JoinedAt, s.LastSeen = stamp(s.JoinedAt), stampPtr(s.LastSeen)
	return s
}

func entityRow(s board.EntitySnapshot) board.EntitySnapshot {
	s.CreatedAt, s.UpdatedAt = stamp(s.CreatedAt), stamp(s.UpdatedAt)
	s.EventDate, s.EventEndDate = stampPtr(s.EventDate), stampPtr(s.EventEndDate)
	return s
}

func linkRow(s board.LinkSnapshot) board.LinkSnapshot {
	s.CreatedAt = stamp(s.CreatedAt)
	return s
}

func tagRow(s board.TagSnapshot) board.TagSnapshot {
	s.CreatedAt = stamp(s.CreatedAt)
	return s
}

func commentRow(s board.CommentSnapshot) board.CommentSnapshot {
	s.CreatedAt, s.UpdatedAt = stamp(s.CreatedAt), stamp(s.UpdatedAt)
	return s
}

func attachmentRow(s board.AttachmentSnapshot) board.AttachmentSnapshot {
	s.UploadedAt = stamp(s.UploadedAt)
	return s
}

// clone deep-copies the state, for a transaction to roll back to.
func (st *state) clone() *state {
	c := *st
	c.users = cloneMap(st.users, userRow)
	c.sessions = maps.Clone(st.sessions)
	c.investigations = cloneMap(st.investigations, investigationRow)
	c.members = cloneMap(st.members, memberRow)
	c.entities = cloneMap(st.entities, entityRow)
	c.entityTags = make(map[uuid.UUID]map[uuid.UUID]struct{}, len(st.entityTags))
	for id, set := range st.entityTags {
		c.entityTags[id] = maps.Clone(set)
	}
	c.links = cloneMap(st.links, linkRow)
	c.tags = cloneMap(st.tags, tagRow)
	c.comments = cloneMap(st.comments, commentRow)
	c.attachments = cloneMap(st.attachments, attachmentRow)
	return &c
}

func cloneMap[K comparable, V any](m map[K]V, row func(V) V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = row(v)
	}
	return out
}

// newestFirst orders rows by time descending, then by id (byte order, as
// PostgreSQL compares uuids), so that equal times still give one order.
func newestFirst(ta, tb time.Time, ida, idb uuid.UUID) int {
	if c := tb.Compare(ta); c != 0 {
		return c
	}
	return bytes.Compare(ida[:], idb[:])
}

// newestFirstDesc is the order of the entity and link lists, paged by
// ports.Page: time descending, then id descending (byte order), as the SQL
// repositories' ORDER BY created_at DESC, id DESC.
func newestFirstDesc(ta, tb time.Time, ida, idb uuid.UUID) int {
	if c := tb.Compare(ta); c != 0 {
		return c
	}
	return bytes.Compare(idb[:], ida[:])
}

// page cuts p out of items sorted newest first; key gives an item's key.
func page[T any](items []T, p ports.Page, key func(T) (time.Time, uuid.UUID)) []T {
	if p.After != nil {
		i := 0
		for i < len(items) && !p.After.Precedes(key(items[i])) {
			i++
		}
		items = items[i:]
	}
	if p.Limit > 0 && len(items) > p.Limit {
		items = items[:p.Limit]
	}
	return items
}
