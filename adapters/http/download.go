package httpapi

import (
	"mime"
	"net/http"
	"path"
	"strings"
	"unicode"

	"github.com/enquete/enquete/domain/board"
)

// defaultDownloadName names a file whose display name has nothing left once
// made safe.
const defaultDownloadName = "download"

// setDownloadHeaders describes an attachment's bytes. The browser must save
// them, never render them: the content may be anything a member uploaded,
// including HTML or SVG with scripts, and it is served from the API's origin.
// Hence attachment disposition, nosniff (also set by the middleware, repeated
// here because this is where it matters), a sandboxing CSP, and no caching
// outside the member's own browser, evidence being confidential.
func setDownloadHeaders(h http.Header, a board.AttachmentSnapshot) {
	h.Set("Content-Type", downloadType(a.FileType))
	h.Set("Content-Disposition", contentDisposition(a.Filename))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-SHA256", a.SHA256)
	// A strong validator: a resumed download (If-Range) only gets the rest
	// of the same bytes.
	h.Set("ETag", `"`+a.SHA256+`"`)
}

// downloadType is the stored, sniffed type, re-formatted so that a bad
// value in a row (Django stored the client's claim) cannot break the header.
func downloadType(stored string) string {
	mediaType, params, err := mime.ParseMediaType(stored)
	if err != nil || !strings.Contains(mediaType, "/") {
		return "application/octet-stream"
	}
	if ct := mime.FormatMediaType(mediaType, params); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// contentDisposition builds "attachment" with the display name twice: an
// ASCII fallback in filename="..." and the exact name in filename* (RFC 6266
// and RFC 8187), which every current browser prefers.
func contentDisposition(display string) string {
	name := safeFilename(display)
	return `attachment; filename="` + asciiFilename(name) + `"; filename*=UTF-8''` + percentEncode(name)
}

// safeFilename reduces a display name to a file name a browser may save
// as is: valid UTF-8, no directory part (either slash), no control or
// invisible formatting characters (a right-to-left override could make
// "evil\u202Egpj.exe" read as "evilexe.jpg"), not hidden.
func safeFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if name == "" || name == "/" {
		return defaultDownloadName
	}
	return name
}

// asciiFilename is the quoted-string fallback: printable ASCII, with the
// characters that end or escape the string, or that some clients decode
// (%), replaced.
func asciiFilename(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			return '_'
		}
		return r
	}, name)
}

// percentEncode writes name as an RFC 8187 value: attr-chars as they are,
// every other byte of the UTF-8 encoding as %XX.
func percentEncode(name string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}
	return b.String()
}

func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}
