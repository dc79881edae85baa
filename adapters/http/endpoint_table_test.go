package httpapi_test

import (
	"encoding/base64"
	"strings"
)

// badBody is an input an endpoint must refuse without changing anything.
type badBody struct {
	name        string
	body        string
	contentType string
	status      int
	message     string // exact error message, when it matters
}

// endpoint is one route of the investigation surface with what API.md's
// role table says about it.
type endpoint struct {
	method, path, body string
	allowed            []string       // roles that succeed
	status             int            // the success status
	override           map[string]int // role → status when refused otherwise than 403
	subs               []string       // placeholders of sub-resource ids (unknown → 404)
	foreign            map[string]string
	textField          string // a string field of the body, for the generic decoding checks
	bad                []badBody
	contentType        string // of body, when not JSON (uploads)
	raw                bool   // the success is not JSON (a download)
}

var (
	readers = []string{"owner", "admin", "member", "member2", "viewer"}
	writers = []string{"owner", "admin", "member", "member2"}
	long201 = strings.Repeat("é", 201)
)

var endpoints = []endpoint{
	{method: "GET", path: "/api/investigations/{inv}", allowed: readers, status: 200},
	{method: "PATCH", path: "/api/investigations/{inv}", body: `{"title":"Nouveau titre"}`,
		allowed: []string{"owner", "admin"}, status: 200, textField: "title",
		bad: []badBody{
			{name: "empty title", body: `{"title":"  "}`, status: 400, message: "title: is required"},
			{name: "null title", body: `{"title":null}`, status: 400, message: "title: must not be null"},
			{name: "long title", body: `{"title":"` + long201 + `"}`, status: 400},
			{name: "number description", body: `{"description":5}`, status: 400, message: "description: must be a string"},
		}},
	{method: "DELETE", path: "/api/investigations/{inv}", allowed: []string{"owner"}, status: 200},
	{method: "GET", path: "/api/investigations/{inv}/members", allowed: readers, status: 200},
	{method: "PATCH", path: "/api/investigations/{inv}/members/{member2}", body: `{"role":"viewer"}`,
		allowed: []string{"owner"}, status: 200, subs: []string{"{member2}"}, textField: "role",
		bad: []badBody{
			{name: "unknown role", body: `{"role":"superuser"}`, status: 400},
			{name: "owner role", body: `{"role":"owner"}`, status: 400},
			{name: "number role", body: `{"role":1}`, status: 400, message: "role: must be a string"},
		}},
	{method: "DELETE", path: "/api/investigations/{inv}/members/{member2}", allowed: []string{"owner", "admin"},
		status: 200, subs: []string{"{member2}"}},
	{method: "POST", path: "/api/investigations/{inv}/leave", allowed: []string{"admin", "member", "member2", "viewer"},
		status: 200, override: map[string]int{"owner": 400}},
	{method: "POST", path: "/api/investigations/{inv}/transfer", body: `{"user_id":{member2}}`,
		allowed: []string{"owner"}, status: 200,
		bad: []badBody{
			{name: "string id", body: `{"user_id":"{member2}"}`, status: 400, message: "user_id: must be an integer"},
			{name: "missing id", body: `{}`, status: 400, message: "user_id: is required"},
			{name: "fractional id", body: `{"user_id":2.5}`, status: 400},
			{name: "unknown member", body: `{"user_id":999999}`, status: 404, message: "Membre introuvable"},
		}},
	{method: "GET", path: "/api/investigations/{inv}/presence", allowed: readers, status: 200},
	{method: "POST", path: "/api/investigations/{inv}/presence", allowed: readers, status: 200},
	{method: "GET", path: "/api/investigations/{inv}/entities", allowed: readers, status: 200},
	{method: "POST", path: "/api/investigations/{inv}/entities", allowed: writers, status: 201, textField: "title",
		body: `{"type":"event","title":"Rendez-vous","event_date":"2024-01-15T10:30","tags":["suspect","Nouveau"]}`,
		bad:  entityBadBodies(true)},
	{method: "GET", path: "/api/investigations/{inv}/entities/{entity}", allowed: readers, status: 200,
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"}},
	{method: "PUT", path: "/api/investigations/{inv}/entities/{entity}", allowed: writers, status: 200,
		body: `{"title":"Jean Dupont (père)","tags":["Nouveau"]}`, textField: "title",
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"}, bad: entityBadBodies(false)},
	{method: "PATCH", path: "/api/investigations/{inv}/entities/{entity}", allowed: writers, status: 200,
		body: `{"event_date":null}`, textField: "description",
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"}, bad: entityBadBodies(false)},
	{method: "DELETE", path: "/api/investigations/{inv}/entities/{entity}", allowed: writers, status: 200,
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"}},
	{method: "GET", path: "/api/investigations/{inv}/links", allowed: readers, status: 200},
	{method: "POST", path: "/api/investigations/{inv}/links", allowed: writers, status: 201, textField: "title",
		body: `{"from_entity_id":"{entity}","to_entity_id":"{entity3}","title":"a vu"}`,
		bad: []badBody{
			{name: "self link", body: `{"from_entity_id":"{entity}","to_entity_id":"{entity}","title":"x"}`, status: 400},
			{name: "reverse link", body: `{"from_entity_id":"{entity2}","to_entity_id":"{entity}","title":"x"}`,
				status: 400, message: "Un lien inverse existe déjà"},
			{name: "duplicate link", body: `{"from_entity_id":"{entity}","to_entity_id":"{entity2}","title":"x"}`, status: 409},
			{name: "foreign from", body: `{"from_entity_id":"{other_entity}","to_entity_id":"{entity}","title":"x"}`, status: 400},
			{name: "foreign to", body: `{"from_entity_id":"{entity}","to_entity_id":"{other_entity}","title":"x"}`, status: 400},
			{name: "unknown to", body: `{"from_entity_id":"{entity}","to_entity_id":"00000000-0000-4000-8000-000000000000","title":"x"}`, status: 400},
			{name: "malformed id", body: `{"from_entity_id":"nope","to_entity_id":"{entity3}","title":"x"}`,
				status: 400, message: "from_entity_id: must be a UUID"},
			{name: "missing id", body: `{"to_entity_id":"{entity3}","title":"x"}`, status: 400, message: "from_entity_id: is required"},
			{name: "missing title", body: `{"from_entity_id":"{entity}","to_entity_id":"{entity3}"}`, status: 400, message: "title: is required"},
			{name: "long title", body: `{"from_entity_id":"{entity}","to_entity_id":"{entity3}","title":"` + strings.Repeat("x", 101) + `"}`, status: 400},
		}},
	{method: "PATCH", path: "/api/investigations/{inv}/links/{link}", allowed: writers, status: 200,
		body: `{"title":"connaît"}`, textField: "title",
		subs: []string{"{link}"}, foreign: map[string]string{"{link}": "{other_link}"},
		bad: []badBody{
			{name: "empty title", body: `{"title":""}`, status: 400, message: "title: is required"},
			{name: "null description", body: `{"description":null}`, status: 400, message: "description: must not be null"},
		}},
	{method: "DELETE", path: "/api/investigations/{inv}/links/{link}", allowed: writers, status: 200,
		subs: []string{"{link}"}, foreign: map[string]string{"{link}": "{other_link}"}},
	{method: "GET", path: "/api/investigations/{inv}/tags", allowed: readers, status: 200},
	{method: "POST", path: "/api/investigations/{inv}/tags", allowed: writers, status: 201, textField: "name",
		body: `{"name":"Alibi","color":"#FF0000"}`,
		bad: []badBody{
			{name: "empty name", body: `{"name":""}`, status: 400, message: "name: is required"},
			{name: "bad color", body: `{"name":"Alibi","color":"red"}`, status: 400},
			{name: "long name", body: `{"name":"` + strings.Repeat("n", 51) + `"}`, status: 400},
			{name: "duplicate other case", body: `{"name":"TÉMOIN"}`, status: 409},
		}},
	{method: "PATCH", path: "/api/investigations/{inv}/tags/{tag}", allowed: writers, status: 200,
		body: `{"color":"#00ff00"}`, textField: "name",
		subs: []string{"{tag}"}, foreign: map[string]string{"{tag}": "{other_tag}"},
		bad: []badBody{
			{name: "bad color", body: `{"color":"#00ff0"}`, status: 400},
			{name: "rename onto another", body: `{"name":"suspect"}`, status: 409},
			{name: "null name", body: `{"name":null}`, status: 400},
		}},
	{method: "DELETE", path: "/api/investigations/{inv}/tags/{tag}", allowed: writers, status: 200,
		subs: []string{"{tag}"}, foreign: map[string]string{"{tag}": "{other_tag}"}},
	{method: "GET", path: "/api/investigations/{inv}/entities/{entity}/comments", allowed: readers, status: 200,
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"}},
	{method: "POST", path: "/api/investigations/{inv}/entities/{entity}/comments", allowed: writers, status: 201,
		body: `{"content":"Alibi vérifié"}`, textField: "content",
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"},
		bad: []badBody{
			{name: "empty", body: `{"content":""}`, status: 400, message: "content: is required"},
			{name: "too long", body: `{"content":"` + strings.Repeat("a", 10001) + `"}`, status: 400},
		}},
	// The comment is member's: only its author edits it.
	{method: "PATCH", path: "/api/investigations/{inv}/entities/{entity}/comments/{comment}", allowed: []string{"member"},
		status: 200, body: `{"content":"Vu le 13"}`, textField: "content",
		subs: []string{"{entity}", "{comment}"}, foreign: map[string]string{"{comment}": "{other_comment}", "{entity}": "{other_entity}"},
		bad: []badBody{{name: "empty", body: `{"content":""}`, status: 400}}},
	// Its author, an admin or the owner may delete it; not another member.
	{method: "DELETE", path: "/api/investigations/{inv}/entities/{entity}/comments/{comment}",
		allowed: []string{"owner", "admin", "member"}, status: 200,
		subs: []string{"{entity}", "{comment}"}, foreign: map[string]string{"{comment}": "{other_comment}", "{entity}": "{other_entity}"}},
	{method: "GET", path: "/api/investigations/{inv}/entities/{entity}/attachments", allowed: readers, status: 200,
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"}},
	{method: "POST", path: "/api/investigations/{inv}/entities/{entity}/attachments", allowed: writers, status: 201,
		body: fileForm("file", "rapport.txt", []byte("Rapport d'autopsie\n")), contentType: multipartType,
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"},
		bad: uploadBadBodies("file", "file: is required", 25<<20)},
	{method: "GET", path: "/api/investigations/{inv}/entities/{entity}/attachments/{attachment}/download", allowed: readers,
		status: 200, raw: true, subs: []string{"{entity}", "{attachment}"},
		foreign: map[string]string{"{attachment}": "{other_attachment}", "{entity}": "{other_entity}"}},
	{method: "DELETE", path: "/api/investigations/{inv}/entities/{entity}/attachments/{attachment}", allowed: writers,
		status: 200, subs: []string{"{entity}", "{attachment}"},
		foreign: map[string]string{"{attachment}": "{other_attachment}", "{entity}": "{other_entity}"}},
	{method: "POST", path: "/api/investigations/{inv}/entities/{entity}/photo", allowed: writers, status: 200,
		body: fileForm("photo", "portrait.png", tinyPNG()), contentType: multipartType,
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"},
		bad: append(uploadBadBodies("photo", "Aucune photo fournie", 5<<20),
			badBody{name: "not an image", body: fileForm("photo", "portrait.png", []byte("pas une image\n")), status: 400,
				message: "Le fichier doit être une image PNG, JPEG, GIF ou WebP"})},
	{method: "DELETE", path: "/api/investigations/{inv}/entities/{entity}/photo", allowed: writers, status: 200,
		subs: []string{"{entity}"}, foreign: map[string]string{"{entity}": "{other_entity}"}},
}

// uploadBadBodies are refused uploads of a multipart field. missing is the
// answer to a request without the file; limit the size one byte beyond
// which a file is refused.
func uploadBadBodies(field, missing string, limit int) []badBody {
	part := func(p formPart) string { return multipartBody(p) }
	text := []byte("texte\n")
	b := []badBody{
		{name: "json", body: `{"` + field + `":"eA=="}`, contentType: "application/json", status: 415, message: "Content-Type must be multipart/form-data"},
		{name: "text/plain", body: "texte", contentType: "text/plain", status: 415},
		{name: "no content type", body: fileForm(field, "a.txt", text), contentType: "none", status: 415},
		{name: "urlencoded", body: field + "=texte", contentType: "application/x-www-form-urlencoded", status: 415},
		{name: "multipart/mixed", body: fileForm(field, "a.txt", text), contentType: "multipart/mixed; boundary=" + testBoundary, status: 415},
		{name: "no boundary", body: fileForm(field, "a.txt", text), contentType: "multipart/form-data", status: 400},
		{name: "other boundary", body: fileForm(field, "a.txt", text), contentType: "multipart/form-data; boundary=nope", status: 400},
		{name: "empty body", body: "", status: 400},
		{name: "garbage", body: "\x00\xff garbage --" + testBoundary, status: 400},
		{name: "no parts", body: "--" + testBoundary + "--\r\n", status: 400, message: missing},
		{name: "other field", body: fileForm("document", "a.txt", text), status: 400, message: missing},
		{name: "plain field", body: part(formPart{field: field, content: text}), status: 400, message: missing},
		// What a browser sends for a file input left empty.
		{name: "empty file input", body: "--" + testBoundary + "\r\nContent-Disposition: form-data; name=\"" + field +
			"\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--" + testBoundary + "--\r\n",
			status: 400, message: missing},
		{name: "empty file", body: fileForm(field, "vide.txt", nil), status: 400, message: field + ": the file is empty"},
		{name: "truncated", body: strings.TrimSuffix(fileForm(field, "a.txt", text), "--"+testBoundary+"--\r\n"), status: 400},
		{name: "truncated in the file", body: strings.Split(fileForm(field, "a.txt", []byte(strings.Repeat("x", 4096))), "xxxx")[0] + "xxxx", status: 400},
		{name: "too large", body: fileForm(field, "gros.png", append(tinyPNG(), make([]byte, limit)...)), status: 413,
			message: "File too large: the limit is " + itoa(limit) + " bytes"},
	}
	return b
}

// tinyPNG is a 2×2 PNG, the one Django's transcript uploads.
func tinyPNG() []byte {
	b, err := base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGM8ISfHwMDAxMDAwMDAAAANBAEIfXHKZgAAAABJRU5ErkJggg==")
	if err != nil {
		panic(err)
	}
	return b
}

// entityBadBodies are refused entity inputs; create adds the required fields.
func entityBadBodies(create bool) []badBody {
	b := []badBody{
		{name: "empty title", body: `{"type":"person","title":" "}`, status: 400, message: "title: is required"},
		{name: "long title", body: `{"type":"person","title":"` + long201 + `"}`, status: 400},
		{name: "string boolean", body: `{"type":"event","title":"x","is_timeslot":"false"}`, status: 400, message: "is_timeslot: must be a boolean"},
		{name: "string tags", body: `{"type":"event","title":"x","tags":"xy"}`, status: 400, message: "tags: must be a list of strings"},
		{name: "number in tags", body: `{"type":"event","title":"x","tags":["a",1]}`, status: 400, message: "tags: must be a list of strings"},
		{name: "null tags", body: `{"type":"event","title":"x","tags":null}`, status: 400},
		{name: "long tag", body: `{"type":"event","title":"x","tags":["` + strings.Repeat("t", 51) + `"]}`, status: 400},
		{name: "bad date", body: `{"type":"event","title":"x","event_date":"demain"}`, status: 400, message: "event_date: must be an ISO 8601 datetime"},
		{name: "french date", body: `{"type":"event","title":"x","event_end_date":"31/12/2024"}`, status: 400, message: "event_end_date: must be an ISO 8601 datetime"},
		{name: "empty date", body: `{"type":"event","title":"x","event_date":""}`, status: 400},
		{name: "number date", body: `{"type":"event","title":"x","event_date":20240115}`, status: 400, message: "event_date: must be a string"},
		{name: "end before start", body: `{"type":"event","title":"x","event_date":"2024-01-15T10:30","event_end_date":"2024-01-15T09:00"}`, status: 400},
		{name: "null description", body: `{"type":"event","title":"x","description":null}`, status: 400, message: "description: must not be null"},
		{name: "long role", body: `{"type":"person","title":"x","role":"` + strings.Repeat("r", 101) + `"}`, status: 400},
		{name: "long evidence type", body: `{"type":"evidence","title":"x","evidence_type":"` + strings.Repeat("e", 21) + `"}`, status: 400},
	}
	if create { // an update ignores type, as Django does: the kind is fixed
		b = append(b,
			badBody{name: "unknown type", body: `{"type":"spaceship","title":"x"}`, status: 400},
			badBody{name: "missing type", body: `{"title":"x"}`, status: 400, message: "type: is required"},
			badBody{name: "missing title", body: `{"type":"person"}`, status: 400, message: "title: is required"},
		)
	}
	return b
}

// genericBadBodies are what the strict decoder refuses on every JSON route.
func genericBadBodies(field string) []badBody {
	return []badBody{
		{name: "text/plain", body: `{"` + field + `":"x"}`, contentType: "text/plain", status: 415},
		{name: "no content type", body: `{"` + field + `":"x"}`, contentType: "none", status: 415},
		{name: "form", body: field + `=x`, contentType: "application/x-www-form-urlencoded", status: 415},
		{name: "latin-1", body: `{"` + field + `":"x"}`, contentType: "application/json; charset=latin-1", status: 415},
		{name: "too large", body: `{"` + field + `":"` + strings.Repeat("x", testMaxBody) + `"}`, status: 413, message: "Request body too large"},
		{name: "malformed", body: `{"` + field + `":`, status: 400},
		{name: "not json", body: `nope`, status: 400},
		{name: "empty", body: ``, status: 400},
		{name: "array", body: `[]`, status: 400},
		{name: "null", body: `null`, status: 400},
		{name: "unknown field", body: `{"nope":1}`, status: 400, message: "nope: unknown field"},
		{name: "field in other case", body: `{"` + strings.ToUpper(field) + `":"x"}`, status: 400},
		{name: "duplicate field", body: `{"` + field + `":"x","` + field + `":"y"}`, status: 400},
		{name: "trailing data", body: `{"` + field + `":"x"} {}`, status: 400},
		{name: "invalid utf-8", body: `{"` + field + `":"` + "\xff\xfe" + `"}`, status: 400},
		{name: "NUL", body: `{"` + field + `":"a\u0000b"}`, status: 400, message: field + ": must not contain NUL characters"},
		{name: "wrong type", body: `{"` + field + `":true}`, status: 400, message: field + ": must be a string"},
	}
}
