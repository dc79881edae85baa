// Package auditlog is what the persistence adapters (GORM and memory) share
// about the audit trail: turning a ports.Change into a record (field diff,
// concerned entities, request metadata), sealing it into its investigation's
// hash chain, and checking chains. Storage, locking and queries stay in each
// adapter.
package auditlog

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Column limits. Request metadata comes from the client and is cut to them;
// type and object id come from the use cases and must fit.
const (
	MaxType      = 64
	MaxObjectID  = 64
	MaxIP        = 64
	MaxRequestID = 128
	MaxUserAgent = 512
)

// FromChange builds the record of c, without Seq, PrevHash and Hash (see
// Seal, which the adapter calls once it holds the chain's head). The request
// metadata is read from ctx (ports.RequestMetaFrom).
func FromChange(ctx context.Context, c ports.Change) (ports.AuditRecord, error) {
	if c.Type == "" || len(c.Type) > MaxType || len(c.ObjectID) > MaxObjectID {
		return ports.AuditRecord{}, fmt.Errorf("auditlog: change %q on %q does not fit the audit trail", c.Type, c.ObjectID)
	}
	before, err := flatten(c.Before)
	if err != nil {
		return ports.AuditRecord{}, err
	}
	after, err := flatten(c.After)
	if err != nil {
		return ports.AuditRecord{}, err
	}
	d, err := diff(before, after)
	if err != nil {
		return ports.AuditRecord{}, err
	}
	at := c.At
	if at.IsZero() {
		at = time.Now()
	}
	meta := ports.RequestMetaFrom(ctx)
	return ports.AuditRecord{
		InvestigationID: c.InvestigationID,
		At:              Stamp(at),
		ActorID:         c.ActorID,
		Type:            c.Type,
		ObjectID:        c.ObjectID,
		Entities:        concerned(c.ObjectID, before, after),
		Diff:            d,
		IP:              clean(meta.RemoteAddr, MaxIP),
		RequestID:       clean(meta.RequestID, MaxRequestID),
		UserAgent:       clean(meta.UserAgent, MaxUserAgent),
	}, nil
}

// Stamp is a time as both databases keep it (UTC, microseconds), so that a
// record hashes the same before and after a round trip.
func Stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// concerned lists the entities a change concerns besides its object: the
// values of every *entity_id field of either side (a link's ends, a
// comment's or an attachment's entity). The whole objects are read, not the
// diff, so that renaming a link still shows in its ends' history.
func concerned(objectID string, sides ...map[string]json.RawMessage) string {
	var ids []string
	for _, side := range sides {
		for k, v := range side {
			last := k[strings.LastIndexByte(k, '.')+1:]
			if last != "entity_id" && !strings.HasSuffix(last, "_entity_id") {
				continue
			}
			var s string
			if json.Unmarshal(v, &s) != nil {
				continue
			}
			id, err := uuid.Parse(s)
			if err != nil || id == uuid.Nil || id.String() == objectID {
				continue
			}
			ids = append(ids, id.String())
		}
	}
	slices.Sort(ids)
	return strings.Join(slices.Compact(ids), " ")
}

// clean makes client-supplied text storable and harmless in a report:
// valid UTF-8, no control characters (PostgreSQL text refuses NUL), at most
// limit bytes, cut on a character boundary.
func clean(s string, limit int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}
