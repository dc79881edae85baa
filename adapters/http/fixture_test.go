package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The roles of API.md's table, plus a second plain member (to act on
// someone else's comment) and an outsider who owns another investigation.
var roles = []string{"owner", "admin", "member", "member2", "viewer", "outsider"}

// caseBoard is an investigation with one user per role and one object of
// every kind, plus a second investigation (the outsider's) with its own
// objects, to check that ids of another investigation are not found.
type caseBoard struct {
	*testServer
	users map[string]user
	ids   map[string]string // placeholder → value, for expanding paths and bodies
}

func newCaseBoard(t testing.TB) *caseBoard {
	t.Helper()
	return newCaseBoardOn(t, diskMedia(t))
}

// newCaseBoardOn is newCaseBoard with files kept in m.
func newCaseBoardOn(t testing.TB, m *media, opts ...serverOption) *caseBoard {
	t.Helper()
	ts := newTestServerOn(t, m, opts...)
	b := &caseBoard{testServer: ts, users: map[string]user{}, ids: map[string]string{}}
	for _, r := range roles {
		b.users[r] = ts.register(r)
	}
	owner := b.users["owner"]
	inv, code := ts.createInvestigation(owner, "Disparition")
	for _, r := range []string{"admin", "member", "member2", "viewer"} {
		role := strings.TrimSuffix(r, "2")
		ts.addMember(inv, code, owner, b.users[r], role)
	}
	e1 := ts.createEntity(inv, owner, map[string]any{"type": "person", "title": "Jean Dupont", "tags": []string{"Suspect"}})
	e2 := ts.createEntity(inv, owner, map[string]any{"type": "location", "title": "Appartement"})
	e3 := ts.createEntity(inv, owner, map[string]any{"type": "evidence", "title": "Téléphone"})
	b.ids = map[string]string{
		"{inv}": inv, "{code}": code, "{entity}": e1, "{entity2}": e2, "{entity3}": e3,
		"{link}":       ts.createLink(inv, owner, e1, e2),
		"{tag}":        ts.createTag(inv, owner, "Témoin"),
		"{comment}":    ts.createComment(inv, e1, b.users["member"], "Vu le 12"),
		"{attachment}": ts.createAttachment(inv, e1, b.users["member"], "pv.txt", []byte("Procès-verbal du 12\n")),
		"{member2}":    fmt.Sprint(b.users["member2"].id),
		"{admin}":      fmt.Sprint(b.users["admin"].id),
		"{owner}":      fmt.Sprint(owner.id),
	}
	// The outsider's own investigation.
	out := b.users["outsider"]
	oinv, _ := ts.createInvestigation(out, "Autre affaire")
	oe1 := ts.createEntity(oinv, out, map[string]any{"type": "person", "title": "Secret de Carol"})
	oe2 := ts.createEntity(oinv, out, map[string]any{"type": "person", "title": "Autre secret"})
	b.ids["{other_inv}"] = oinv
	b.ids["{other_entity}"] = oe1
	b.ids["{other_link}"] = ts.createLink(oinv, out, oe1, oe2)
	b.ids["{other_tag}"] = ts.createTag(oinv, out, "Privé")
	b.ids["{other_comment}"] = ts.createComment(oinv, oe1, out, "confidentiel")
	b.ids["{other_attachment}"] = ts.createAttachment(oinv, oe1, out, "secret.txt", []byte("confidentiel\n"))
	return b
}

// expand replaces the placeholders of a path or body template.
func (b *caseBoard) expand(s string) string {
	pairs := make([]string, 0, 2*len(b.ids))
	for k, v := range b.ids {
		pairs = append(pairs, k, v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// snapshot is everything the owner can read of the investigation, and the
// names and sizes of the stored files. Two equal snapshots mean that a
// request in between changed nothing, and stored (or left) no file.
func (b *caseBoard) snapshot() string {
	b.t.Helper()
	owner := b.users["owner"].token
	var sb strings.Builder
	for _, p := range []string{"", "/members", "/entities", "/links", "/tags", "/entities/{entity}/comments",
		"/entities/{entity}/attachments"} {
		r := b.do("GET", b.expand("/api/investigations/{inv}"+p), owner, nil)
		if r.status != http.StatusOK {
			return fmt.Sprintf("%s (investigation gone?)", r)
		}
		sb.Write(r.body)
		sb.WriteByte('\n')
	}
	r := b.do("GET", "/api/investigations", owner, nil)
	sb.Write(r.body)
	// The outsider's investigation must not change through ours either.
	r = b.do("GET", b.expand("/api/investigations/{other_inv}/links"), b.users["outsider"].token, nil)
	sb.Write(r.body)
	sb.WriteString("\nfiles: " + b.media.listing(b.t))
	return sb.String()
}

// unchanged fails the test when the state differs from before.
func (b *caseBoard) unchanged(t testing.TB, before string, after response) {
	t.Helper()
	now := b.snapshot()
	if now == before {
		return
	}
	was, is := strings.Split(before, "\n"), strings.Split(now, "\n")
	for i := range min(len(was), len(is)) {
		if was[i] != is[i] {
			t.Errorf("%s changed the investigation:\nbefore %s\nafter  %s", after, was[i], is[i])
			return
		}
	}
	t.Errorf("%s changed the investigation", after)
}

// wantError checks a JSON error response: status, content type, an "error"
// message and, when given, the exact message.
func wantError(t testing.TB, r response, status int, message string) {
	t.Helper()
	if r.status != status {
		t.Errorf("%s; want %d", r, status)
		return
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q; want JSON", r, ct)
	}
	v := r.json(t)
	msg, ok := v["error"].(string)
	if !ok || msg == "" {
		t.Errorf("%s: no error message", r)
	}
	if message != "" && msg != message {
		t.Errorf("%s: error %q; want %q", r, msg, message)
	}
}
