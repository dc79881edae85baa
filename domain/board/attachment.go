package board

import (
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Attachment is a file attached to an entity, typically evidence.
type Attachment struct {
	s AttachmentSnapshot
}

// AttachmentSnapshot is the stored state of an attachment. Size and SHA256
// live in an enquete_ side table: Django's table has no room for them, and
// they are unknown (0, "") for files Django uploaded until first read.
type AttachmentSnapshot struct {
	ID         uuid.UUID
	EntityID   uuid.UUID
	File       string // storage name, relative to the media root; never from the client
	Filename   string // the client's base name, for display only
	FileType   string // sniffed content type
	Size       int64
	SHA256     string // lower-case hex
	UploadedBy int64
	UploadedAt time.Time
}

// NewAttachment records a stored file.
func NewAttachment(entityID uuid.UUID, file, clientName, fileType string, size int64, sha256 string, by int64, now time.Time) *Attachment {
	return &Attachment{s: AttachmentSnapshot{
		ID: uuid.New(), EntityID: entityID, File: file, Filename: DisplayName(clientName),
		FileType: truncate(fileType, 50), Size: size, SHA256: sha256, UploadedBy: by, UploadedAt: stamp(now),
	}}
}

// NewAttachmentID returns the id of a new attachment, so that its file can be
// stored under the same name before the attachment itself is built (see
// WithID).
func NewAttachmentID() uuid.UUID { return uuid.New() }

// WithID gives a new attachment the id its file was stored under, so that
// verify-files reports and the storage name agree.
func (a *Attachment) WithID(id uuid.UUID) *Attachment {
	a.s.ID = id
	return a
}

// RehydrateAttachment rebuilds a stored attachment. Adapters only.
func RehydrateAttachment(s AttachmentSnapshot) *Attachment { return &Attachment{s: s} }

// Snapshot returns a copy of the state.
func (a *Attachment) Snapshot() AttachmentSnapshot { return a.s }

func (a *Attachment) ID() uuid.UUID { return a.s.ID }
func (a *Attachment) File() string  { return a.s.File }

// RecordDigest stores a digest computed later (files uploaded by Django).
func (a *Attachment) RecordDigest(size int64, sha256 string) { a.s.Size, a.s.SHA256 = size, sha256 }

// DisplayName reduces a client's file name to a safe display name: its base
// name (no directory part, for either slash), without control characters,
// at most 255 characters; "file" when nothing is left.
func DisplayName(name string) string {
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "")
	}
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		// Control characters, and invisible formatting ones such as the
		// right-to-left override that can disguise "evil\u202egpj.exe".
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || name == "/" {
		name = "file"
	}
	return truncate(name, 255)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
