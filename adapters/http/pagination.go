package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	appcasework "github.com/enquete/enquete/application/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

// Lists of the REST API come in pages: ?limit=N (1 to MaxPageSize, default
// PageSize) and ?cursor=<next_cursor of the previous page>. A response
// carries "next_cursor" when more items remain. The entity and link lists
// are paged by their repositories (ports.Page: keyset and LIMIT in the
// query, see dbPage), so a page costs about its own size; the other lists
// are loaded whole and the page is cut here (paginate), which caps the
// response size and the encoding work, not the cost of the query.
//
// A cursor is opaque to clients: base64url of the last item's sort key
// (its creation time, or its name for tags) and id. The next page starts
// right after that item. If it has gone (deleted, or moved by an update),
// paginate starts at the first item not before its sort key, which may
// repeat items with the same key but never skips one; a repository page
// starts exactly where the item would be, which neither repeats nor skips.

const maxCursorLength = 512

// pageQuery is a request's limit and cursor.
type pageQuery struct {
	limit int
	after *cursor
}

type cursor struct {
	Key string `json:"k"`
	ID  string `json:"i"`
}

// pageQuery reads ?limit and ?cursor, answering 400 when they are wrong.
func (s *server) pageQuery(c *gin.Context) (pageQuery, bool) {
	q := pageQuery{limit: s.opts.Limits.PageSize}
	if raw, ok := c.GetQuery("limit"); ok {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > s.opts.Limits.MaxPageSize {
			s.fail(c, fault.Invalid("limit", fmt.Sprintf("must be an integer from 1 to %d", s.opts.Limits.MaxPageSize)))
			return q, false
		}
		q.limit = n
	}
	if raw, ok := c.GetQuery("cursor"); ok {
		cur, err := decodeCursor(raw)
		if err != nil {
			s.fail(c, errBadCursor)
			return q, false
		}
		q.after = &cur
	}
	return q, true
}

func decodeCursor(raw string) (cursor, error) {
	var cur cursor
	if len(raw) > maxCursorLength {
		return cur, errBadCursor
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return cur, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cur); err != nil || cur.ID == "" {
		return cur, errBadCursor
	}
	return cur, nil
}

var errBadCursor = fault.Invalid("cursor", "is not a cursor of this list")

func (cur cursor) encode() string {
	b, _ := json.Marshal(cur) // two strings cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// order is how a list is sorted: by a text key (ascending or not), then
// by id. Times are keys of fixed width, so text order is time order.
type order[T any] struct {
	key  func(T) cursor
	desc bool
}

// timeKey writes t as fixed-width nanoseconds since 1970.
func timeKey(t time.Time) string { return fmt.Sprintf("%020d", t.UnixNano()) }

// paginate cuts the page q asks for out of items (sorted by o) and returns
// the cursor of the next page, "" when none.
func paginate[T any](items []T, q pageQuery, o order[T]) ([]T, string) {
	start := 0
	if q.after != nil {
		start = o.resume(items, *q.after)
	}
	items = items[start:]
	if len(items) <= q.limit {
		return items, ""
	}
	items = items[:q.limit]
	return items, o.key(items[len(items)-1]).encode()
}

// dbPage is q as a repository page of a list sorted by creation time then
// id, both descending (entities, links): one item more than the page, to
// learn whether another page follows (cutPage), after the cursor's key.
// A cursor whose key is not such a time and id is a 400.
func dbPage(q pageQuery) (ports.Page, bool) {
	p := ports.Page{Limit: q.limit + 1}
	if q.after == nil {
		return p, true
	}
	n, err := strconv.ParseInt(q.after.Key, 10, 64)
	if err != nil {
		return p, false
	}
	id, err := uuid.Parse(q.after.ID)
	if err != nil {
		return p, false
	}
	p.After = &ports.PageKey{CreatedAt: time.Unix(0, n).UTC(), ID: id}
	return p, true
}

// cutPage trims a repository page asked for with dbPage to q's limit and
// returns the cursor of the next page, "" when none.
func cutPage[T any](items []T, q pageQuery, o order[T]) ([]T, string) {
	if len(items) <= q.limit {
		return items, ""
	}
	items = items[:q.limit]
	return items, o.key(items[len(items)-1]).encode()
}

// resume finds where the page after cur starts.
func (o order[T]) resume(items []T, cur cursor) int {
	for i, it := range items {
		if k := o.key(it); k.ID == cur.ID && k.Key == cur.Key {
			return i + 1
		}
	}
	for i, it := range items {
		k := o.key(it).Key
		if o.desc && k <= cur.Key || !o.desc && k >= cur.Key {
			return i
		}
	}
	return len(items)
}

// The orders of the repositories' lists (ports): newest first, except
// members (oldest first) and tags (by name, byte order).
var (
	entityOrder = order[ports.EntityView]{desc: true, key: func(v ports.EntityView) cursor {
		return cursor{timeKey(v.Entity.CreatedAt), v.Entity.ID.String()}
	}}
	linkOrder = order[ports.LinkView]{desc: true, key: func(v ports.LinkView) cursor {
		return cursor{timeKey(v.Link.CreatedAt), v.Link.ID.String()}
	}}
	commentOrder = order[ports.CommentView]{desc: true, key: func(v ports.CommentView) cursor {
		return cursor{timeKey(v.Comment.CreatedAt), v.Comment.ID.String()}
	}}
	attachmentOrder = order[ports.AttachmentView]{desc: true, key: func(v ports.AttachmentView) cursor {
		return cursor{timeKey(v.Attachment.UploadedAt), v.Attachment.ID.String()}
	}}
	investigationOrder = order[ports.InvestigationView]{desc: true, key: func(v ports.InvestigationView) cursor {
		return cursor{timeKey(v.Investigation.UpdatedAt), v.Investigation.ID.String()}
	}}
	memberOrder = order[appcasework.Member]{key: func(v appcasework.Member) cursor {
		return cursor{timeKey(v.Member.JoinedAt), strconv.FormatInt(v.Member.ID, 10)}
	}}
	tagOrder = order[ports.TagView]{key: func(v ports.TagView) cursor {
		return cursor{v.Tag.Name, v.Tag.ID.String()}
	}}
)

// paged adds "next_cursor" to a list response when more items remain.
type paged struct {
	body any
	next string
}

func withNextCursor(body any, next string) paged { return paged{body: body, next: next} }

// MarshalJSON writes the body's object with next_cursor appended. The
// body is encoded without HTML escaping, as writeJSON does.
func (p paged) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p.body); err != nil {
		return nil, err
	}
	b := bytes.TrimRight(buf.Bytes(), "\n")
	if p.next == "" {
		return b, nil
	}
	if len(b) < 2 || b[len(b)-1] != '}' {
		return nil, fmt.Errorf("paged: body %T is not a JSON object", p.body)
	}
	sep := ","
	if len(b) == 2 { // {}
		sep = ""
	}
	return append(b[:len(b)-1], []byte(sep+`"next_cursor":"`+p.next+`"}`)...), nil
}
