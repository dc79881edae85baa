package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// req sends a JSON request through the description check.
func (s *specServer) req(status int, method, path, token string, body any) response {
	s.t.Helper()
	return s.expect(status, request{method: method, path: path, token: token, body: body})
}

func (s *specServer) id(r response, key string) string {
	s.t.Helper()
	v, _ := r.json(s.t)[key].(string)
	if v == "" {
		s.t.Fatalf("%s: no %q", r, key)
	}
	return v
}

// specUser registers through the checked path and returns the account.
func (s *specServer) specUser(name string) user {
	s.t.Helper()
	r := s.req(201, "POST", "/api/auth/register", "", map[string]string{
		"username": name, "email": name + "@example.com", "password": "correct-horse-battery", "first_name": strings.ToUpper(name[:1]) + name[1:]})
	var out struct {
		Token string `json:"token"`
		User  struct {
			ID int64 `json:"id"`
		} `json:"user"`
	}
	decode(s.t, r, &out)
	return user{id: out.User.ID, name: name, token: out.Token}
}

// TestRESTResponsesMatchTheSpec runs every REST operation through the real
// router, with successes and errors, and checks each answer (status,
// headers, body) against the OpenAPI description; then it checks that
// every documented REST and system operation answered successfully at
// least once, so that a new route without a scenario here fails too.
func TestRESTResponsesMatchTheSpec(t *testing.T) {
	s := newSpecServer(t)
	alice, bob, carol, dave := s.specUser("alice"), s.specUser("bob"), s.specUser("carol"), s.specUser("dave")

	// Auth.
	s.req(409, "POST", "/api/auth/register", "", map[string]string{"username": "alice", "email": "a2@example.com", "password": "correct-horse-battery"})
	s.req(400, "POST", "/api/auth/register", "", map[string]string{"username": "eve", "email": "eve@example.com", "password": "12345678"})
	s.req(400, "POST", "/api/auth/register", "", `{"username":`)
	s.expect(415, request{method: "POST", path: "/api/auth/register", body: "username=x", contentType: "application/x-www-form-urlencoded"})
	s.req(413, "POST", "/api/auth/register", "", `{"username":"`+strings.Repeat("x", testMaxBody)+`"}`)
	s.req(200, "POST", "/api/auth/login", "", map[string]string{"username": "alice", "password": "correct-horse-battery"})
	s.req(400, "POST", "/api/auth/login", "", map[string]string{"username": "alice"})
	for range specLoginBurst {
		s.req(401, "POST", "/api/auth/login", "", map[string]string{"username": "dave", "password": "wrong-password"})
	}
	limited := s.req(429, "POST", "/api/auth/login", "", map[string]string{"username": "dave", "password": "wrong-password"})
	if limited.header.Get("Retry-After") == "" {
		t.Errorf("%s: no Retry-After", limited)
	}
	s.req(200, "GET", "/api/auth/me", alice.token, nil)
	s.req(401, "GET", "/api/auth/me", "", nil)
	s.req(401, "GET", "/api/auth/me", "not-a-jwt", nil)
	s.expect(200, request{method: "POST", path: "/api/auth/me/avatar", token: alice.token, body: fileForm("avatar", "me.png", pngBytes(t)), contentType: multipartType})
	s.expect(400, request{method: "POST", path: "/api/auth/me/avatar", token: alice.token, body: fileForm("avatar", "me.png", []byte("not an image")), contentType: multipartType})
	s.req(415, "POST", "/api/auth/me/avatar", alice.token, map[string]string{})
	s.req(200, "GET", "/api/auth/me", alice.token, nil) // avatar set
	s.req(200, "DELETE", "/api/auth/me/avatar", alice.token, nil)

	// Investigations.
	s.req(201, "POST", "/api/investigations", alice.token, map[string]string{"title": "Première affaire"})
	created := s.req(201, "POST", "/api/investigations", alice.token, map[string]string{"title": "Disparition", "description": "Vu le 12"})
	inv, code := s.id(created, "id"), s.id(created, "code")
	s.req(400, "POST", "/api/investigations", alice.token, map[string]string{"title": " "})
	page := s.req(200, "GET", "/api/investigations?limit=1", alice.token, nil)
	s.req(200, "GET", "/api/investigations?limit=1&cursor="+s.id(page, "next_cursor"), alice.token, nil)
	s.req(400, "GET", "/api/investigations?limit=0", alice.token, nil)
	s.req(200, "POST", "/api/investigations/join", bob.token, map[string]string{"code": strings.ToLower(code)})
	s.req(409, "POST", "/api/investigations/join", bob.token, map[string]string{"code": code})
	s.req(404, "POST", "/api/investigations/join", bob.token, map[string]string{"code": "ZZZZZZZZ"})
	s.req(200, "POST", "/api/investigations/join", carol.token, map[string]string{"code": code})
	base := "/api/investigations/" + inv
	s.req(200, "GET", base, alice.token, nil)
	s.req(403, "GET", base, dave.token, nil)
	s.req(404, "GET", "/api/investigations/00000000-0000-4000-8000-000000000000", alice.token, nil)
	s.req(404, "GET", "/api/investigations/not-a-uuid", alice.token, nil)
	s.req(200, "PATCH", base, alice.token, map[string]string{"description": "Vu le 12 mars"})
	s.req(403, "PATCH", base, bob.token, map[string]string{"title": "Mine"})
	s.req(400, "PATCH", base, alice.token, map[string]any{"title": nil})

	// Members.
	s.req(200, "GET", base+"/members", bob.token, nil)
	s.req(200, "GET", base+"/members?limit=1", bob.token, nil)
	s.req(200, "PATCH", fmt.Sprintf("%s/members/%d", base, carol.id), alice.token, map[string]string{"role": "viewer"})
	s.req(400, "PATCH", fmt.Sprintf("%s/members/%d", base, carol.id), alice.token, map[string]string{"role": "owner"})
	s.req(404, "PATCH", base+"/members/999999", alice.token, map[string]string{"role": "viewer"})
	s.req(200, "POST", base+"/presence", carol.token, nil)
	s.req(200, "GET", base+"/presence", carol.token, nil)

	// Entities.
	ent := base + "/entities"
	e1 := s.id(s.req(201, "POST", ent, bob.token, map[string]any{"type": "person", "title": "Jean Dupont", "tags": []string{"Suspect"}}), "id")
	e2 := s.id(s.req(201, "POST", ent, alice.token, map[string]any{"type": "event", "title": "Rendez-vous", "event_date": "2024-01-15T10:30", "is_timeslot": true}), "id")
	s.req(403, "POST", ent, carol.token, map[string]any{"type": "person", "title": "Refusé"})
	s.req(400, "POST", ent, bob.token, map[string]any{"type": "spaceship", "title": "x"})
	s.req(400, "POST", ent, bob.token, map[string]any{"type": "person", "title": "x", "colour": "red"})
	s.req(200, "GET", ent+"?type=person&search=dupont&tag=suspect", carol.token, nil)
	s.req(200, "GET", ent+"?limit=1", carol.token, nil)
	s.req(200, "GET", ent+"/"+e1, carol.token, nil)
	s.req(404, "GET", ent+"/00000000-0000-4000-8000-000000000000", carol.token, nil)
	s.req(200, "PUT", ent+"/"+e1, bob.token, map[string]any{"title": "Jean Dupont (père)", "tags": []string{"Suspect", "Témoin"}})
	s.req(200, "PATCH", ent+"/"+e2, bob.token, map[string]any{"event_date": nil})
	s.expect(200, request{method: "POST", path: ent + "/" + e1 + "/photo", token: bob.token, body: fileForm("photo", "portrait.png", pngBytes(t)), contentType: multipartType})
	s.req(200, "GET", ent+"/"+e1, carol.token, nil) // photo_url set
	s.expect(400, request{method: "POST", path: ent + "/" + e1 + "/photo", token: bob.token, body: multipartBody(formPart{field: "other", content: []byte("x")}), contentType: multipartType})
	s.req(200, "DELETE", ent+"/"+e1+"/photo", bob.token, nil)

	// Links.
	l1 := s.id(s.req(201, "POST", base+"/links", bob.token, map[string]string{"from_entity_id": e1, "to_entity_id": e2, "title": "organise"}), "id")
	s.req(409, "POST", base+"/links", bob.token, map[string]string{"from_entity_id": e1, "to_entity_id": e2, "title": "encore"})
	s.req(400, "POST", base+"/links", bob.token, map[string]string{"from_entity_id": e2, "to_entity_id": e1, "title": "inverse"})
	s.req(200, "GET", base+"/links", carol.token, nil)
	s.req(200, "PATCH", base+"/links/"+l1, bob.token, map[string]string{"description": "le 15"})

	// Tags.
	tag := s.id(s.req(201, "POST", base+"/tags", bob.token, map[string]string{"name": "Lieu", "color": "#00AA88"}), "id")
	s.req(409, "POST", base+"/tags", bob.token, map[string]string{"name": "SUSPECT"})
	s.req(400, "POST", base+"/tags", bob.token, map[string]string{"name": "x", "color": "red"})
	s.req(200, "GET", base+"/tags", carol.token, nil)
	s.req(200, "PATCH", base+"/tags/"+tag, bob.token, map[string]string{"color": ""})

	// Comments.
	com := ent + "/" + e1 + "/comments"
	c1 := s.id(s.req(201, "POST", com, alice.token, map[string]string{"content": "Vu au café"}), "id")
	s.req(200, "GET", com, carol.token, nil)
	s.req(200, "PATCH", com+"/"+c1, alice.token, map[string]string{"content": "Vu au café le 12"})
	s.req(403, "PATCH", com+"/"+c1, bob.token, map[string]string{"content": "Pas à moi"})
	s.req(400, "POST", com, bob.token, map[string]string{"content": ""})

	s.attachments(t, ent+"/"+e1+"/attachments", bob, carol)
	s.polling(t, base, carol)

	// History: owner and admins.
	s.req(200, "GET", base+"/history", alice.token, nil)
	page = s.req(200, "GET", base+"/history?limit=2&entity="+e1, alice.token, nil)
	s.req(200, "GET", base+"/history?cursor="+s.id(page, "next_cursor")+"&user="+fmt.Sprint(bob.id)+"&from=2025-01-01T00:00", alice.token, nil)
	s.req(400, "GET", base+"/history?limit=501", alice.token, nil)
	s.req(403, "GET", base+"/history", bob.token, nil)

	// Deletions and membership changes, last.
	s.req(200, "DELETE", com+"/"+c1, alice.token, nil)
	s.req(200, "DELETE", base+"/tags/"+tag, bob.token, nil)
	s.req(200, "DELETE", base+"/links/"+l1, bob.token, nil)
	s.req(200, "DELETE", ent+"/"+e2, bob.token, nil)
	s.req(200, "DELETE", fmt.Sprintf("%s/members/%d", base, carol.id), alice.token, nil)
	s.req(400, "DELETE", fmt.Sprintf("%s/members/%d", base, alice.id), alice.token, nil)
	s.req(400, "POST", base+"/leave", alice.token, nil)
	s.req(200, "POST", base+"/transfer", alice.token, map[string]int64{"user_id": bob.id})
	s.req(403, "DELETE", base, alice.token, nil)
	s.req(200, "POST", base+"/leave", alice.token, nil)
	s.req(200, "DELETE", base, bob.token, nil)

	// Tokens: password change, logout, logout everywhere.
	s.req(400, "POST", "/api/auth/password", dave.token, map[string]string{"old_password": "wrong-password", "new_password": "staple-battery-horse"})
	fresh := s.id(s.req(200, "POST", "/api/auth/password", dave.token, map[string]string{
		"old_password": "correct-horse-battery", "new_password": "staple-battery-horse"}), "token")
	s.req(401, "GET", "/api/auth/me", dave.token, nil)
	s.req(200, "POST", "/api/auth/logout", fresh, nil)
	s.req(401, "POST", "/api/auth/logout", fresh, nil)
	s.req(200, "POST", "/api/auth/logout-all", carol.token, nil)
	s.req(401, "GET", "/api/auth/me", carol.token, nil)

	// Routing errors.
	s.req(405, "PUT", "/api/investigations", alice.token, nil)
	s.req(404, "GET", "/api/nothing/here", alice.token, nil)
	s.req(404, "GET", "/api/investigations/", alice.token, nil)

	s.system(t)
	if missing := s.unanswered(func(op string) bool {
		return !strings.Contains(op, " /api/investigation/") && !strings.Contains(op, " /media/")
	}); len(missing) > 0 {
		t.Errorf("operations the scenario never answered successfully (add them here): %s", strings.Join(missing, ", "))
	}
}

// attachments exercises upload, list, download (whole, range, revalidated,
// unsatisfiable range) and delete.
func (s *specServer) attachments(t *testing.T, att string, writer, reader user) {
	content := []byte("%PDF-1.4\n" + strings.Repeat("rapport ", 100))
	up := s.expect(201, request{method: "POST", path: att, token: writer.token, body: fileForm("file", "rapport.pdf", content), contentType: multipartType})
	var a struct{ ID, URL, SHA256 string }
	if err := json.Unmarshal(up.body, &a); err != nil || a.URL == "" {
		t.Fatalf("%s: %v", up, err)
	}
	s.expect(403, request{method: "POST", path: att, token: reader.token, body: fileForm("file", "x.txt", []byte("x")), contentType: multipartType})
	s.req(415, "POST", att, writer.token, map[string]string{})
	s.req(200, "GET", att, reader.token, nil)
	s.req(200, "GET", a.URL, reader.token, nil)
	s.expect(206, request{method: "GET", path: a.URL, token: reader.token, header: map[string]string{"Range": "bytes=0-9"}})
	s.expect(304, request{method: "GET", path: a.URL, token: reader.token, header: map[string]string{"If-None-Match": `"` + a.SHA256 + `"`}})
	s.expect(416, request{method: "GET", path: a.URL, token: reader.token, header: map[string]string{"Range": "bytes=99999-"}})
	s.req(200, "DELETE", att+"/"+a.ID, writer.token, nil)
	s.req(404, "GET", a.URL, reader.token, nil)
}

// system checks the routes outside /api.
func (s *specServer) system(t *testing.T) {
	s.req(200, "GET", "/health", "", nil)
	s.req(200, "GET", "/ready", "", nil)
	s.req(401, "GET", "/metrics", "", nil)
	s.req(401, "GET", "/metrics", "wrong-token", nil)
	s.req(200, "GET", "/metrics", specMetricsToken, nil)
	spec := s.req(200, "GET", "/openapi.json", "", nil)
	s.expect(304, request{method: "GET", path: "/openapi.json", header: map[string]string{"If-None-Match": spec.header.Get("ETag")}})
	for _, p := range []string{"/docs", "/docs/app.js", "/docs/try.js", "/docs/docs.css"} {
		s.req(200, "GET", p, "", nil)
	}
}

// polling exercises what live clients use: ETag revalidation of the polled
// lists, ?since= deltas, and the event stream with its ticket.
func (s *specServer) polling(t *testing.T, base string, u user) {
	for _, p := range []string{"/entities", "/links", "/members", "/presence"} {
		r := s.req(200, "GET", base+p, u.token, nil)
		s.expect(304, request{method: "GET", path: base + p, token: u.token, header: map[string]string{"If-None-Match": r.header.Get("ETag")}})
	}
	seq := s.req(200, "GET", base+"/entities", u.token, nil).header.Get("X-Event-Seq")
	if seq == "" {
		t.Error("entity list without X-Event-Seq")
	}
	s.req(200, "GET", base+"/entities?since=0&type=person", u.token, nil)
	s.req(200, "GET", base+"/links?since="+seq, u.token, nil)
	s.req(400, "GET", base+"/links?since=-1", u.token, nil)

	ticket := s.id(s.req(201, "POST", base+"/events/ticket", u.token, nil), "ticket")
	r := s.openStream(base+"/events?ticket="+ticket, "")
	if !strings.HasPrefix(string(r.body), "retry: 3000\n") {
		t.Errorf("%s; want the retry hint first", r)
	}
	s.openStream(base+"/events?last_event_id=0", u.token)
	s.req(401, "GET", base+"/events?ticket="+ticket, "", nil) // single use
	s.expect(400, request{method: "GET", path: base + "/events", token: u.token, header: map[string]string{"Last-Event-ID": "x"}})
}

// openStream reads an event stream for a moment, then hangs up, and checks
// what it got like any other answer.
func (s *specServer) openStream(path, token string) response {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req := httptest.NewRequest("GET", path, nil).WithContext(ctx)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	s.engine.ServeHTTP(rec, req)
	r := response{method: "GET", path: path, status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if r.status != 200 {
		s.t.Errorf("%s; want 200", r)
	}
	return s.check(r)
}
