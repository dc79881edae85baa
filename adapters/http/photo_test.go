package httpapi_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/enquete/enquete/application/upload"
)

// imageCase is an image upload: the client's name and bytes, and the
// stored name it must get (the extension of the real type, whatever the
// name says, and no directory part).
type imageCase struct {
	sent    string
	content []byte
	stored  *regexp.Regexp
}

func imageCases(t *testing.T, folder string) []imageCase {
	name := func(base, ext string) *regexp.Regexp {
		return regexp.MustCompile(`^` + folder + `/` + base + `(_[A-Za-z0-9]{7})?\.` + ext + `$`)
	}
	return []imageCase{
		{"../../etc/portrait.jpeg", pngBytes(t), name("portrait", "png")},
		{"photo d'identité.png", jpegBytes(t), name("photo_didentité", "jpg")},
		{"anim.gif", gifBytes(t), name("anim", "gif")},
		{"image", webpBytes(), name("image", "webp")},
	}
}

// folderFiles lists the stored files under folder.
func (m *media) folderFiles(t testing.TB, folder string) []string {
	t.Helper()
	var out []string
	for name := range m.files(t) {
		if strings.HasPrefix(name, folder+"/") {
			out = append(out, name)
		}
	}
	return out
}

// TestEntityPhoto walks a photo's life on both stores: every image type by
// content, a replacement that removes the old file, refusals that store
// nothing, removal, and the files going with the investigation.
func TestEntityPhoto(t *testing.T) {
	for _, kind := range mediaKinds {
		t.Run(kind.name, func(t *testing.T) {
			b := newCaseBoardOn(t, kind.open(t))
			member := b.users["member"]
			path := b.expand("/api/investigations/{inv}/entities/{entity}/photo")
			for _, img := range imageCases(t, "entity_photos") {
				r := b.upload(path, member.token, "photo", img.sent, img.content)
				if r.status != http.StatusOK {
					t.Fatalf("POST %s (%s) = %d %s; want 200", path, img.sent, r.status, r.body)
				}
				wantKeys(t, r.body, "message", "photo_url")
				var out struct {
					Message  string
					PhotoURL string `json:"photo_url"`
				}
				decode(t, r, &out)
				stored := strings.TrimPrefix(out.PhotoURL, "/media/")
				if out.Message != "Photo enregistrée" || !img.stored.MatchString(stored) {
					t.Errorf("POST %s (%s) = %s; want photo_url /media/ + %s", path, img.sent, r.body, img.stored)
				}
				if e := b.entity(t, b.ids["{entity}"]); str(e.PhotoURL) != out.PhotoURL {
					t.Errorf("entity photo_url %s; want %s", str(e.PhotoURL), out.PhotoURL)
				}
				// The replaced photo's file is gone: one photo, these bytes.
				if files := b.media.folderFiles(t, "entity_photos"); len(files) != 1 || files[0] != stored {
					t.Errorf("stored photos %v; want only %s", files, stored)
				}
				if !bytes.Equal(b.media.read(t, stored), img.content) {
					t.Errorf("%s does not hold the %d bytes uploaded", stored, len(img.content))
				}
			}

			before := b.snapshot()
			refused := []struct {
				name    string
				content []byte
				status  int
				message string
			}{
				{"text", []byte("ceci n'est pas une image\n"), http.StatusBadRequest, upload.MsgNotAnImage},
				{"html", []byte("<html><script>alert(1)</script></html>"), http.StatusBadRequest, upload.MsgNotAnImage},
				{"too large", append(pngBytes(t), make([]byte, 5<<20)...), http.StatusRequestEntityTooLarge,
					"File too large: the limit is 5242880 bytes"},
			}
			for _, x := range refused {
				r := b.upload(path, member.token, "photo", x.name+".png", x.content)
				wantError(t, r, x.status, x.message)
				b.unchanged(t, before, r)
			}

			r := b.must(http.StatusOK, "DELETE", path, member.token, nil)
			if string(r.body) != `{"message":"Photo supprimée","photo_url":null}` {
				t.Errorf("%s; want the message and a null photo_url", r)
			}
			if e := b.entity(t, b.ids["{entity}"]); e.PhotoURL != nil {
				t.Errorf("entity photo_url %s after DELETE; want null", *e.PhotoURL)
			}
			if files := b.media.folderFiles(t, "entity_photos"); len(files) != 0 {
				t.Errorf("stored photos %v after DELETE; want none", files)
			}
			b.must(http.StatusOK, "DELETE", path, member.token, nil) // no photo: the same answer, as Django

			// An investigation's deletion takes its photos and attachments along.
			b.upload(path, member.token, "photo", "p.png", pngBytes(t))
			b.must(http.StatusOK, "DELETE", b.expand("/api/investigations/{inv}"), b.users["owner"].token, nil)
			if files := b.media.files(t); len(files) != 1 {
				t.Errorf("stored files after deleting the investigation: %v; want only the other investigation's", files)
			}
		})
	}
}

// TestAvatar: the same life for the caller's avatar, which shows in
// /api/auth/me and in member lists.
func TestAvatar(t *testing.T) {
	for _, kind := range mediaKinds {
		t.Run(kind.name, func(t *testing.T) {
			b := newCaseBoardOn(t, kind.open(t))
			viewer := b.users["viewer"]
			const path = "/api/auth/me/avatar"
			var url string
			for _, img := range imageCases(t, "avatars") {
				r := b.upload(path, viewer.token, "avatar", img.sent, img.content)
				if r.status != http.StatusOK {
					t.Fatalf("POST %s (%s) = %d %s; want 200", path, img.sent, r.status, r.body)
				}
				wantKeys(t, r.body, "message", "avatar")
				var out struct{ Message, Avatar string }
				decode(t, r, &out)
				url = out.Avatar
				stored := strings.TrimPrefix(url, "/media/")
				if out.Message != "Avatar enregistré" || !img.stored.MatchString(stored) {
					t.Errorf("POST %s (%s) = %s; want avatar /media/ + %s", path, img.sent, r.body, img.stored)
				}
				if files := b.media.folderFiles(t, "avatars"); len(files) != 1 || files[0] != stored {
					t.Errorf("stored avatars %v; want only %s", files, stored)
				}
			}
			if me := b.must(http.StatusOK, "GET", "/api/auth/me", viewer.token, nil).json(t); me["avatar"] != url {
				t.Errorf("GET /api/auth/me avatar %v; want %s", me["avatar"], url)
			}
			if !strings.Contains(string(b.must(http.StatusOK, "GET", b.expand("/api/investigations/{inv}/members"), b.users["owner"].token, nil).body),
				`"username":"viewer","email":"viewer@example.com","avatar":"`+url+`"`) {
				t.Errorf("the member list does not show the viewer's avatar %s", url)
			}

			before := b.media.listing(t)
			refusals := []struct {
				name string
				req  request
				want int
				msg  string
			}{
				{"no token", request{body: fileForm("avatar", "a.png", tinyPNG()), contentType: multipartType}, 401, "Authentication required"},
				{"json", request{body: `{"avatar":"x"}`, token: viewer.token}, 415, "Content-Type must be multipart/form-data"},
				{"missing", request{body: fileForm("photo", "a.png", tinyPNG()), contentType: multipartType, token: viewer.token}, 400, "avatar: is required"},
				{"not an image", request{body: fileForm("avatar", "a.png", []byte("GIF? no")), contentType: multipartType, token: viewer.token}, 400, upload.MsgNotAnImage},
				{"empty", request{body: fileForm("avatar", "a.png", nil), contentType: multipartType, token: viewer.token}, 400, "avatar: the file is empty"},
				{"too large", request{body: fileForm("avatar", "a.png", append(tinyPNG(), make([]byte, 5<<20)...)), contentType: multipartType, token: viewer.token},
					413, "File too large: the limit is 5242880 bytes"},
			}
			for _, x := range refusals {
				x.req.method, x.req.path = "POST", path
				r := b.send(x.req)
				wantError(t, r, x.want, x.msg)
				if x.name == "not an image" && r.json(t)["field"] != "avatar" {
					t.Errorf("%s: field %v; want avatar", r, r.json(t)["field"])
				}
				if after := b.media.listing(t); after != before {
					t.Errorf("%s changed the stored files: %s; want %s", r, after, before)
				}
			}

			r := b.must(http.StatusOK, "DELETE", path, viewer.token, nil)
			if string(r.body) != `{"message":"Avatar supprimé","avatar":null}` {
				t.Errorf("%s; want the message and a null avatar", r)
			}
			if me := b.must(http.StatusOK, "GET", "/api/auth/me", viewer.token, nil).json(t); me["avatar"] != nil {
				t.Errorf("GET /api/auth/me avatar %v after DELETE; want null", me["avatar"])
			}
			if files := b.media.folderFiles(t, "avatars"); len(files) != 0 {
				t.Errorf("stored avatars %v after DELETE; want none", files)
			}
			wantError(t, b.do("DELETE", path, "", nil), http.StatusUnauthorized, "Authentication required")
		})
	}
}
