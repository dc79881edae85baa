package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/ports"
)

// FuzzUploadMultipart sends arbitrary bytes as a multipart/form-data body
// (with the tests' fixed boundary) to every upload route. Whatever the body,
// the answer is a success or a client error, never a 500 (which is also
// what a recovered panic becomes), and a refused upload stores nothing.
// Small limits put the 413 paths within the fuzzer's reach.
func FuzzUploadMultipart(f *testing.F) {
	b := newCaseBoardOn(f, diskMedia(f), func(_ *ports.Store, o *httpapi.Options) {
		o.MaxAttachmentBytes, o.MaxImageBytes = 4096, 2048
	})
	paths := []string{
		b.expand("/api/investigations/{inv}/entities/{entity}/attachments"),
		b.expand("/api/investigations/{inv}/entities/{entity}/photo"),
		"/api/auth/me/avatar",
	}
	token := b.users["member"].token

	const dash = "--" + testBoundary
	seeds := []string{
		fileForm("file", "notes.txt", []byte("Témoin vu à 22h\n")),
		fileForm("photo", "portrait.png", tinyPNG()),
		fileForm("avatar", "moi.gif", gifBytes(f)),
		multipartBody(formPart{field: "note", content: []byte("x")}, formPart{field: "file", filename: "a.bin", content: []byte{0, 1, 2}}),
		fileForm("file", "../../etc/passwd", []byte("root:x:0:0\n")),
		"",
		dash + "--\r\n",
		"preamble\r\n" + dash + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc\r\n" + dash + "--\r\nepilogue",
		dash + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nno closing boundary",
		dash + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n",
		dash + "\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\nété\r\n" + dash + "--\r\n",
		dash + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"q.png\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=89PNG=ZZ\r\n" + dash + "--\r\n",
		dash + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + strings.Repeat("a", 5000) + "\"\r\n\r\nx\r\n" + dash + "--\r\n",
		dash + "\r\nContent-Disposition: attachment; name=\"file\"; filename=\"a\"\r\n\r\nx\r\n" + dash + "--\r\n",
		dash + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n" + dash + "x\r\n" + dash + "--\r\n",
		dash + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n" + strings.Repeat("y", 5000) + "\r\n" + dash + "--\r\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		for _, path := range paths {
			before := b.media.listing(t)
			req := httptest.NewRequest("POST", path, strings.NewReader(string(body)))
			req.Header.Set("Content-Type", multipartType)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			b.engine.ServeHTTP(rec, req)
			r := response{method: "POST", path: path, status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
			switch {
			case r.status >= 500 || r.status < 200 || (r.status >= 300 && r.status < 400):
				t.Fatalf("%s; want 2xx or 4xx", r)
			case r.status >= 400:
				wantError(t, r, r.status, "")
				if after := b.media.listing(t); after != before {
					t.Errorf("%s stored files: %s; want %s", r, after, before)
				}
			case r.status != http.StatusOK && r.status != http.StatusCreated:
				t.Errorf("%s; want 200 or 201", r)
			}
		}
	})
}
