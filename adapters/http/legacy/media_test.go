package legacy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestMediaServing: /media/ serves entity photos and avatars, nothing else.
func TestMediaServing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	files := map[string]string{
		"entity_photos/portrait.png": string(portraitPNG),
		"avatars/alice.png":          string(portraitPNG),
		"entity_photos/notes.html":   "<script>alert(1)</script>", // Django stored any file as a photo
		"attachments/rapport.pdf":    "%PDF-1.4 secret",
		"secret.txt":                 "not under a public folder",
	}
	for name, content := range files {
		if info, err := e.blobs.Put(ctx, name, strings.NewReader(content), 0); err != nil || info.Name != name {
			t.Fatalf("Put(%q) = %+v, %v", name, info, err)
		}
	}
	tests := []struct {
		path, method string
		want         int
		wantType     string
		download     bool
	}{
		{"/media/entity_photos/portrait.png", "GET", 200, "image/png", false},
		{"/media/entity_photos/portrait.png", "HEAD", 200, "image/png", false},
		{"/media/avatars/alice.png", "GET", 200, "image/png", false},
		{"/media/entity_photos/notes.html", "GET", 200, "application/octet-stream", true},
		{"/media/attachments/rapport.pdf", "GET", 404, "application/json", false},
		{"/media/secret.txt", "GET", 404, "application/json", false},
		{"/media/entity_photos/missing.png", "GET", 404, "application/json", false},
		{"/media/entity_photos/", "GET", 404, "application/json", false},
		{"/media/entity_photos", "GET", 404, "application/json", false},
		{"/media/", "GET", 404, "application/json", false},
		{"/media/entity_photos/../attachments/rapport.pdf", "GET", 404, "application/json", false},
		{"/media/entity_photos/%2e%2e/attachments/rapport.pdf", "GET", 404, "application/json", false},
		{"/media/entity_photos/..%2fattachments%2frapport.pdf", "GET", 404, "application/json", false},
		{"/media/entity_photos//portrait.png", "GET", 404, "application/json", false},
		{"/media/entity_photos/./portrait.png", "GET", 404, "application/json", false},
		{"/media/avatars/.hidden", "GET", 404, "application/json", false},
		{"/media/entity_photos\\..\\secret.txt", "GET", 404, "application/json", false},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := e.send(call{method: tt.method, path: tt.path})
			if r.status != tt.want || r.header.Get("Content-Type") != tt.wantType {
				t.Fatalf("%s (Content-Type %q); want %d %s", r, r.header.Get("Content-Type"), tt.want, tt.wantType)
			}
			if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q; want nosniff", got)
			}
			if got := r.header.Get("Content-Disposition") == "attachment"; got != tt.download {
				t.Errorf("Content-Disposition = %q; want attachment: %v", r.header.Get("Content-Disposition"), tt.download)
			}
			if tt.want == 200 && tt.method == "GET" && tt.wantType == "image/png" && !bytes.Equal(r.body, portraitPNG) {
				t.Errorf("body = %d bytes; want the stored PNG", len(r.body))
			}
		})
	}
	r := e.send(call{method: "GET", path: "/media/entity_photos/portrait.png", header: map[string]string{"Range": "bytes=0-3"}})
	if r.status != 206 || string(r.body) != string(portraitPNG[:4]) {
		t.Errorf("range request: %d %q; want 206 with the first 4 bytes", r.status, r.body)
	}
}

// TestPhotoFiles: a photo is stored under Django's name, served at its
// photo_url, and its file goes when it is replaced, removed or its entity
// deleted (Django left every one of them on disk).
func TestPhotoFiles(t *testing.T) {
	c := newBoard(t)
	alice := c.users["alice"]
	photo := c.expand("/api/investigation/{A}/entity/{person}/photo/")
	upload := func() string {
		body, ctype := multipartBody("photo", "Portrait de Jean.PNG", "image/png", portraitPNG)
		r := c.must(200, call{method: "POST", path: photo, as: alice, body: body, ctype: ctype})
		var v struct {
			PhotoURL string `json:"photo_url"`
		}
		if err := json.Unmarshal(r.body, &v); err != nil {
			t.Fatal(err)
		}
		return v.PhotoURL
	}
	first := upload()
	if first != "/media/entity_photos/Portrait_de_Jean.png" {
		t.Errorf("photo_url = %q; want Django's get_valid_name and the real extension", first)
	}
	c.must(200, call{method: "GET", path: first})
	second := upload()
	if second == first || !strings.HasPrefix(second, "/media/entity_photos/Portrait_de_Jean_") {
		t.Errorf("second photo_url = %q; want a 7-character suffix", second)
	}
	c.must(404, call{method: "GET", path: first})
	c.must(200, call{method: "GET", path: second})

	c.must(200, call{method: "DELETE", path: photo, as: alice})
	c.must(404, call{method: "GET", path: second})

	third := upload()
	c.must(200, call{method: "DELETE", path: c.expand("/api/investigation/{A}/entity/{person}/"), as: alice})
	c.must(404, call{method: "GET", path: third})
}
