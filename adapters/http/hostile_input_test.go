package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/ports"
)

// hostileRoute is a JSON route with a valid body in which %s stands for
// the value of one field; the hostile values replace it, or the whole
// body is mangled around it.
type hostileRoute struct {
	method, path string
	body         string // with one %s
	field        string
	as           string // role of the caller; "" for none
	ok           string // a value of the field that succeeds
	status       int    // of the body with ok
}

var hostileRoutes = []hostileRoute{
	{"POST", "/api/auth/register", `{"username":%s,"email":"mallory@example.com","password":"correct-horse-battery"}`, "username", "", `"mallory_ok"`, 201},
	{"POST", "/api/auth/login", `{"username":%s,"password":"correct-horse-battery"}`, "username", "", `"owner"`, 200},
	{"POST", "/api/investigations", `{"title":%s}`, "title", "outsider", `"x"`, 201},
	{"POST", "/api/investigations/join", `{"code":%s}`, "code", "outsider", `"{code}"`, 200},
	{"PATCH", "/api/investigations/{inv}", `{"description":%s}`, "description", "owner", `"x"`, 200},
	{"POST", "/api/investigations/{inv}/entities", `{"type":"person","title":%s}`, "title", "owner", `"x"`, 201},
	{"POST", "/api/investigations/{inv}/entities", `{"type":"event","title":"x","is_timeslot":%s}`, "is_timeslot", "owner", `true`, 201},
	{"PATCH", "/api/investigations/{inv}/entities/{entity}", `{"tags":%s}`, "tags", "owner", `["a"]`, 200},
	{"POST", "/api/investigations/{inv}/links", `{"from_entity_id":"{entity}","to_entity_id":"{entity3}","title":%s}`, "title", "owner", `"x"`, 201},
	{"POST", "/api/investigations/{inv}/transfer", `{"user_id":%s}`, "user_id", "owner", `{member2}`, 200},
	{"POST", "/api/investigations/{inv}/entities/{entity}/comments", `{"content":%s}`, "content", "owner", `"x"`, 201},
	{"PATCH", "/api/investigations/{inv}/members/{member2}", `{"role":%s}`, "role", "owner", `"viewer"`, 200},
}

// hostileValues are field values no route accepts, whatever the field's
// type: numbers no Go type holds, nesting at the decoder's depth limit,
// NUL characters, operator objects of NoSQL injections.
var hostileValues = map[string]string{
	"1e400":                 `1e400`,
	"-1e400":                `-1e400`,
	"99999999999999999999":  `99999999999999999999`,
	"10 000 nested arrays":  strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	"10 000 nested objects": strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000),
	"escaped NUL":           `"a\u0000b"`,
	"operator object":       `{"$gt":""}`,
	"list of lists":         `[["x"]]`,
}

// hostileBodies mangle the whole body around a harmless value.
func hostileBodies(r hostileRoute) map[string]string {
	valid := fmt.Sprintf(r.body, r.ok)
	escaped := fmt.Sprintf(`\u%04x`, r.field[0]) + r.field[1:]
	return map[string]string{
		"raw NUL byte":            fmt.Sprintf(r.body, "\"a\x00b\""),
		"raw control character":   fmt.Sprintf(r.body, "\"a\x1bb\""),
		"invalid UTF-8 in a key":  "{\"\xff\xfe\":1," + valid[1:],
		"invalid UTF-8 in value":  fmt.Sprintf(r.body, "\"\xc3\x28\""),
		"escaped duplicate key":   strings.TrimSuffix(valid, "}") + `,"` + escaped + `":"y"}`,
		"NUL in a key":            "{\"" + r.field + `\u0000":1,` + valid[1:],
		"mass assignment":         `{"is_superuser":true,"is_staff":true,` + valid[1:],
		"10 000 nested, top":      strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
		"byte order mark":         "\xef\xbb\xbf" + valid,
		"two objects":             valid + valid,
		"JSON in a JSON string":   fmt.Sprintf(`%q`, valid),
		"single quotes":           strings.ReplaceAll(valid, `"`, `'`),
		"trailing comma":          strings.TrimSuffix(valid, "}") + ",}",
		"key without quotes":      strings.Replace(valid, `"`+r.field+`"`, r.field, 1),
		"NaN":                     fmt.Sprintf(r.body, "NaN"),
		"hex number":              fmt.Sprintf(r.body, "0x10"),
		"leading zero":            fmt.Sprintf(r.body, "007"),
		"unterminated":            valid[:len(valid)-1],
		"empty key":               `{"":"x",` + valid[1:],
		"field name with spaces":  strings.Replace(valid, `"`+r.field+`"`, `" `+r.field+`"`, 1),
		"field name in uppercase": strings.Replace(valid, `"`+r.field+`"`, `"`+strings.ToUpper(r.field)+`"`, 1),
	}
}

// TestHostileInput sends every hostile value and body to several routes:
// each gets a clear 4xx (a JSON error with a message) and changes nothing.
func TestHostileInput(t *testing.T) {
	b := newCaseBoard(t)
	before := b.snapshot()
	for _, r := range hostileRoutes {
		t.Run(r.method+" "+r.path+" "+r.field, func(t *testing.T) {
			cases := hostileBodies(r)
			for name, v := range hostileValues {
				cases[name] = fmt.Sprintf(r.body, v)
			}
			token := ""
			if r.as != "" {
				token = b.users[r.as].token
			}
			for name, body := range cases {
				resp := b.send(request{method: r.method, path: b.expand(r.path), token: token, body: []byte(b.expand(body))})
				if resp.status < 400 || resp.status >= 500 {
					t.Errorf("%s: %s; want a 4xx", name, resp)
					continue
				}
				wantError(t, resp, resp.status, "")
			}
		})
	}
	b.unchanged(t, before, response{method: "hostile", path: "input"})
	if _, err := b.store.Users.ByUsername(t.Context(), "mallory"); err == nil {
		t.Errorf("a hostile registration created an account")
	}
}

// TestHostileInputControl: the bodies the hostile ones are made from
// succeed, so the refusals above are the hostile parts' doing.
func TestHostileInputControl(t *testing.T) {
	for _, r := range hostileRoutes {
		b := newCaseBoard(t)
		token := ""
		if r.as != "" {
			token = b.users[r.as].token
		}
		body := b.expand(fmt.Sprintf(r.body, r.ok))
		if resp := b.send(request{method: r.method, path: b.expand(r.path), token: token, body: []byte(body)}); resp.status != r.status {
			t.Errorf("%s; want %d", resp, r.status)
		}
	}
}

// TestOversizedBodies: with the default limit (1 MiB), a 2 MiB body is
// refused with 413, whether it announces its length or comes chunked, and
// nothing is created.
func TestOversizedBodies(t *testing.T) {
	ts := newTestServer(t, func(_ *ports.Store, o *httpapi.Options) { o.MaxBodyBytes = 0 })
	alice := ts.register("alice")
	huge := `{"title":"` + strings.Repeat("x", 2<<20) + `"}`
	for _, chunked := range []bool{false, true} {
		req := httptest.NewRequest("POST", "/api/investigations", strings.NewReader(huge))
		if chunked {
			req = httptest.NewRequest("POST", "/api/investigations", io.MultiReader(strings.NewReader(huge)))
			req.ContentLength = -1
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+alice.token)
		rec := httptest.NewRecorder()
		ts.engine.ServeHTTP(rec, req)
		r := response{method: "POST", path: fmt.Sprintf("/api/investigations (chunked=%v)", chunked), status: rec.Code,
			header: rec.Header(), body: rec.Body.Bytes()}
		wantError(t, r, http.StatusRequestEntityTooLarge, "Request body too large")
	}
	// Just under the limit is a request like any other (here, a title too long).
	under := `{"title":"` + strings.Repeat("x", 1<<20-20) + `"}`
	if r := ts.send(request{method: "POST", path: "/api/investigations", token: alice.token, body: []byte(under)}); r.status != 400 {
		t.Errorf("a body under the limit: %d; want 400 for the title, not 413", r.status)
	}
	// The register and login routes, which need no token, have the same cap.
	for _, path := range []string{"/api/auth/register", "/api/auth/login"} {
		body := `{"username":"` + strings.Repeat("u", 2<<20) + `","password":"x"}`
		wantError(t, ts.send(request{method: "POST", path: path, body: []byte(body)}), http.StatusRequestEntityTooLarge, "")
	}
	if r := ts.do("GET", "/api/investigations", alice.token, nil); !bytes.Equal(r.body, []byte(`{"investigations":[]}`)) {
		t.Errorf("%s; want no investigation", r)
	}
}
