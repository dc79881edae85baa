package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"testing"
)

var isoPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$`)

type memberOut struct {
	ID       int64
	Username string
	Role     string
	LastSeen *string `json:"last_seen"`
	Online   bool
}

func (b *caseBoard) members(t *testing.T, path string) []memberOut {
	t.Helper()
	r := b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}"+path), b.users["owner"].token, nil)
	var out struct{ Members []memberOut }
	decode(t, r, &out)
	return out.Members
}

func TestMembersAndPresence(t *testing.T) {
	b := newCaseBoard(t)
	r := b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}/members"), b.users["viewer"].token, nil)
	var raw struct{ Members []map[string]any }
	decode(t, r, &raw)
	first := raw.Members[0]
	if first["id"] != float64(b.users["owner"].id) || first["avatar"] != nil || first["last_seen"] != nil ||
		first["online"] != false || first["email"] != "owner@example.com" || !isoPattern.MatchString(first["joined_at"].(string)) {
		t.Errorf("%s: first member %v", r, first)
	}
	var ordered struct{ Members []json.RawMessage }
	decode(t, r, &ordered)
	wantKeys(t, ordered.Members[0], "id", "username", "email", "avatar", "role", "joined_at", "last_seen", "online")
	got := b.members(t, "/members")
	order := []string{"owner", "admin", "member", "member2", "viewer"} // by joined_at
	for i, m := range got {
		if m.Username != order[i] {
			t.Fatalf("members = %v; want ordered by joined_at %v", got, order)
		}
	}

	// A viewer may heartbeat (but not write).
	r = b.must(http.StatusOK, "POST", b.expand("/api/investigations/{inv}/presence"), b.users["viewer"].token, nil)
	wantKeys(t, r.body, "status", "last_seen")
	hb := r.json(t)
	if hb["status"] != "ok" || !isoPattern.MatchString(hb["last_seen"].(string)) {
		t.Errorf("%s: bad heartbeat", r)
	}
	for _, m := range b.members(t, "/presence") {
		if m.Username == "viewer" && (m.LastSeen == nil || *m.LastSeen != hb["last_seen"] || !m.Online) {
			t.Errorf("presence of viewer = %+v; want online, last_seen %v", m, hb["last_seen"])
		}
		if m.Username != "viewer" && (m.LastSeen != nil || m.Online) {
			t.Errorf("presence of %s = %+v; want never seen", m.Username, m)
		}
	}
	wantError(t, b.do("POST", b.expand("/api/investigations/{inv}/entities"), b.users["viewer"].token,
		map[string]string{"type": "person", "title": "x"}), http.StatusForbidden, "")
}

func TestRevokeRotatesCode(t *testing.T) {
	b := newCaseBoard(t)
	oldCode := b.ids["{code}"]
	member2 := b.users["member2"]
	r := b.must(http.StatusOK, "DELETE", b.expand("/api/investigations/{inv}/members/{member2}"), b.users["admin"].token, nil)
	wantKeys(t, r.body, "message", "code", "removed_user_id")
	v := r.json(t)
	newCode, _ := v["code"].(string)
	if v["message"] != "Accès retiré et code régénéré" || v["removed_user_id"] != float64(member2.id) ||
		!codePattern.MatchString(newCode) || newCode == oldCode {
		t.Errorf("%s; want Django's message, the user id and a new code", r)
	}
	// The revoked member is out at once, and the old code no longer works.
	wantError(t, b.do("GET", b.expand("/api/investigations/{inv}/entities"), member2.token, nil), http.StatusForbidden, "")
	wantError(t, b.do("POST", "/api/investigations/join", member2.token, map[string]string{"code": oldCode}), http.StatusNotFound, "")
	inv := b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}"), b.users["owner"].token, nil).json(t)
	if inv["code"] != newCode || inv["member_count"] != 4.0 {
		t.Errorf("investigation = %v; want code %s and 4 members", inv, newCode)
	}
	b.must(http.StatusOK, "POST", "/api/investigations/join", member2.token, map[string]string{"code": newCode})
}

func TestRevokeLimits(t *testing.T) {
	b := newCaseBoard(t)
	path := func(id string) string { return b.expand("/api/investigations/{inv}/members/" + id) }
	before := b.snapshot()
	tests := []struct {
		as, target string
		status     int
	}{
		{"admin", "{admin}", http.StatusForbidden}, // not even oneself... admins cannot revoke admins
		{"admin", "{owner}", http.StatusBadRequest},
		{"owner", "{owner}", http.StatusBadRequest},
		{"member", "{member2}", http.StatusForbidden},
		{"viewer", "{member2}", http.StatusForbidden},
	}
	for _, tt := range tests {
		r := b.do("DELETE", path(tt.target), b.users[tt.as].token, nil)
		wantError(t, r, tt.status, "")
		b.unchanged(t, before, r)
	}
	// A second admin cannot revoke the first.
	b.must(http.StatusOK, "PATCH", path("{member2}"), b.users["owner"].token, map[string]string{"role": "admin"})
	wantError(t, b.do("DELETE", path("{admin}"), b.users["member2"].token, nil), http.StatusForbidden, "")
	// The owner can.
	b.must(http.StatusOK, "DELETE", path("{admin}"), b.users["owner"].token, nil)
}

func TestChangeRole(t *testing.T) {
	b := newCaseBoard(t)
	path := b.expand("/api/investigations/{inv}/members/{member2}")
	r := b.must(http.StatusOK, "PATCH", path, b.users["owner"].token, map[string]string{"role": "admin"})
	wantKeys(t, r.body, "id", "username", "email", "avatar", "role", "joined_at", "last_seen", "online")
	if v := r.json(t); v["role"] != "admin" || v["id"] != float64(b.users["member2"].id) {
		t.Errorf("%s; want member2 as admin", r)
	}
	// Now an admin, member2 may edit the investigation.
	b.must(http.StatusOK, "PATCH", b.expand("/api/investigations/{inv}"), b.users["member2"].token, map[string]string{"title": "x"})
	wantError(t, b.do("PATCH", b.expand("/api/investigations/{inv}/members/{owner}"), b.users["owner"].token,
		map[string]string{"role": "admin"}), http.StatusBadRequest, "")
	wantError(t, b.do("PATCH", path, b.users["admin"].token, map[string]string{"role": "viewer"}), http.StatusForbidden, "")
}

func TestLeaveAndTransfer(t *testing.T) {
	b := newCaseBoard(t)
	owner, member := b.users["owner"], b.users["member"]
	b.must(http.StatusOK, "POST", b.expand("/api/investigations/{inv}/leave"), member.token, nil)
	wantError(t, b.do("GET", b.expand("/api/investigations/{inv}"), member.token, nil), http.StatusForbidden, "")
	wantError(t, b.do("POST", b.expand("/api/investigations/{inv}/leave"), owner.token, nil), http.StatusBadRequest, "")

	body := fmt.Sprintf(`{"user_id":%d}`, b.users["member2"].id)
	b.must(http.StatusOK, "POST", b.expand("/api/investigations/{inv}/transfer"), owner.token, body)
	roles := map[string]string{}
	for _, m := range b.members(t, "/members") {
		roles[m.Username] = m.Role
	}
	if roles["member2"] != "owner" || roles["owner"] != "admin" {
		t.Errorf("roles after transfer = %v; want member2 owner, owner admin", roles)
	}
	// The former owner can no longer delete; the new one can.
	wantError(t, b.do("DELETE", b.expand("/api/investigations/{inv}"), owner.token, nil), http.StatusForbidden, "")
	b.must(http.StatusOK, "DELETE", b.expand("/api/investigations/{inv}"), b.users["member2"].token, nil)
}
