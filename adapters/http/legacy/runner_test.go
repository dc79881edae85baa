package legacy_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// legacyCase is one request against a fresh board and what must come back.
type legacyCase struct {
	name string
	// django says what Django answered (transcript step), when it differs.
	django               string
	as                   string // account by session cookie; "" anonymous
	method, path, body   string // path under /api/investigation/, with {placeholders}
	ctype                string
	csrf                 bool
	header               map[string]string
	want                 int
	wantBody, wantHeader string // exact body (pyjson); "Name: value" header
}

// unknownID is a well-formed id that names nothing.
const unknownID = "00000000-0000-4000-8000-000000000000"

// newBoard is the cast with an admin (erin), a second admin (fay) and a
// viewer (dave) in A, two entities and a link in A, one entity in B.
func newBoard(t *testing.T) *cast {
	c := newCast(newEnv(t), [2]string{"erin", "admin"}, [2]string{"fay", "admin"}, [2]string{"dave", "viewer"})
	c.create("alice", "A", "person", `{"type": "person", "title": "Jean Dupont", "tags": ["Suspect"]}`)
	c.create("alice", "A", "location", `{"type": "location", "title": "Appartement"}`)
	c.create("alice", "A", "event", `{"type": "event", "title": "Dernier appel"}`)
	c.create("carol", "B", "carol_b", `{"type": "person", "title": "Secret de Carol"}`)
	c.must(200, call{method: "POST", path: c.expand("/api/investigation/{A}/links/"), as: c.users["alice"],
		body: c.expand(`{"from_entity_id": "{person}", "to_entity_id": "{location}", "title": "Habite à"}`)})
	c.ids["A_upper"] = strings.ToUpper(c.ids["A"])
	c.ids["person_upper"] = strings.ToUpper(c.ids["person"])
	c.ids["unknown"] = unknownID
	return c
}

// runCases runs each case on a fresh board. A refused request (not 2xx)
// must leave the investigation as it was. No answer sets a cookie: Django's
// revoke and delete set a "messages" cookie (bug 11).
func runCases(t *testing.T, cases []legacyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newBoard(t)
			before := c.snapshot()
			q := call{method: tc.method, path: "/api/investigation/" + c.expand(tc.path), body: c.expand(tc.body),
				ctype: tc.ctype, header: tc.header}
			if tc.as != "" {
				q.as = c.users[tc.as]
				if tc.csrf {
					q.csrf = q.as.csrf
				}
			}
			r := c.send(q)
			if r.status != tc.want {
				t.Fatalf("%s; want %d", r, tc.want)
			}
			if tc.wantBody != "" && string(r.body) != c.expand(tc.wantBody) {
				t.Errorf("%s:\n got body %s\nwant body %s", r.req, r.body, c.expand(tc.wantBody))
			}
			if tc.wantHeader != "" {
				name, value, _ := strings.Cut(tc.wantHeader, ": ")
				if got := r.header.Get(name); got != c.expand(value) {
					t.Errorf("%s: %s = %q; want %q", r.req, name, got, c.expand(value))
				}
			}
			if ct := r.header.Get("Content-Type"); r.status != 301 && r.status != 200 && ct != "application/json" {
				t.Errorf("%s: Content-Type %q; want application/json", r.req, ct)
			}
			if sc := r.header.Get("Set-Cookie"); sc != "" {
				t.Errorf("%s: Set-Cookie %q; want none", r.req, sc)
			}
			if r.status >= 300 && c.snapshot() != before {
				t.Errorf("%s changed the investigation:\nbefore %s\n after %s", r.req, before, c.snapshot())
			}
		})
	}
}

// snapshot is what the owner sees of A (and carol of B), through the use
// cases: two equal snapshots mean nothing changed in between.
func (c *cast) snapshot() string {
	c.t.Helper()
	ctx := context.Background()
	var sb strings.Builder
	for _, who := range []struct{ user, inv string }{{"alice", "A"}, {"carol", "B"}} {
		a := appboard.Actor{InvestigationID: uuid.MustParse(c.ids[who.inv]), UserID: c.users[who.user].id}
		entities, err := c.board.ListEntities(ctx, a, ports.EntityFilter{})
		if err != nil {
			return "gone: " + err.Error()
		}
		links, _ := c.board.ListLinks(ctx, a, ports.LinkFilter{})
		members, _ := c.casework.Members(ctx, a.InvestigationID, a.UserID)
		for _, e := range entities {
			fmt.Fprintf(&sb, "%+v %v|", e.Entity, e.Tags)
		}
		for _, l := range links {
			fmt.Fprintf(&sb, "%+v|", l.Link)
		}
		for _, m := range members {
			fmt.Fprintf(&sb, "%d %s|", m.Member.UserID, m.Member.Role)
		}
	}
	return sb.String()
}
