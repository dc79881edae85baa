package httpapi

import (
	"mime"
	"net/url"
	"strings"
	"testing"
)

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		display, ascii, exact string
	}{
		{"rapport.pdf", "rapport.pdf", "rapport.pdf"},
		{"notes d'enquête.txt", "notes d'enqu_te.txt", "notes d'enquête.txt"},
		{`a"b\c.txt`, "c.txt", "c.txt"}, // a backslash is a directory separator to some clients
		{`gu"illemet.txt`, "gu_illemet.txt", `gu"illemet.txt`},
		{"ligne\r\nSet-Cookie: x=1.txt", "ligneSet-Cookie: x=1.txt", "ligneSet-Cookie: x=1.txt"},
		{"../../etc/passwd", "passwd", "passwd"},
		{`..\..\windows\win.ini`, "win.ini", "win.ini"},
		{"evil\u202Egpj.exe", "evilgpj.exe", "evilgpj.exe"},
		{".bashrc", "bashrc", "bashrc"},
		{"100%.txt", "100_.txt", "100%.txt"},
		{"a;b=c.txt", "a;b=c.txt", "a;b=c.txt"},
		{"", "download", "download"},
		{"/", "download", "download"},
		{"..", "download", "download"},
		{"\xff\xfe.txt", "txt", "txt"}, // invalid UTF-8 dropped, then not hidden
		{"日本語.pdf", "___.pdf", "日本語.pdf"},
	}
	for _, tt := range tests {
		got := contentDisposition(tt.display)
		if strings.ContainsAny(got, "\r\n\x00") {
			t.Errorf("contentDisposition(%q) = %q; has a control character", tt.display, got)
			continue
		}
		prefix := `attachment; filename="` + tt.ascii + `"; filename*=UTF-8''`
		if !strings.HasPrefix(got, prefix) {
			t.Errorf("contentDisposition(%q) = %q; want the fallback %q", tt.display, got, tt.ascii)
			continue
		}
		exact, err := url.PathUnescape(strings.TrimPrefix(got, prefix))
		if err != nil || exact != tt.exact {
			t.Errorf("contentDisposition(%q) = %q; filename* decodes to %q (%v), want %q", tt.display, got, exact, err, tt.exact)
		}
		// What a client's parser makes of it: RFC 8187's value wins.
		disposition, params, err := mime.ParseMediaType(got)
		if err != nil || disposition != "attachment" || params["filename"] != tt.exact {
			t.Errorf("mime.ParseMediaType(%q) = %q, %v, %v; want attachment with filename %q", got, disposition, params, err, tt.exact)
		}
	}
}

func TestDownloadType(t *testing.T) {
	tests := []struct{ stored, want string }{
		{"text/plain", "text/plain"},
		{"image/png", "image/png"},
		{"text/plain; charset=utf-8", "text/plain; charset=utf-8"},
		{"", "application/octet-stream"},
		{"nonsense", "application/octet-stream"},
		{"text/html\r\nX-Evil: 1", "application/octet-stream"},
		{"application/pdf; name=\"a\"", "application/pdf; name=a"},
	}
	for _, tt := range tests {
		if got := downloadType(tt.stored); got != tt.want {
			t.Errorf("downloadType(%q) = %q; want %q", tt.stored, got, tt.want)
		}
	}
}
