package auditlog

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"Title": "title", "CreatedByUsername": "created_by_username", "FromEntityID": "from_entity_id",
		"SHA256": "sha256", "ID": "id", "HTTPServer": "http_server", "IsTimeslot": "is_timeslot",
		"already_snake": "already_snake", "SHA256Sum": "sha256_sum", "Évasion": "évasion",
	} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q; want %q", in, got, want)
		}
	}
}

type inner struct {
	Title   string
	Tags    []string
	EventAt *time.Time
}

type outer struct {
	Entity   inner
	Count    int
	Username string
}

func TestDiff(t *testing.T) {
	v1 := outer{Entity: inner{Title: "A", Tags: []string{"x"}}, Count: 1, Username: "alice"}
	v2 := v1
	v2.Entity.Title, v2.Entity.Tags = "B", []string{"x", "y"}
	for _, c := range []struct {
		name          string
		before, after any
		want          string
	}{
		{"update: changed fields only, nested paths, arrays whole", v1, v2,
			`{"entity.tags":{"before":["x"],"after":["x","y"]},"entity.title":{"before":"A","after":"B"}}`},
		{"no change", v1, v1, `{}`},
		{"creation: every field, nulls too", nil, v1,
			`{"count":{"before":null,"after":1},"entity.event_at":{"before":null,"after":null},"entity.tags":{"before":null,"after":["x"]},"entity.title":{"before":null,"after":"A"},"username":{"before":null,"after":"alice"}}`},
		{"deletion: every field as before", v1, nil,
			`{"count":{"before":1,"after":null},"entity.event_at":{"before":null,"after":null},"entity.tags":{"before":["x"],"after":null},"entity.title":{"before":"A","after":null},"username":{"before":"alice","after":null}}`},
		{"neither side", nil, nil, `{}`},
		{"big ids keep their digits", map[string]int64{"id": 1 << 60}, map[string]int64{"id": 1<<60 + 1},
			`{"id":{"before":1152921504606846976,"after":1152921504606846977}}`},
	} {
		b, err := flatten(c.before)
		if err != nil {
			t.Fatal(err)
		}
		a, err := flatten(c.after)
		if err != nil {
			t.Fatal(err)
		}
		got, err := diff(b, a)
		if err != nil || got != c.want {
			t.Errorf("%s: diff = %s, %v; want %s", c.name, got, err, c.want)
		}
	}
}

func TestFromChange(t *testing.T) {
	from, to, link := uuid.New(), uuid.New(), uuid.New()
	type linkSnap struct{ ID, FromEntityID, ToEntityID uuid.UUID }
	type linkView struct{ Link linkSnap }
	ctx := ports.WithRequestMeta(context.Background(), ports.RequestMeta{
		RemoteAddr: "2001:db8::1", RequestID: "r\x00id", UserAgent: strings.Repeat("é", 400) + "\xff"})
	at := time.Date(2026, 1, 2, 3, 4, 5, 6789012, time.FixedZone("X", 7200))
	r, err := FromChange(ctx, ports.Change{InvestigationID: uuid.New(), Type: "link.updated", ObjectID: link.String(), ActorID: 7, At: at,
		Before: linkView{Link: linkSnap{ID: link, FromEntityID: from, ToEntityID: to}}, After: linkView{Link: linkSnap{ID: link, FromEntityID: from, ToEntityID: to}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{from.String(), to.String()}
	if from.String() > to.String() {
		want[0], want[1] = want[1], want[0]
	}
	if r.Entities != strings.Join(want, " ") {
		t.Errorf("Entities = %q; want both ends, sorted, though only the title could change", r.Entities)
	}
	if r.Diff != "{}" || r.IP != "2001:db8::1" || r.RequestID != "rid" || !r.At.Equal(at.Truncate(time.Microsecond)) || r.At.Location() != time.UTC {
		t.Errorf("record = %+v", r)
	}
	if len(r.UserAgent) > MaxUserAgent || !strings.HasPrefix(r.UserAgent, "éé") || strings.ContainsRune(r.UserAgent, 0xff) {
		t.Errorf("user agent not cut to %d bytes of valid UTF-8: %d bytes", MaxUserAgent, len(r.UserAgent))
	}
	if _, err := FromChange(ctx, ports.Change{Type: strings.Repeat("x", MaxType+1)}); err == nil {
		t.Error("an oversized type was accepted")
	}
	if _, err := FromChange(ctx, ports.Change{Type: "x.created", After: func() {}}); err == nil {
		t.Error("a value JSON cannot encode was accepted")
	}
}

// TestHashCoversEveryField: changing any stored field changes the hash, and
// moving bytes between fields does too (length-prefixed encoding).
func TestHashCoversEveryField(t *testing.T) {
	r := ports.AuditRecord{InvestigationID: uuid.New(), Seq: 3, At: time.Now(), ActorID: 1, Type: "a.b", ObjectID: "o",
		Entities: "e", Diff: "{}", IP: "ip", RequestID: "rq", UserAgent: "ua", PrevHash: "p"}
	h := Hash(r)
	if len(h) != 64 || h != Hash(r) {
		t.Fatalf("Hash = %q; want 64 stable hex digits", h)
	}
	v := reflect.ValueOf(&r).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if name == "Hash" {
			continue
		}
		c := r
		f := reflect.ValueOf(&c).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Int64:
			f.SetInt(f.Int() + 1)
		default:
			switch name {
			case "At":
				c.At = c.At.Add(time.Microsecond)
			case "InvestigationID":
				c.InvestigationID = uuid.New()
			}
		}
		if Hash(c) == h {
			t.Errorf("changing %s leaves the hash unchanged", name)
		}
	}
	shifted := r
	shifted.IP, shifted.RequestID = "i", "prq"
	if Hash(shifted) == h {
		t.Error("moving a byte from one field to the next leaves the hash unchanged")
	}
}

func TestChecker(t *testing.T) {
	inv := uuid.New()
	var chain []ports.AuditRecord
	head := ports.AuditHead{InvestigationID: inv}
	for i := range 4 {
		r := ports.AuditRecord{InvestigationID: inv, Type: "x.created", ObjectID: string(rune('a' + i)), Diff: "{}"}
		Seal(&r, head)
		head = ports.AuditHead{InvestigationID: inv, Seq: r.Seq, Hash: r.Hash}
		chain = append(chain, r)
	}
	run := func(recs []ports.AuditRecord, heads ...ports.AuditHead) ports.AuditReport {
		c := NewChecker(heads)
		for _, r := range recs {
			c.Add(r)
		}
		return c.Report()
	}
	if rep := run(chain, head); !rep.OK() || rep.Records != 4 || rep.Investigations != 1 {
		t.Fatalf("intact chain: %+v", rep)
	}
	if rep := run(nil); !rep.OK() || rep.Investigations != 0 {
		t.Errorf("empty trail: %+v", rep)
	}
	altered := append([]ports.AuditRecord(nil), chain...)
	altered[1].Diff = `{"x":1}`
	for name, c := range map[string]struct {
		recs  []ports.AuditRecord
		heads []ports.AuditHead
		want  string
	}{
		"altered":   {altered, []ports.AuditHead{head}, "seq 2: the hash does not match"},
		"gap":       {append(append([]ports.AuditRecord(nil), chain[:1]...), chain[2:]...), []ports.AuditHead{head}, "seq 3: seq 3 follows seq 1"},
		"start":     {chain[1:], []ports.AuditHead{head}, "seq 2: the chain starts at seq 2"},
		"tail":      {chain[:3], []ports.AuditHead{head}, "seq 0: the head is seq 4 but the last record is seq 3"},
		"no head":   {chain, nil, "records without a head"},
		"no chain":  {nil, []ports.AuditHead{head}, "no record is left"},
		"reordered": {[]ports.AuditRecord{chain[0], chain[2], chain[1], chain[3]}, []ports.AuditHead{head}, "seq 3 follows seq 1"},
	} {
		rep := run(c.recs, c.heads...)
		if rep.OK() || !strings.Contains(rep.String(), c.want) {
			t.Errorf("%s: report =\n%s\nwant a problem %q", name, rep, c.want)
		}
	}
}
