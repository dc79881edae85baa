package legacy_test

import (
	"strings"
	"testing"
)

const (
	accessDenied   = `{"error": "Access denied"}`
	onlyCreatorMng = `{"error": "Seul le cr\u00e9ateur peut g\u00e9rer les acc\u00e8s."}`
	onlyCreatorDel = `{"error": "Seul le cr\u00e9ateur peut supprimer l'enqu\u00eate."}`
	notFound       = `{"error": "Not found"}`
	notOfThisInv   = `{"error": "to_entity_id: is not an entity of this investigation"}`
	badType        = `{"error": "type: must be one of person, location, evidence, event"}`
	notAList       = `{"error": "tags: must be a list of strings"}`
	badDate        = `{"error": "event_date: must be an ISO 8601 datetime"}`
)

// TestFixedBugsLinks: bugs 1 and 10 of django-api.md.
func TestFixedBugsLinks(t *testing.T) {
	link := func(name, django, body string, want int, wantBody string) legacyCase {
		return legacyCase{name: name, django: django, as: "alice", method: "POST", path: "{A}/links/",
			body: body, want: want, wantBody: wantBody}
	}
	runCases(t, []legacyCase{
		link("cross-investigation link", "200, and B's entity then listed in A's links (73, 74)",
			`{"from_entity_id": "{location}", "to_entity_id": "{carol_b}", "title": "Cross"}`, 400, notOfThisInv),
		link("self-link", "the first one 200 (64)",
			`{"from_entity_id": "{event}", "to_entity_id": "{event}", "title": "Self"}`, 400,
			`{"error": "to_entity_id: a link must join two different entities"}`),
		link("reverse link", "the same 400 (61)",
			`{"from_entity_id": "{location}", "to_entity_id": "{person}", "title": "Lieu de"}`, 400,
			`{"error": "Un lien inverse existe d\u00e9j\u00e0"}`),
		link("duplicate link", "400 with the raw unique-violation text (62)",
			`{"from_entity_id": "{person}", "to_entity_id": "{location}", "title": "Encore"}`, 409,
			`{"error": "Ce lien existe d\u00e9j\u00e0"}`),
		link("unknown entity", `400 "Entity matching query does not exist." (68)`,
			`{"from_entity_id": "{person}", "to_entity_id": "{unknown}", "title": "x"}`, 400, notOfThisInv),
		link("malformed entity id", "400 with Django's French validation list (69)",
			`{"from_entity_id": "not-a-uuid", "to_entity_id": "{location}", "title": "x"}`, 400,
			`{"error": "from_entity_id: must be a UUID"}`),
		link("missing title", `400 "'title'" (66)`,
			`{"from_entity_id": "{person}", "to_entity_id": "{event}"}`, 400, `{"error": "title: is required"}`),
		link("missing to_entity_id", `400 "'to_entity_id'" (67)`,
			`{"from_entity_id": "{person}", "title": "x"}`, 400, `{"error": "to_entity_id: is required"}`),
		link("title too long", "400 with PostgreSQL's error text (70)",
			`{"from_entity_id": "{event}", "to_entity_id": "{location}", "title": "`+strings.Repeat("y", 101)+`"}`, 400,
			`{"error": "title: must be at most 100 characters"}`),
		link("not JSON", `400 "Expecting value: line 1 column 2 (char 1)" (71)`, `[`, 400, `{"error": "Malformed JSON"}`),
	})
}

// TestFixedBugsRoles: bug 2 (and 18), and revoke/delete checked by role
// rather than by created_by.
func TestFixedBugsRoles(t *testing.T) {
	png, pngType := multipartBody("photo", "portrait.png", "image/png", portraitPNG)
	runCases(t, []legacyCase{
		{name: "viewer creates", django: "200 (123)", as: "dave", method: "POST", path: "{A}/entities/",
			body: `{"type": "person", "title": "Ajout"}`, want: 403, wantBody: accessDenied},
		{name: "viewer deletes another's entity", django: "200 (124)", as: "dave", method: "DELETE",
			path: "{A}/entity/{person}/", want: 403, wantBody: accessDenied},
		{name: "viewer updates", django: "200", as: "dave", method: "PUT", path: "{A}/entity/{person}/",
			body: `{"title": "x"}`, want: 403, wantBody: accessDenied},
		{name: "viewer links", django: "200", as: "dave", method: "POST", path: "{A}/links/",
			body: `{"from_entity_id": "{event}", "to_entity_id": "{location}", "title": "x"}`, want: 403, wantBody: accessDenied},
		{name: "viewer uploads a photo", django: "200", as: "dave", method: "POST", path: "{A}/entity/{person}/photo/",
			body: png, ctype: pngType, want: 403, wantBody: accessDenied},
		{name: "viewer removes a photo", django: "200", as: "dave", method: "DELETE", path: "{A}/entity/{person}/photo/",
			want: 403, wantBody: accessDenied},
		{name: "viewer reads", as: "dave", method: "GET", path: "{A}/entities/", want: 200},
		{name: "viewer heartbeat", as: "dave", method: "POST", path: "{A}/presence/heartbeat/", csrf: true, want: 200},
		{name: "admin revokes a member", django: "403: not the creator", as: "erin", method: "POST",
			path: "{A}/members/{bob_id}/revoke/", csrf: true, want: 200},
		{name: "admin revokes a viewer", django: "403: not the creator", as: "erin", method: "POST",
			path: "{A}/members/{dave_id}/revoke/", csrf: true, want: 200},
		{name: "admin revokes an admin", django: "403 (creator check)", as: "erin", method: "POST",
			path: "{A}/members/{fay_id}/revoke/", csrf: true, want: 403, wantBody: accessDenied},
		{name: "admin revokes the owner", as: "erin", method: "POST", path: "{A}/members/1/revoke/", csrf: true,
			want: 400, wantBody: `{"error": "Impossible de retirer le propri\u00e9taire de l'enqu\u00eate."}`},
		{name: "member revokes", django: "same 403", as: "bob", method: "POST", path: "{A}/members/{dave_id}/revoke/",
			csrf: true, want: 403, wantBody: onlyCreatorMng},
		{name: "viewer revokes the owner", django: "same 403 (125)", as: "dave", method: "POST",
			path: "{A}/members/1/revoke/", csrf: true, want: 403, wantBody: onlyCreatorMng},
		{name: "non-member revokes", django: "same 403 (120)", as: "carol", method: "POST",
			path: "{A}/members/{bob_id}/revoke/", csrf: true, want: 403, wantBody: onlyCreatorMng},
		{name: "owner revokes an unknown user", django: "same 404 (130)", as: "alice", method: "POST",
			path: "{A}/members/999/revoke/", csrf: true, want: 404, wantBody: `{"error": "Membre introuvable"}`},
		{name: "owner revokes herself", django: "same 400 (131)", as: "alice", method: "POST",
			path: "{A}/members/1/revoke/", csrf: true, want: 400,
			wantBody: `{"error": "Impossible de retirer le propri\u00e9taire de l'enqu\u00eate."}`},
		{name: "admin deletes the investigation", django: "same 403", as: "erin", method: "POST", path: "{A}/delete/",
			csrf: true, want: 403, wantBody: onlyCreatorDel},
		{name: "viewer deletes the investigation", django: "same 403 (126)", as: "dave", method: "POST",
			path: "{A}/delete/", csrf: true, want: 403, wantBody: onlyCreatorDel},
		{name: "non-member deletes the investigation", django: "same 403 (121)", as: "carol", method: "POST",
			path: "{A}/delete/", csrf: true, want: 403, wantBody: onlyCreatorDel},
		{name: "non-member heartbeat", django: "same 403 (117)", as: "carol", method: "POST",
			path: "{A}/presence/heartbeat/", csrf: true, want: 403, wantBody: `{"error": "Not a member"}`},
		{name: "unknown investigation heartbeat", django: "404 HTML (91)", as: "alice", method: "POST",
			path: "{unknown}/presence/heartbeat/", csrf: true, want: 404, wantBody: notFound},
	})
}

// TestFixedBugsValidation: bugs 3 and 9 (raw database text), and the
// photo of bug 7.
func TestFixedBugsValidation(t *testing.T) {
	txt, txtType := multipartBody("photo", "notes.txt", "text/plain", []byte("this is not an image\n"))
	wrongField, wrongType := multipartBody("file", "portrait.png", "image/png", portraitPNG)
	big, bigType := multipartBody("photo", "big.png", "image/png", append(portraitPNG, make([]byte, testMaxImage)...))
	entity := func(name, django, body string, want int, wantBody string) legacyCase {
		return legacyCase{name: name, django: django, as: "alice", method: "POST", path: "{A}/entities/",
			body: body, want: want, wantBody: wantBody}
	}
	runCases(t, []legacyCase{
		entity("unknown type", "200, stored (26)", `{"type": "spaceship", "title": "x"}`, 400, badType),
		entity("type too long", "400 raw PostgreSQL text (27)", `{"type": "person-extra-long", "title": "x"}`, 400, badType),
		entity("is_timeslot as a string", `200, "false" stored as true (25)`,
			`{"type": "event", "title": "Quirk", "is_timeslot": "false"}`, 400, `{"error": "is_timeslot: must be a boolean"}`),
		entity("tags as a string", `200, tags "x" and "y" (25)`, `{"type": "event", "title": "Quirk", "tags": "xy"}`, 400, notAList),
		entity("tags holding a number", "200, the number skipped (20)", `{"type": "person", "title": "x", "tags": ["a", 42]}`, 400, notAList),
		entity("tags null", "400 raw TypeError text", `{"type": "person", "title": "x", "tags": null}`, 400, notAList),
		entity("missing title", `400 "'title'" (28)`, `{"type": "person"}`, 400, `{"error": "title: is required"}`),
		entity("blank title", "200, empty title stored", `{"type": "person", "title": "  "}`, 400, `{"error": "title: is required"}`),
		entity("missing type", `400 "'type'" (29)`, `{"title": "No type"}`, 400, `{"error": "type: is required"}`),
		entity("title null", "400 with the failing row (34)", `{"type": "person", "title": null}`, 400,
			`{"error": "title: must be a string"}`),
		entity("title too long", "400 raw PostgreSQL text (33)", `{"type": "person", "title": "`+strings.Repeat("x", 201)+`"}`,
			400, `{"error": "title: must be at most 200 characters"}`),
		entity("description not text", "500 or raw error", `{"type": "person", "title": "x", "description": 5}`, 400,
			`{"error": "description: must be a string"}`),
		entity("unreadable date", "400 with Django's French validation list (32)",
			`{"type": "event", "title": "Bad date", "event_date": "demain"}`, 400, badDate),
		entity("end before start", "200", `{"type": "event", "title": "x", "event_date": "2024-01-02", "event_end_date": "2024-01-01"}`,
			400, `{"error": "event_end_date: must not be before event_date"}`),
		entity("not JSON", `400 "Expecting property name enclosed in double quotes…" (30)`, `{not json`, 400,
			`{"error": "Malformed JSON"}`),
		entity("not an object", "500", `["person"]`, 400, `{"error": "Request body must be a JSON object"}`),
		{name: "form body", django: `400 "Expecting value…" (31)`, as: "alice", method: "POST", path: "{A}/entities/",
			body: "type=person&title=x", ctype: "application/x-www-form-urlencoded", want: 415,
			wantBody: `{"error": "Content-Type must be application/json"}`},
		{name: "bad date on update", django: "400 French validation list (47)", as: "alice", method: "PUT",
			path: "{A}/entity/{person}/", body: `{"event_date": "31/12/2024"}`, want: 400, wantBody: badDate},
		{name: "title null on update", django: "400 raw NOT NULL text", as: "alice", method: "PUT",
			path: "{A}/entity/{person}/", body: `{"title": null}`, want: 400, wantBody: `{"error": "title: must be a string"}`},
		{name: "body too large", as: "alice", method: "POST", path: "{A}/entities/",
			body: `{"type": "person", "title": "x", "description": "` + strings.Repeat("d", testMaxBody) + `"}`,
			want: 413, wantBody: `{"error": "Request body too large"}`},
		{name: "text file as photo", django: "200, stored as the photo (97)", as: "alice", method: "POST",
			path: "{A}/entity/{location}/photo/", body: txt, ctype: txtType, want: 400,
			wantBody: `{"error": "Le fichier doit \u00eatre une image PNG, JPEG, GIF ou WebP"}`},
		{name: "photo in another field", django: "same 400 (98)", as: "alice", method: "POST",
			path: "{A}/entity/{person}/photo/", body: wrongField, ctype: wrongType, want: 400,
			wantBody: `{"error": "Aucune photo fournie"}`},
		{name: "photo as JSON", django: "same 400 (99)", as: "alice", method: "POST", path: "{A}/entity/{person}/photo/",
			body: `{"photo": "x"}`, want: 400, wantBody: `{"error": "Aucune photo fournie"}`},
		{name: "photo too large", django: "200, any size", as: "alice", method: "POST", path: "{A}/entity/{person}/photo/",
			body: big, ctype: bigType, want: 413},
	})
}
