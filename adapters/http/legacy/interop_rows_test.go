package legacy_test

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestInteropRowsWrittenByGo: what the legacy routes write reads back with
// plain SQL exactly as Django writes it: empty strings, not NULL, for blanks
// (photo included), lower-case UUIDs, timestamps with time zone, relative
// file names, Django's role names.
func TestInteropRowsWrittenByGo(t *testing.T) {
	t.Parallel()
	db := djangoDatabase(t)
	c := newCast(newEnvOn(t, db.Store()))
	q := db.SQL()
	alice := c.users["alice"]
	person := c.create("alice", "A", "person", `{"type": "person", "title": "Jean Dupont", "tags": ["Témoin"]}`)
	event := c.create("alice", "A", "event", `{"type": "event", "title": "Dernier appel", "event_date": "2024-01-15T10:30"}`)
	c.must(200, call{method: "POST", path: c.expand("/api/investigation/{A}/links/"), as: alice,
		body: c.expand(`{"from_entity_id": "{person}", "to_entity_id": "{event}", "title": "Participe"}`)})
	beat := c.must(200, call{method: "POST", path: c.expand("/api/investigation/{A}/presence/heartbeat/"), as: alice, csrf: alice.csrf})

	var (
		id, kind, description, role, location, address, evidenceType string
		photo                                                        sql.NullString
		timeslot                                                     bool
		eventDate                                                    sql.NullTime
		createdBy                                                    int64
	)
	err := q.QueryRow(`SELECT id::text, entity_type, description, role, location, address, evidence_type, photo,
			is_timeslot, event_date, created_by_id FROM investigation_entity WHERE id = $1`, event).
		Scan(&id, &kind, &description, &role, &location, &address, &evidenceType, &photo, &timeslot, &eventDate, &createdBy)
	if err != nil {
		t.Fatal(err)
	}
	if id != event || id != strings.ToLower(id) || kind != "event" || createdBy != alice.id {
		t.Errorf("entity row: id %q kind %q created_by %d; want %q event %d", id, kind, createdBy, event, alice.id)
	}
	if !photo.Valid || photo.String != "" || description+role+location+address+evidenceType != "" || timeslot {
		t.Errorf("entity row blanks: photo %v, texts %q; want '' everywhere (Django never writes NULL there)",
			photo, []string{description, role, location, address, evidenceType})
	}
	if want := time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC); !eventDate.Valid || !eventDate.Time.Equal(want) {
		t.Errorf("event_date = %v; want %v (naive input read in Europe/Paris)", eventDate, want)
	}

	png, ctype := multipartBody("photo", "portrait.png", "image/png", portraitPNG)
	c.must(200, call{method: "POST", path: c.expand("/api/investigation/{A}/entity/{person}/photo/"), as: alice, body: png, ctype: ctype})
	wantRow(t, q, `SELECT photo FROM investigation_entity WHERE id = $1`, []any{person}, "entity_photos/portrait.png")
	wantRow(t, q, `SELECT color || '|' || name FROM investigation_tag t JOIN investigation_entity_tags et ON et.tag_id = t.id
		WHERE et.entity_id = $1`, []any{person}, "|Témoin")
	wantRow(t, q, `SELECT description FROM investigation_link WHERE from_entity_id = $1`, []any{person}, "")
	wantRow(t, q, `SELECT role || ' ' || (code ~ '^[A-Z0-9]{8}$')::text || ' ' || is_active::text || ' ' || i.description
		FROM investigation_investigationmember m JOIN investigation_investigation i ON i.id = m.investigation_id
		WHERE m.user_id = $1 AND i.id = $2`, []any{alice.id, c.ids["A"]}, "owner true true Disparition à Lyon")

	var lastSeen time.Time
	if err := q.QueryRow(`SELECT last_seen FROM investigation_investigationmember WHERE user_id = $1 AND investigation_id = $2`,
		alice.id, c.ids["A"]).Scan(&lastSeen); err != nil {
		t.Fatal(err)
	}
	var v struct {
		LastSeen string `json:"last_seen"`
	}
	if err := json.Unmarshal(beat.body, &v); err != nil || v.LastSeen != lastSeen.UTC().Format("2006-01-02T15:04:05.000000+00:00") {
		t.Errorf("heartbeat said %q, the row holds %v", v.LastSeen, lastSeen)
	}

	// A user registered through Go, as Django's create_user leaves one.
	wantRow(t, q, `SELECT concat_ws('|', first_name, last_name, avatar, avatar IS NULL, is_staff, is_superuser, is_active,
			last_login IS NULL) FROM investigation_user WHERE id = $1`, []any{alice.id}, "|||f|f|f|t|t")
}

// TestInteropRowsWrittenByDjango: rows as Django writes them (including a
// photo column left NULL by older rows, and one Django's bugs let in) list
// through the legacy routes.
func TestInteropRowsWrittenByDjango(t *testing.T) {
	t.Parallel()
	db := djangoDatabase(t)
	c := newCast(newEnvOn(t, db.Store()))
	q := db.SQL()
	for _, row := range []struct{ id, kind, title, photo string }{
		{"11111111-1111-4111-8111-111111111111", "person", "Photo vide", "''"},
		{"22222222-2222-4222-8222-222222222222", "location", "Photo NULL", "NULL"},
		{"33333333-3333-4333-8333-333333333333", "spaceship", "Type inconnu", "'entity_photos/notes.txt'"},
	} {
		_, err := q.Exec(`INSERT INTO investigation_entity (id, entity_type, title, description, created_at, updated_at,
				role, location, event_date, evidence_type, created_by_id, investigation_id, address, event_end_date,
				is_timeslot, photo)
			VALUES ($1, $2, $3, '', now(), now(), '', '', NULL, '', $4, $5, '', NULL, false, `+row.photo+`)`,
			row.id, row.kind, row.title, c.users["alice"].id, c.ids["A"])
		if err != nil {
			t.Fatal(err)
		}
	}
	r := c.must(200, call{method: "GET", path: c.expand("/api/investigation/{A}/entities/"), as: c.users["bob"]})
	for _, want := range []string{
		`"title": "Photo vide", "description": "", "role": "", "location": "", "address": "", "event_date": null, "event_end_date": null, "is_timeslot": false, "evidence_type": ""`,
		`"title": "Photo NULL"`,
		`"type": "spaceship", "title": "Type inconnu"`,
		`"photo_url": "/media/entity_photos/notes.txt"`,
	} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("GET entities/ = %s\nwant it to contain %s", r.body, want)
		}
	}
	if n := strings.Count(string(r.body), `"photo_url": null`); n != 2 {
		t.Errorf("GET entities/ has %d null photo_url; want 2 ('' and NULL alike)", n)
	}
}

// wantRow checks that a one-value query returns want.
func wantRow(t *testing.T, q *sql.DB, query string, args []any, want string) {
	t.Helper()
	var got string
	if err := q.QueryRow(query, args...).Scan(&got); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if got != want {
		t.Errorf("%s = %q; want %q", query, got, want)
	}
}

// TestInteropDjangoCrossLinksHidden: Django's bug 1 already wrote links
// from one investigation's entity to another's into the shared database.
// The link use cases refuse new ones, and the link repositories list only
// links whose two ends belong to the link's investigation (a contract of
// ports/porttest), so the old rows Django wrote stay hidden.
func TestInteropDjangoCrossLinksHidden(t *testing.T) {
	db := djangoDatabase(t)
	c := newCast(newEnvOn(t, db.Store()))
	from := c.create("alice", "A", "loc", `{"type": "location", "title": "Appartement"}`)
	to := c.create("carol", "B", "secret", `{"type": "person", "title": "Secret de Carol"}`)
	if _, err := db.SQL().Exec(`INSERT INTO investigation_link (id, title, description, created_at, created_by_id,
			from_entity_id, investigation_id, to_entity_id) VALUES (gen_random_uuid(), 'Cross', '', now(), $1, $2, $3, $4)`,
		c.users["alice"].id, from, c.ids["A"], to); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"{A}/links/", "{A}/entity/{loc}/links/"} {
		r := c.must(200, call{method: "GET", path: c.expand("/api/investigation/" + path), as: c.users["alice"]})
		if strings.Contains(string(r.body), "Secret de Carol") {
			t.Errorf("GET %s shows B's entity: %s", path, r.body)
		}
	}
}
