package httpapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

type attachmentOut struct {
	ID         string
	Filename   string
	FileType   string `json:"file_type"`
	Size       *int64
	SHA256     *string
	UploadedBy string `json:"uploaded_by"`
	UploadedAt string `json:"uploaded_at"`
	URL        string
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// upload is one file of the scenario: what is sent and what must come back.
type uploadCase struct {
	sent, display, fileType string
	content                 []byte
}

// TestAttachmentsEndToEnd runs one scenario on the media folder and on an
// S3 bucket: what a client knowing only API.md does with evidence files.
func TestAttachmentsEndToEnd(t *testing.T) {
	for _, kind := range mediaKinds {
		t.Run(kind.name, func(t *testing.T) {
			attachmentScenario(t, newCaseBoardOn(t, kind.open(t)))
		})
	}
}

func attachmentScenario(t *testing.T, b *caseBoard) {
	member, viewer := b.users["member"], b.users["viewer"]
	entity := b.ids["{entity}"]
	base := b.expand("/api/investigations/{inv}/entities/{entity}/attachments")
	before := b.media.files(t)

	uploads := []uploadCase{
		{sent: "notes d'enquête.txt", display: "notes d'enquête.txt", fileType: "text/plain",
			content: []byte("Témoin vu à 22h près du canal.\n")},
		// The client says text/plain for every file; the type comes from the bytes.
		{sent: "carte.png", display: "carte.png", fileType: "image/png", content: pngBytes(t)},
		{sent: "../../etc/passwd", display: "passwd", fileType: "text/plain", content: []byte("root:x:0:0:root:/root:/bin/sh\n")},
	}
	ids := make([]string, len(uploads))
	for i, u := range uploads {
		r := b.upload(base, member.token, "file", u.sent, u.content)
		if r.status != http.StatusCreated {
			t.Fatalf("POST %s = %d %s; want 201", base, r.status, r.body)
		}
		wantKeys(t, r.body, "id", "filename", "file_type", "size", "sha256", "uploaded_by", "uploaded_at", "url")
		var a attachmentOut
		decode(t, r, &a)
		ids[i] = a.ID
		wantAttachment(t, a, u, base)
	}

	// Stored under generated names in attachments/, never the client's.
	for name := range b.media.files(t) {
		if _, old := before[name]; old {
			continue
		}
		if !strings.HasPrefix(name, "attachments/") || strings.Contains(name, "passwd") || strings.Contains(name, "..") ||
			strings.Contains(name, "enqu") || strings.Contains(name, "carte") {
			t.Errorf("stored name %q; want a generated name under attachments/", name)
		}
	}
	if n := len(b.media.files(t)) - len(before); n != len(uploads) {
		t.Errorf("%d new stored files; want %d", n, len(uploads))
	}

	// Newest first, the fixture's file last; a viewer may list.
	r := b.must(http.StatusOK, "GET", base, viewer.token, nil)
	var list struct{ Attachments []attachmentOut }
	decode(t, r, &list)
	wantIDs := []string{ids[2], ids[1], ids[0], b.ids["{attachment}"]}
	if got := attachmentIDs(list.Attachments); strings.Join(got, ",") != strings.Join(wantIDs, ",") {
		t.Errorf("GET %s lists %v; want %v (newest first)", base, got, wantIDs)
	}
	if e := b.entity(t, entity); e.Attachments != 4 || e.Comments != 1 {
		t.Errorf("entity counts attachments %d, comments %d; want 4, 1", e.Attachments, e.Comments)
	}

	// A viewer downloads every file, bytes and digest intact.
	for i, u := range uploads {
		r := b.send(request{method: "GET", path: base + "/" + ids[i] + "/download", token: viewer.token})
		wantDownload(t, r, u.content)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, u.fileType) {
			t.Errorf("%s: Content-Type %q; want %s", r.path, ct, u.fileType)
		}
	}
	text := base + "/" + ids[0] + "/download"
	r = b.send(request{method: "GET", path: text, token: viewer.token})
	if cd, want := r.header.Get("Content-Disposition"), `attachment; filename="notes d'enqu_te.txt"; filename*=UTF-8''notes%20d%27enqu%C3%AAte.txt`; cd != want {
		t.Errorf("GET %s: Content-Disposition %q; want %q", text, cd, want)
	}
	r = b.send(request{method: "GET", path: base + "/" + ids[2] + "/download", token: viewer.token})
	if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="passwd"; filename*=UTF-8''passwd` {
		t.Errorf("GET passwd: Content-Disposition %q; want the base name only", cd)
	}

	rangeRequests(t, b, text, uploads[0].content)

	// Altered behind the application's back: refused, never served.
	stored := newStoredName(t, b, before, uploads[0].content)
	b.media.tamper(t, stored, []byte("Témoin vu à 23h près du canal.\n"))
	r = b.send(request{method: "GET", path: text, token: viewer.token})
	wantError(t, r, http.StatusInternalServerError, "Le fichier stocké ne correspond plus à son empreinte SHA-256")
	if code := r.json(t)["code"]; code != "integrity_error" {
		t.Errorf("GET %s (tampered): code %v; want integrity_error", text, code)
	}
	if bytes.Contains(r.body, []byte("23h")) || r.header.Get("X-Content-SHA256") != "" {
		t.Errorf("GET %s (tampered) leaks the file: %v %s", text, r.header, r.body)
	}
	if !strings.Contains(b.logs.String(), "attachment integrity check failed") {
		t.Errorf("no integrity failure in the logs: %s", b.logs.String())
	}

	// Delete: gone from the API and from storage; the counts follow.
	png := base + "/" + ids[1]
	pngName := newStoredName(t, b, before, uploads[1].content)
	b.must(http.StatusOK, "DELETE", png, member.token, nil)
	wantError(t, b.send(request{method: "GET", path: png + "/download", token: viewer.token}), http.StatusNotFound, "")
	wantError(t, b.do("DELETE", png, member.token, nil), http.StatusNotFound, "")
	if _, ok := b.media.files(t)[pngName]; ok {
		t.Errorf("%s still stored after DELETE %s", pngName, png)
	}
	b.createComment(b.ids["{inv}"], entity, member, "Pièce versée au dossier")
	if e := b.entity(t, entity); e.Attachments != 3 || e.Comments != 2 {
		t.Errorf("entity counts attachments %d, comments %d; want 3, 2", e.Attachments, e.Comments)
	}

	// Deleting the entity removes its files, and only its files.
	b.must(http.StatusOK, "DELETE", b.expand("/api/investigations/{inv}/entities/{entity}"), member.token, nil)
	left := b.media.files(t)
	if len(left) != 1 {
		t.Errorf("stored files after deleting the entity: %v; want only the other investigation's", left)
	}
	other := b.send(request{method: "GET", path: b.expand("/api/investigations/{other_inv}/entities/{other_entity}/attachments/{other_attachment}/download"),
		token: b.users["outsider"].token})
	wantDownload(t, other, []byte("confidentiel\n"))
}

func wantAttachment(t *testing.T, a attachmentOut, u uploadCase, base string) {
	t.Helper()
	if a.Filename != u.display || a.FileType != u.fileType || a.Size == nil || *a.Size != int64(len(u.content)) ||
		a.SHA256 == nil || *a.SHA256 != sha256Hex(u.content) || a.UploadedBy != "member" ||
		!isoPattern.MatchString(a.UploadedAt) || a.URL != base+"/"+a.ID+"/download" {
		t.Errorf("upload %q = %+v; want filename %q, type %s, size %d, sha256 %s, uploaded_by member, url %s",
			u.sent, a, u.display, u.fileType, len(u.content), sha256Hex(u.content), base+"/"+a.ID+"/download")
	}
}

// wantDownload checks a complete download: the bytes, their digest and the
// headers that keep a browser from rendering them.
func wantDownload(t testing.TB, r response, content []byte) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Errorf("%s; want 200", r)
		return
	}
	h := r.header
	if !bytes.Equal(r.body, content) {
		t.Errorf("GET %s: %d bytes differ from the %d uploaded", r.path, len(r.body), len(content))
	}
	if got := h.Get("X-Content-SHA256"); got != sha256Hex(r.body) || got != sha256Hex(content) {
		t.Errorf("GET %s: X-Content-SHA256 %q; want %s", r.path, got, sha256Hex(content))
	}
	if got := h.Get("Content-Length"); got != strconv.Itoa(len(content)) {
		t.Errorf("GET %s: Content-Length %q; want %d", r.path, got, len(content))
	}
	if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment; ") || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Cache-Control") != "private, no-store" {
		t.Errorf("GET %s: headers %v; want attachment, nosniff, private no-store", r.path, h)
	}
}

// rangeRequests asks for part of a file, as a resumed download does.
func rangeRequests(t *testing.T, b *caseBoard, path string, content []byte) {
	t.Helper()
	token := b.users["viewer"].token
	etag := `"` + sha256Hex(content) + `"`
	r := b.send(request{method: "GET", path: path, token: token, header: map[string]string{"Range": "bytes=2-5"}})
	if r.status != http.StatusPartialContent || !bytes.Equal(r.body, content[2:6]) ||
		r.header.Get("Content-Range") != "bytes 2-5/"+strconv.Itoa(len(content)) || r.header.Get("Content-Length") != "4" {
		t.Errorf("GET %s Range bytes=2-5 = %d %q %v; want 206 %q", path, r.status, r.body, r.header, content[2:6])
	}
	r = b.send(request{method: "GET", path: path, token: token, header: map[string]string{"Range": "bytes=2-5", "If-Range": etag}})
	if r.status != http.StatusPartialContent || !bytes.Equal(r.body, content[2:6]) {
		t.Errorf("GET %s Range with the current If-Range = %d %q; want 206", path, r.status, r.body)
	}
	// Another version's validator: the whole (current) file, not a splice.
	r = b.send(request{method: "GET", path: path, token: token, header: map[string]string{"Range": "bytes=2-5", "If-Range": `"0000"`}})
	if r.status != http.StatusOK || !bytes.Equal(r.body, content) {
		t.Errorf("GET %s Range with a stale If-Range = %d %q; want 200 and the whole file", path, r.status, r.body)
	}
	r = b.send(request{method: "GET", path: path, token: token, header: map[string]string{"Range": "bytes=9999-"}})
	if r.status != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("GET %s Range beyond the end = %d; want 416", path, r.status)
	}
}

// newStoredName finds the stored file holding content among the files
// stored since before.
func newStoredName(t *testing.T, b *caseBoard, before map[string]int64, content []byte) string {
	t.Helper()
	for name := range b.media.files(t) {
		if _, old := before[name]; !old && bytes.Equal(b.media.read(t, name), content) {
			return name
		}
	}
	t.Fatalf("no stored file holds the %d bytes uploaded", len(content))
	return ""
}

func attachmentIDs(list []attachmentOut) []string {
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	return ids
}
