package legacy

import (
	"errors"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

// publicFolders are the media folders Django exposes through MEDIA_URL
// without authentication: entity photos and avatars. Attachments live in the
// same media root but are served only by the authenticated REST download.
var publicFolders = []string{"entity_photos/", "avatars/"}

// inlineTypes are the content types served inline: the images the upload
// use case accepts. Anything else found in a public folder (Django stored any
// file as a photo) is served as a download, so that an HTML or SVG file
// uploaded through Django cannot run as a page of this site.
var inlineTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

// RegisterMedia serves GET and HEAD under mediaURL (Django's MEDIA_URL,
// which must start and end with "/") for the files of publicFolders in
// blobs, so that photo_url and avatar URLs work without Django or a web
// server in front. Everything else is a JSON 404: other folders, hidden or
// dot segments (no traversal), folders themselves (no listing).
func RegisterMedia(r *gin.Engine, mediaURL string, blobs ports.BlobStore) {
	if !strings.HasPrefix(mediaURL, "/") || !strings.HasSuffix(mediaURL, "/") {
		panic("legacy: RegisterMedia needs a media URL that starts and ends with '/', not " + mediaURL)
	}
	h := func(c *gin.Context) { serveMedia(c, blobs) }
	r.GET(mediaURL+"*name", h)
	r.HEAD(mediaURL+"*name", h)
}

func serveMedia(c *gin.Context, blobs ports.BlobStore) {
	c.Header("X-Content-Type-Options", "nosniff")
	name, ok := publicName(strings.TrimPrefix(c.Param("name"), "/"))
	if !ok {
		writeError(c, http.StatusNotFound, msgNotFound)
		return
	}
	ctx := c.Request.Context()
	f, _, err := blobs.Open(ctx, name)
	if errors.Is(err, fault.ErrNotFound) {
		writeError(c, http.StatusNotFound, msgNotFound)
		return
	}
	if err != nil {
		writeError(c, http.StatusInternalServerError, msgInternal)
		return
	}
	defer f.Close()
	ct, _, err := upload.Sniff(f)
	if err == nil {
		_, err = f.Seek(0, 0)
	}
	if err != nil && fault.KindOf(err) != fault.KindInvalid { // Invalid: an empty file
		writeError(c, http.StatusInternalServerError, msgInternal)
		return
	}
	h := c.Writer.Header()
	if inlineTypes[ct] {
		h.Set("Content-Type", ct)
	} else {
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Content-Disposition", "attachment")
	}
	// Nothing here is meant to run: no script, no plugin, even if opened.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, f)
}

// publicName checks a requested media name: a clean relative path, no
// empty, "." or ".." segment, nothing hidden, no backslash or NUL, inside a
// public folder.
func publicName(name string) (string, bool) {
	if name == "" || strings.ContainsAny(name, "\\\x00") || path.Clean(name) != name {
		return "", false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	for _, folder := range publicFolders {
		if strings.HasPrefix(name, folder) && len(name) > len(folder) {
			return name, true
		}
	}
	return "", false
}
