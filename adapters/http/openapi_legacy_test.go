package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
)

// legacyCall is a request to a legacy route with a bearer token or the
// Django session cookie (with the CSRF header when csrf is set).
func (s *specServer) legacy(status int, method, path string, token, cookie, csrf, body string) response {
	s.t.Helper()
	q := request{method: method, path: path, token: token, header: map[string]string{}}
	if body != "" {
		q.body = body
	}
	if cookie != "" {
		q.header["Cookie"] = cookie
	}
	if csrf != "" {
		q.header["X-CSRFToken"] = csrf
	}
	return s.expect(status, q)
}

// TestLegacyResponsesMatchTheSpec runs every legacy route (with a bearer
// token and with Django's session cookie and CSRF token), the slash-less
// redirects and /media/ through the real router, checks each answer
// against the description, and then that every documented legacy and
// media operation answered successfully at least once.
func TestLegacyResponsesMatchTheSpec(t *testing.T) {
	s := newSpecServer(t)
	alice, bob, dave := s.specUser("alice"), s.specUser("bob"), s.specUser("dave")
	inv, code := s.createInvestigation(alice, "Disparition")
	s.req(200, "POST", "/api/investigations/join", bob.token, map[string]string{"code": code})
	cookie, csrf := s.session(alice)
	base := "/api/investigation/" + inv + "/"
	tok := alice.token

	// Entities and photos.
	e1 := s.id(s.legacy(200, "POST", base+"entities/", tok, "", "", `{"type":"person","title":"Jean Dupont","tags":["Suspect"],"ignored":1}`), "id")
	e2 := s.id(s.legacy(200, "POST", base+"entities/", "", cookie, "", `{"type":"location","title":"Café"}`), "id")
	s.legacy(400, "POST", base+"entities/", tok, "", "", `{"type":"person","title":"x","is_timeslot":"false"}`)
	s.legacy(415, "POST", base+"entities/", tok, "", "", "")
	s.legacy(200, "GET", base+"entities/?type=person&search=jean", tok, "", "", "")
	s.legacy(200, "GET", base+"entities/", "", cookie, "", "")
	s.legacy(401, "GET", base+"entities/", "", "", "", "")
	s.legacy(403, "GET", base+"entities/", dave.token, "", "", "")
	s.legacy(404, "GET", "/api/investigation/00000000-0000-4000-8000-000000000000/entities/", tok, "", "", "")
	s.legacy(200, "PUT", base+"entity/"+e1+"/", tok, "", "", `{"title":"Jean Dupont (père)","event_date":""}`)
	s.legacy(404, "PUT", base+"entity/00000000-0000-4000-8000-000000000000/", tok, "", "", `{}`)
	s.legacy(405, "GET", base+"entity/"+e1+"/", tok, "", "", "")
	photo := s.expect(200, request{method: "POST", path: base + "entity/" + e1 + "/photo/", token: tok,
		body: fileForm("photo", "portrait.png", pngBytes(t)), contentType: multipartType})
	url, _ := photo.json(t)["photo_url"].(string)
	s.expect(400, request{method: "POST", path: base + "entity/" + e1 + "/photo/", token: tok,
		body: multipartBody(formPart{field: "other", content: []byte("x")}), contentType: multipartType})

	// Media: the photo as Django's MEDIA_URL serves it.
	if !strings.HasPrefix(url, "/media/entity_photos/") {
		t.Fatalf("%s: photo_url %q", photo, url)
	}
	s.legacy(200, "GET", url, "", "", "", "")
	s.legacy(200, "HEAD", url, "", "", "", "")
	s.legacy(404, "GET", "/media/attachments/secret.pdf", "", "", "", "")
	s.legacy(404, "GET", "/media/entity_photos/../avatars/x.png", "", "", "", "")
	s.legacy(200, "DELETE", base+"entity/"+e1+"/photo/", tok, "", "", "")

	// Links.
	s.legacy(200, "POST", base+"links/", tok, "", "", fmt.Sprintf(`{"from_entity_id":%q,"to_entity_id":%q,"title":"fréquente"}`, e1, e2))
	s.legacy(409, "POST", base+"links/", tok, "", "", fmt.Sprintf(`{"from_entity_id":%q,"to_entity_id":%q,"title":"encore"}`, e1, e2))
	s.legacy(400, "POST", base+"links/", tok, "", "", fmt.Sprintf(`{"from_entity_id":%q,"to_entity_id":%q,"title":"inverse"}`, e2, e1))
	s.legacy(200, "GET", base+"links/", tok, "", "", "")
	s.legacy(200, "GET", base+"entity/"+e1+"/links/", tok, "", "", "")

	// Members, presence, CSRF.
	s.legacy(200, "GET", base+"members/", tok, "", "", "")
	s.legacy(200, "GET", base+"presence/", "", cookie, "", "")
	s.legacy(403, "POST", base+"presence/heartbeat/", "", cookie, "", "")
	s.legacy(200, "POST", base+"presence/heartbeat/", "", cookie, csrf, "")
	s.legacy(403, "POST", base+"presence/heartbeat/", dave.token, "", "", "")
	s.legacy(404, "POST", base+"members/999999/revoke/", tok, "", "", "")
	s.legacy(400, "POST", fmt.Sprintf("%smembers/%d/revoke/", base, alice.id), tok, "", "", "")
	s.legacy(200, "POST", fmt.Sprintf("%smembers/%d/revoke/", base, bob.id), "", cookie, csrf, "")

	// The same paths without their trailing slash: GET and HEAD redirect.
	for _, p := range []string{"entities", "links", "entity/" + e1, "entity/" + e1 + "/photo", "entity/" + e1 + "/links",
		"members", "presence", "presence/heartbeat", fmt.Sprintf("members/%d/revoke", bob.id), "delete"} {
		r := s.legacy(301, "GET", base+p+"?x=1", "", "", "", "")
		if want := base + p + "/?x=1"; r.header.Get("Location") != want {
			t.Errorf("%s: Location %q; want %q", r, r.header.Get("Location"), want)
		}
		s.legacy(301, "HEAD", base+p, "", "", "", "")
	}
	s.legacy(404, "POST", base+"entities", tok, "", "", `{}`)
	s.legacy(404, "GET", "/api/investigation/not-a-uuid/entities", "", "", "", "")

	// Deletions, last.
	s.legacy(200, "DELETE", base+"entity/"+e2+"/", tok, "", "", "")
	s.legacy(403, "POST", base+"delete/", dave.token, "", "", "")
	s.legacy(200, "POST", base+"delete/", "", cookie, csrf, "")

	if missing := s.unanswered(func(op string) bool {
		return strings.Contains(op, " /api/investigation/") || strings.Contains(op, " /media/")
	}); len(missing) > 0 {
		t.Errorf("operations the scenario never answered successfully (add them here): %s", strings.Join(missing, ", "))
	}
}
