package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestLinks(t *testing.T) {
	b := newCaseBoard(t)
	member := b.users["member"]
	path := b.expand("/api/investigations/{inv}/links")
	r := b.must(http.StatusCreated, "POST", path, member.token,
		b.expand(`{"from_entity_id":"{entity3}","to_entity_id":"{entity2}","title":"trouvé à","description":"<cuisine>"}`))
	wantKeys(t, r.body, "id", "message")
	if r.json(t)["message"] != "Link created successfully" {
		t.Errorf("%s; want Django's message", r)
	}
	id := r.json(t)["id"].(string)

	r = b.must(http.StatusOK, "GET", path, b.users["viewer"].token, nil)
	var out struct{ Links []json.RawMessage }
	decode(t, r, &out)
	if len(out.Links) != 2 {
		t.Fatalf("%s; want 2 links", r)
	}
	wantKeys(t, out.Links[0], "id", "from_entity", "to_entity", "title", "description", "created_at", "created_by")
	var newest struct {
		ID          string
		From        map[string]string `json:"from_entity"`
		To          map[string]string `json:"to_entity"`
		Description string
		CreatedAt   string `json:"created_at"`
		CreatedBy   string `json:"created_by"`
	}
	_ = json.Unmarshal(out.Links[0], &newest)
	wantKeys(t, mustJSON(t, out.Links[0], "from_entity"), "id", "title", "type")
	if newest.ID != id || newest.From["title"] != "Téléphone" || newest.From["type"] != "evidence" ||
		newest.To["id"] != b.ids["{entity2}"] || newest.CreatedBy != "member" || newest.Description != "<cuisine>" ||
		!isoPattern.MatchString(newest.CreatedAt) {
		t.Errorf("newest link = %+v; want the one just made, first", newest)
	}

	// The reverse of an existing link is Django's 400; the same direction 409.
	wantError(t, b.do("POST", path, member.token, b.expand(`{"from_entity_id":"{entity2}","to_entity_id":"{entity3}","title":"x"}`)),
		http.StatusBadRequest, "Un lien inverse existe déjà")
	wantError(t, b.do("POST", path, member.token, b.expand(`{"from_entity_id":"{entity3}","to_entity_id":"{entity2}","title":"x"}`)),
		http.StatusConflict, "")

	r = b.must(http.StatusOK, "PATCH", path+"/"+id, member.token, `{"description":"salon"}`)
	wantKeys(t, r.body, "id", "from_entity", "to_entity", "title", "description", "created_at", "created_by")
	if v := r.json(t); v["title"] != "trouvé à" || v["description"] != "salon" {
		t.Errorf("%s; want the title kept and the description changed", r)
	}
	r = b.must(http.StatusOK, "DELETE", path+"/"+id, member.token, nil)
	wantKeys(t, r.body, "message")
	wantError(t, b.do("PATCH", path+"/"+id, member.token, `{"title":"x"}`), http.StatusNotFound, "")
}

// TestLinkAcrossInvestigations: an entity of another investigation cannot be
// linked, even by someone who is a member of both, and nothing of it shows.
func TestLinkAcrossInvestigations(t *testing.T) {
	b := newCaseBoard(t)
	owner, outsider := b.users["owner"], b.users["outsider"]
	// Make the outsider's entity visible to owner: owner joins the other board.
	other := b.must(http.StatusOK, "GET", b.expand("/api/investigations/{other_inv}"), outsider.token, nil).json(t)
	b.must(http.StatusOK, "POST", "/api/investigations/join", owner.token, map[string]string{"code": other["code"].(string)})
	before := b.snapshot()
	r := b.do("POST", b.expand("/api/investigations/{inv}/links"), owner.token,
		b.expand(`{"from_entity_id":"{entity}","to_entity_id":"{other_entity}","title":"fuite"}`))
	wantError(t, r, http.StatusBadRequest, "to_entity_id: is not an entity of this investigation")
	if f := r.json(t)["field"]; f != "to_entity_id" {
		t.Errorf("%s: field %v; want to_entity_id", r, f)
	}
	b.unchanged(t, before, r)
	list := b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}/links"), owner.token, nil)
	if strings.Contains(string(list.body), "Secret de Carol") {
		t.Errorf("%s: leaks an entity of another investigation", list)
	}
}

func TestTags(t *testing.T) {
	b := newCaseBoard(t)
	member := b.users["member"]
	path := b.expand("/api/investigations/{inv}/tags")
	r := b.must(http.StatusCreated, "POST", path, member.token, `{"name":"Témoin clé","color":"#AABBCC"}`)
	wantKeys(t, r.body, "id", "name", "color", "entity_count")
	tag := r.json(t)
	if tag["name"] != "Témoin clé" || tag["color"] != "#aabbcc" || tag["entity_count"] != 0.0 {
		t.Errorf("%s; want the tag with a lower-case colour and no entity", r)
	}
	wantError(t, b.do("POST", path, member.token, `{"name":"TÉMOIN CLÉ"}`), http.StatusConflict, "")
	wantError(t, b.do("POST", path, member.token, `{"name":" suspect "}`), http.StatusConflict, "")

	r = b.must(http.StatusOK, "GET", path, member.token, nil)
	var out struct {
		Tags []struct {
			Name  string
			Count int `json:"entity_count"`
		}
	}
	decode(t, r, &out)
	var got []string
	for _, tg := range out.Tags {
		got = append(got, tg.Name+":"+string(rune('0'+tg.Count)))
	}
	if strings.Join(got, ",") != "Suspect:1,Témoin:0,Témoin clé:0" {
		t.Errorf("%s; want tags by name with their counts", r)
	}

	id := tag["id"].(string)
	r = b.must(http.StatusOK, "PATCH", path+"/"+id, member.token, `{"name":"Alibi"}`)
	if v := r.json(t); v["name"] != "Alibi" || v["color"] != "#aabbcc" {
		t.Errorf("%s; want renamed, colour kept", r)
	}
	// A case-only rename of the same tag is no conflict.
	b.must(http.StatusOK, "PATCH", path+"/"+id, member.token, `{"name":"ALIBI"}`)
	b.must(http.StatusOK, "DELETE", b.expand("/api/investigations/{inv}/tags/")+b.tagID(t, "Suspect"), member.token, nil)
	if e := b.entity(t, b.ids["{entity}"]); len(e.Tags) != 0 {
		t.Errorf("entity tags = %v; want the deleted tag unassigned", e.Tags)
	}
}

func TestComments(t *testing.T) {
	b := newCaseBoard(t)
	path := b.expand("/api/investigations/{inv}/entities/{entity}/comments")
	admin, member, member2 := b.users["admin"], b.users["member"], b.users["member2"]
	r := b.must(http.StatusCreated, "POST", path, admin.token, `{"content":"Alibi <vérifié>"}`)
	wantKeys(t, r.body, "id", "author", "content", "created_at", "updated_at")
	wantKeys(t, mustJSON(t, r.body, "author"), "id", "username")
	c := r.json(t)
	if c["content"] != "Alibi <vérifié>" || c["author"].(map[string]any)["id"] != float64(admin.id) ||
		c["author"].(map[string]any)["username"] != "admin" || c["created_at"] != c["updated_at"] {
		t.Errorf("%s; want admin's comment", r)
	}

	r = b.must(http.StatusOK, "GET", path, b.users["viewer"].token, nil)
	var out struct{ Comments []struct{ Content string } }
	decode(t, r, &out)
	if len(out.Comments) != 2 || out.Comments[0].Content != "Alibi <vérifié>" {
		t.Errorf("%s; want 2 comments, newest first", r)
	}
	if e := b.entity(t, b.ids["{entity}"]); e.Comments != 2 {
		t.Errorf("comments_count = %d; want 2", e.Comments)
	}

	// Only the author edits; another member may not delete; an admin may.
	own := path + "/" + b.ids["{comment}"]
	r = b.must(http.StatusOK, "PATCH", own, member.token, `{"content":"Vu le 13"}`)
	if v := r.json(t); v["content"] != "Vu le 13" || v["updated_at"] == v["created_at"] {
		t.Errorf("%s; want the new content and updated_at", r)
	}
	wantError(t, b.do("PATCH", own, admin.token, `{"content":"censuré"}`), http.StatusForbidden, "")
	wantError(t, b.do("DELETE", own, member2.token, nil), http.StatusForbidden, "")
	b.must(http.StatusOK, "DELETE", own, admin.token, nil)
	wantError(t, b.do("DELETE", own, admin.token, nil), http.StatusNotFound, "")
	// A comment is only reachable through its own entity.
	adminsComment := path + "/" + c["id"].(string)
	wrongEntity := strings.Replace(adminsComment, b.ids["{entity}"], b.ids["{entity2}"], 1)
	wantError(t, b.do("DELETE", wrongEntity, admin.token, nil), http.StatusNotFound, "")
	// 10 000 characters is the limit, counted in characters.
	b.must(http.StatusCreated, "POST", path, member.token, map[string]string{"content": strings.Repeat("é", 10000)})
}

// mustJSON returns the raw value of key in a JSON object.
func mustJSON(t *testing.T, body []byte, key string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return m[key]
}
