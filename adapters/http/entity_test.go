package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

type entityOut struct {
	ID           string
	Type         string
	Title        string
	Description  string
	EventDate    *string `json:"event_date"`
	EventEndDate *string `json:"event_end_date"`
	IsTimeslot   bool    `json:"is_timeslot"`
	CreatedAt    string  `json:"created_at"`
	UpdatedAt    string  `json:"updated_at"`
	CreatedBy    string  `json:"created_by"`
	PhotoURL     *string `json:"photo_url"`
	Tags         []struct{ ID, Name, Color string }
	Comments     int `json:"comments_count"`
	Attachments  int `json:"attachments_count"`
}

func (b *caseBoard) entity(t *testing.T, id string) entityOut {
	t.Helper()
	r := b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}/entities/")+id, b.users["viewer"].token, nil)
	var e entityOut
	decode(t, r, &e)
	return e
}

func (e entityOut) tagNames() string {
	names := make([]string, len(e.Tags))
	for i, t := range e.Tags {
		names[i] = t.Name
	}
	return strings.Join(names, ",")
}

func str(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

func TestEntityCreateAndShow(t *testing.T) {
	b := newCaseBoard(t)
	r := b.must(http.StatusCreated, "POST", b.expand("/api/investigations/{inv}/entities"), b.users["member"].token, map[string]any{
		"type": "event", "title": "Dernier appel", "description": "<b>appel</b> & fin", "role": "témoin",
		"location": "Lyon", "address": "12 rue de la République", "event_date": "2024-01-15T10:30",
		"event_end_date": "2024-01-15T12:00:00+02:00", "is_timeslot": true, "evidence_type": "",
		"tags": []string{"zèbre", " SUSPECT ", "", "Alpha", "alpha", "beta"},
	})
	wantKeys(t, r.body, "id", "message")
	created := r.json(t)
	if created["message"] != "Entity created successfully" {
		t.Errorf("%s; want Django's message", r)
	}
	id := created["id"].(string)
	if _, err := uuid.Parse(id); err != nil || strings.ToLower(id) != id {
		t.Errorf("%s: id %q; want a lower-case UUID", r, id)
	}

	r = b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}/entities/")+id, b.users["viewer"].token, nil)
	wantKeys(t, r.body, "id", "type", "title", "description", "role", "location", "address", "event_date",
		"event_end_date", "is_timeslot", "evidence_type", "created_at", "updated_at", "created_by", "photo_url",
		"tags", "comments_count", "attachments_count")
	if !strings.Contains(string(r.body), `"description":"<b>appel</b> & fin"`) {
		t.Errorf("%s: HTML escaped", r)
	}
	e := b.entity(t, id)
	if str(e.EventDate) != "2024-01-15T09:30:00+00:00" || str(e.EventEndDate) != "2024-01-15T10:00:00+00:00" {
		t.Errorf("dates = %s, %s; want the naive one read in Paris, the aware one converted", str(e.EventDate), str(e.EventEndDate))
	}
	if !isoPattern.MatchString(e.CreatedAt) || !strings.Contains(e.CreatedAt, ".") || e.CreatedBy != "member" ||
		e.PhotoURL != nil || !e.IsTimeslot || e.Comments != 0 || e.Attachments != 0 {
		t.Errorf("entity = %+v", e)
	}
	// Existing "Suspect" reused, case duplicates dropped keeping the first
	// spelling, empty names skipped, sorted in byte order.
	if got := e.tagNames(); got != "Alpha,Suspect,beta,zèbre" {
		t.Errorf("tags = %s; want Alpha,Suspect,beta,zèbre", got)
	}
	for _, tag := range e.Tags {
		if tag.Name == "Suspect" && tag.ID != b.tagID(t, "Suspect") {
			t.Errorf("tag Suspect %s; want the existing one reused", tag.ID)
		}
	}
}

func (b *caseBoard) tagID(t *testing.T, name string) string {
	t.Helper()
	r := b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}/tags"), b.users["owner"].token, nil)
	var out struct{ Tags []struct{ ID, Name string } }
	decode(t, r, &out)
	for _, tag := range out.Tags {
		if tag.Name == name {
			return tag.ID
		}
	}
	t.Fatalf("no tag %q in %s", name, r)
	return ""
}

func TestEntityDatetimes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-01-15T10:30", "2024-01-15T09:30:00+00:00"},
		{"2024-01-15 10:30:00", "2024-01-15T09:30:00+00:00"},
		{"2024-07-14T21:00", "2024-07-14T19:00:00+00:00"},
		{"2024-03-02", "2024-03-01T23:00:00+00:00"},
		{"2024-03-01T08:00:00Z", "2024-03-01T08:00:00+00:00"},
		{"2024-01-15T10:30:00.1234567+01:00", "2024-01-15T09:30:00.123456+00:00"},
		{"2024-10-27T02:30", "2024-10-27T00:30:00+00:00"},
		{"2024-03-31T02:30", "2024-03-31T01:30:00+00:00"},
	}
	b := newCaseBoard(t)
	for _, tt := range tests {
		id := b.createEntity(b.ids["{inv}"], b.users["owner"], map[string]any{"type": "event", "title": "t", "event_date": tt.in})
		if got := str(b.entity(t, id).EventDate); got != tt.want {
			t.Errorf("event_date %q = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func TestEntityPartialUpdate(t *testing.T) {
	b := newCaseBoard(t)
	owner := b.users["owner"]
	path := b.expand("/api/investigations/{inv}/entities/")
	id := b.createEntity(b.ids["{inv}"], owner, map[string]any{"type": "event", "title": "RDV", "description": "d",
		"event_date": "2024-01-15T10:30", "event_end_date": "2024-01-15T11:30", "is_timeslot": true, "tags": []string{"a", "b"}})
	before := b.entity(t, id)

	steps := []struct {
		method, body string
		check        func(e entityOut) bool
	}{
		// Absent fields stay; the kind cannot change (type is ignored).
		{"PATCH", `{"title":"RDV 2","type":"location"}`, func(e entityOut) bool {
			return e.Title == "RDV 2" && e.Type == "event" && e.Description == "d" && str(e.EventDate) == "2024-01-15T09:30:00+00:00" &&
				e.IsTimeslot && e.tagNames() == "a,b" && e.UpdatedAt > before.UpdatedAt && e.CreatedAt == before.CreatedAt
		}},
		// An explicit null clears; the other date stays.
		{"PUT", `{"event_date":null}`, func(e entityOut) bool {
			return e.EventDate == nil && str(e.EventEndDate) == "2024-01-15T10:30:00+00:00" && e.Title == "RDV 2"
		}},
		{"PATCH", `{"event_end_date":null,"is_timeslot":false}`, func(e entityOut) bool {
			return e.EventDate == nil && e.EventEndDate == nil && !e.IsTimeslot
		}},
		// tags replace the whole set; absent leaves it; [] clears it.
		{"PATCH", `{"tags":["B","c"]}`, func(e entityOut) bool { return e.tagNames() == "b,c" }},
		{"PATCH", `{"description":""}`, func(e entityOut) bool { return e.tagNames() == "b,c" && e.Description == "" }},
		{"PATCH", `{"tags":[]}`, func(e entityOut) bool { return len(e.Tags) == 0 && e.Tags != nil }},
		{"PUT", `{}`, func(e entityOut) bool { return e.Title == "RDV 2" }},
	}
	for _, s := range steps {
		r := b.must(http.StatusOK, s.method, path+id, owner.token, s.body)
		if string(r.body) != `{"message":"Entity updated successfully"}` {
			t.Errorf("%s; want Django's message", r)
		}
		if e := b.entity(t, id); !s.check(e) {
			t.Errorf("after %s %s: entity = %+v", s.method, s.body, e)
		}
	}
	// An end before the start is refused and changes nothing.
	b.must(http.StatusOK, "PATCH", path+id, owner.token, `{"event_date":"2024-01-15T10:00"}`)
	was := b.entity(t, id)
	wantError(t, b.do("PATCH", path+id, owner.token, `{"event_end_date":"2024-01-15T09:00","title":"changed"}`), 400, "")
	if now := b.entity(t, id); now.Title != was.Title || now.EventEndDate != nil {
		t.Errorf("refused update changed the entity: %+v", now)
	}
}

func TestEntityListFilters(t *testing.T) {
	ts := newTestServer(t)
	alice := ts.register("alice")
	inv, _ := ts.createInvestigation(alice, "Filtres")
	list := func(query string) []string {
		t.Helper()
		r := ts.must(http.StatusOK, "GET", "/api/investigations/"+inv+"/entities"+query, alice.token, nil)
		var out struct{ Entities []entityOut }
		decode(t, r, &out)
		titles := make([]string, len(out.Entities))
		for i, e := range out.Entities {
			titles[i] = e.Title
		}
		return titles
	}
	if r := ts.must(http.StatusOK, "GET", "/api/investigations/"+inv+"/entities", alice.token, nil); string(r.body) != `{"entities":[]}` {
		t.Errorf("%s; want an empty list", r)
	}
	ts.createEntity(inv, alice, map[string]any{"type": "person", "title": "Jean Dupont", "tags": []string{"Témoin clé"}})
	ts.createEntity(inv, alice, map[string]any{"type": "location", "title": "Gare", "description": "près de DUPONT & fils"})
	ts.createEntity(inv, alice, map[string]any{"type": "evidence", "title": "100% coton"})
	ts.createEntity(inv, alice, map[string]any{"type": "event", "title": "Cent pour cent"})
	tests := []struct {
		query string
		want  string
	}{
		{"", "Cent pour cent,100% coton,Gare,Jean Dupont"}, // newest first
		{"?type=", "Cent pour cent,100% coton,Gare,Jean Dupont"},
		{"?type=person", "Jean Dupont"},
		{"?type=spaceship", ""},
		{"?search=dupont", "Gare,Jean Dupont"},
		{"?search=" + url.QueryEscape("100%"), "100% coton"},
		{"?search=" + url.QueryEscape("_"), ""},
		{"?search=de+dupont", "Gare"},
		{"?tag=" + url.QueryEscape("TÉMOIN CLÉ"), "Jean Dupont"},
		{"?type=location&search=dupont", "Gare"},
	}
	for _, tt := range tests {
		if got := strings.Join(list(tt.query), ","); got != tt.want {
			t.Errorf("GET entities%s = %s; want %s", tt.query, got, tt.want)
		}
	}
}

func TestEntityDeleteCascades(t *testing.T) {
	b := newCaseBoard(t)
	owner := b.users["owner"]
	r := b.must(http.StatusOK, "DELETE", b.expand("/api/investigations/{inv}/entities/{entity}"), b.users["member2"].token, nil)
	if string(r.body) != `{"message":"Entity deleted successfully"}` {
		t.Errorf("%s; want Django's message", r)
	}
	if r := b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}/links"), owner.token, nil); string(r.body) != `{"links":[]}` {
		t.Errorf("%s; want the entity's links gone", r)
	}
	wantError(t, b.do("GET", b.expand("/api/investigations/{inv}/entities/{entity}/comments"), owner.token, nil), 404, "")
	wantError(t, b.do("GET", b.expand("/api/investigations/{inv}/entities/{entity}"), owner.token, nil), 404, "")
	wantError(t, b.do("DELETE", b.expand("/api/investigations/{inv}/entities/{entity}"), owner.token, nil), 404, "")
}

// TestMediaURLs checks photo_url and avatar: the media prefix plus the
// stored name, null when there is none. Photos and avatars are set in the
// store directly until their upload routes exist.
func TestMediaURLs(t *testing.T) {
	b := newCaseBoard(t)
	ctx := context.Background()
	inv, ent := uuid.MustParse(b.ids["{inv}"]), uuid.MustParse(b.ids["{entity}"])
	e, err := b.store.Entities.ByID(ctx, inv, ent)
	if err != nil {
		t.Fatal(err)
	}
	e.ChangePhoto("entity_photos/portrait.png", time.Now())
	if err := b.store.Entities.Save(ctx, e); err != nil {
		t.Fatal(err)
	}
	u, err := b.store.Users.ByID(ctx, b.users["admin"].id)
	if err != nil {
		t.Fatal(err)
	}
	u.ChangeAvatar("avatars/admin.png")
	if err := b.store.Users.Save(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got := str(b.entity(t, b.ids["{entity}"]).PhotoURL); got != "/media/entity_photos/portrait.png" {
		t.Errorf("photo_url = %s; want /media/entity_photos/portrait.png", got)
	}
	me := b.must(http.StatusOK, "GET", "/api/auth/me", b.users["admin"].token, nil).json(t)
	if me["avatar"] != "/media/avatars/admin.png" {
		t.Errorf("me.avatar = %v; want /media/avatars/admin.png", me["avatar"])
	}
	r := b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}/members"), b.users["owner"].token, nil)
	var out struct{ Members []map[string]json.RawMessage }
	decode(t, r, &out)
	if got := string(out.Members[1]["avatar"]); got != `"/media/avatars/admin.png"` {
		t.Errorf("admin's avatar in members = %s", got)
	}
	if got := string(out.Members[0]["avatar"]); got != "null" {
		t.Errorf("owner's avatar in members = %s; want null", got)
	}
}
