// Package upload stores files that clients send: it sniffs their content
// type from the bytes (never trusting the client's claim), enforces image
// types for photos and avatars, and picks Django-compatible storage names.
package upload

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// File is an incoming upload.
type File struct {
	Field string    // the form field it came in ("file", "photo", "avatar"), for error messages
	Name  string    // the client's file name; display only
	Body  io.Reader // streamed, never read whole into memory
	Limit int64     // maximum size in bytes
}

// MsgNotAnImage is the refusal of a photo or avatar that is not an image.
const MsgNotAnImage = "Le fichier doit être une image PNG, JPEG, GIF ou WebP"

// imageExt maps the image types accepted for photos and avatars to the
// extension their stored name gets, whatever the client called them.
var imageExt = map[string]string{
	"image/png":  ".png",
	"image/jpeg": ".jpg",
	"image/gif":  ".gif",
	"image/webp": ".webp",
}

func (f File) field(def string) string {
	if f.Field != "" {
		return f.Field
	}
	return def
}

// Sniff peeks at the first 512 bytes and returns the detected content type
// and a reader that still yields the whole body.
func Sniff(r io.Reader) (string, io.Reader, error) {
	return sniff("file", r)
}

func sniff(field string, r io.Reader) (string, io.Reader, error) {
	br := bufio.NewReaderSize(r, 512)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return "", nil, err
	}
	if len(head) == 0 {
		return "", nil, fault.Invalid(field, "the file is empty")
	}
	ct := http.DetectContentType(head)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return ct, br, nil
}

// StoreImage stores a PNG, JPEG, GIF or WebP image under folder (e.g.
// "entity_photos"), named after the client's base name with the extension of
// its real type, as Django would name it.
func StoreImage(ctx context.Context, blobs ports.BlobStore, folder string, f File) (ports.BlobInfo, error) {
	ct, body, err := sniff(f.field("photo"), f.Body)
	if err != nil {
		return ports.BlobInfo{}, err
	}
	ext, ok := imageExt[ct]
	if !ok {
		return ports.BlobInfo{}, fault.Invalid(f.field("photo"), MsgNotAnImage)
	}
	name := ValidName(f.Name)
	name = strings.TrimSuffix(name, path.Ext(name)) + ext
	return blobs.Put(ctx, folder+"/"+fit(name, 100-len(folder)-1-8), body, f.Limit)
}

// StoreFile stores any file under folder with a generated name (the client's
// name is display-only) and returns the sniffed content type.
func StoreFile(ctx context.Context, blobs ports.BlobStore, folder, generated string, f File) (ports.BlobInfo, string, error) {
	ct, body, err := sniff(f.field("file"), f.Body)
	if err != nil {
		return ports.BlobInfo{}, "", err
	}
	info, err := blobs.Put(ctx, folder+"/"+generated, body, f.Limit)
	return info, ct, err
}

// ValidName is Django's get_valid_name applied to a base name: spaces become
// underscores and only letters, digits, '-', '_' and '.' remain.
func ValidName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.ReplaceAll(name, " ", "_")
	name = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			return r
		}
		return -1
	}, name)
	name = strings.TrimLeft(name, ".")
	if name == "" {
		name = "file"
	}
	return name
}

// fit shortens a name to max bytes, keeping its extension, leaving room for
// the 8-character suffix a name clash adds (Django's column is varchar(100)).
func fit(name string, max int) string {
	if len(name) <= max {
		return name
	}
	ext := path.Ext(name)
	root := strings.TrimSuffix(name, ext)
	for len(root)+len(ext) > max && len(root) > 1 {
		_, size := lastRune(root)
		root = root[:len(root)-size]
	}
	return root + ext
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return rune(s[i]), len(s) - i
		}
	}
	return 0, 1
}
