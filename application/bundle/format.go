// Package bundle exports one investigation, with its files, as a portable
// archive and imports such an archive into another store (`enquete export`
// and `enquete import`): to move a case between servers, hand it to another
// team, or keep it after closing it.
//
// # Format
//
// A bundle is a gzip-compressed tar archive holding, in this order:
//
//   - bundle.json, the Manifest: the investigation, its members (by
//     username), tags, entities, links, comments and attachment metadata;
//   - files/<stored name> for every photo and attachment the manifest names;
//   - SHA256SUMS, the SHA-256 of every file in `sha256sum` format, written
//     last because the digests are computed while the files stream out.
//
// Users travel as usernames, never as ids or password hashes: accounts are
// not part of an investigation, and ids differ from one server to another.
// Avatars (a user's, not the investigation's) are not exported.
//
// # Import
//
// Import always gives every object a NEW id, and the investigation a new
// join code: importing into the server it came from, or twice, makes an
// independent copy instead of failing or silently merging. Timestamps are
// kept. Users are matched by username; content of a user missing on the
// target is attributed to the importing owner, and that user is not made a
// member (ImportReport.UnknownUsers lists them).
//
// Files are written to storage first, each checked against SHA256SUMS and,
// for attachments, against the digest recorded at upload; then every row is
// written in one transaction. If anything fails, the files written are
// removed again, so a failed import leaves nothing behind.
package bundle

import (
	"errors"
	"time"

	"github.com/google/uuid"
)

// Names inside the archive, and the version this package writes and reads.
const (
	FormatName   = "enquete-bundle"
	Version      = 1
	ManifestName = "bundle.json"
	SumsName     = "SHA256SUMS"
	FilesDir     = "files/"
)

// ErrFormat reports an archive that is not a bundle this version can read,
// or one whose parts do not agree (a reference to a missing object or file).
var ErrFormat = errors.New("bundle: invalid bundle")

// Progress receives the advance of a long run; the adapters/progress
// Reporter implements it. unit is "" (items) or "bytes".
type Progress interface {
	Stage(name string, total int64, unit string)
	Advance(n int64)
}

// Manifest is bundle.json. Its types are the bundle's own model, separate
// from the domain's and the HTTP API's, so that either can change without
// breaking archives already written.
type Manifest struct {
	Format        string        `json:"format"`
	Version       int           `json:"version"`
	ExportedAt    time.Time     `json:"exported_at"`
	Investigation Investigation `json:"investigation"`
	Members       []Member      `json:"members"`
	Tags          []Tag         `json:"tags"`
	Entities      []Entity      `json:"entities"`
	Links         []Link        `json:"links"`
	Comments      []Comment     `json:"comments"`
	Attachments   []Attachment  `json:"attachments"`
	// Files lists, in archive order, the stored names of the files that
	// follow the manifest.
	Files []string `json:"files"`
}

// Investigation is the exported investigation.
type Investigation struct {
	ID          uuid.UUID `json:"id"`
	Code        string    `json:"code"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	IsActive    bool      `json:"is_active"`
	CreatedBy   string    `json:"created_by"`
}

// Member is a membership, by username.
type Member struct {
	Username string     `json:"username"`
	Email    string     `json:"email"`
	Role     string     `json:"role"`
	JoinedAt time.Time  `json:"joined_at"`
	LastSeen *time.Time `json:"last_seen"`
}

// Tag is one of the investigation's tags.
type Tag struct {
	ID        uuid.UUID `json:"id"`
	Name      string    `json:"name"`
	Color     string    `json:"color"`
	CreatedAt time.Time `json:"created_at"`
}

// Entity is an entity with the ids of its tags and its photo's stored name.
type Entity struct {
	ID           uuid.UUID   `json:"id"`
	Type         string      `json:"type"`
	Title        string      `json:"title"`
	Description  string      `json:"description"`
	Role         string      `json:"role"`
	Location     string      `json:"location"`
	Address      string      `json:"address"`
	EventDate    *time.Time  `json:"event_date"`
	EventEndDate *time.Time  `json:"event_end_date"`
	IsTimeslot   bool        `json:"is_timeslot"`
	EvidenceType string      `json:"evidence_type"`
	CreatedBy    string      `json:"created_by"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
	Photo        string      `json:"photo"`
	Tags         []uuid.UUID `json:"tags"`
}

// Link joins two entities of the bundle.
type Link struct {
	ID           uuid.UUID `json:"id"`
	FromEntityID uuid.UUID `json:"from_entity_id"`
	ToEntityID   uuid.UUID `json:"to_entity_id"`
	Title        string    `json:"title"`
	Description  string    `json:"description"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// Comment is a comment on an entity of the bundle.
type Comment struct {
	ID        uuid.UUID `json:"id"`
	EntityID  uuid.UUID `json:"entity_id"`
	Author    string    `json:"author"`
	Content   string    `json:"content"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Attachment is an attachment's metadata; its bytes are files/<File>.
// SHA256 is the digest recorded at upload ("" for a Django upload never
// verified; SHA256SUMS has the digest of the exported bytes either way).
type Attachment struct {
	ID         uuid.UUID `json:"id"`
	EntityID   uuid.UUID `json:"entity_id"`
	File       string    `json:"file"`
	Filename   string    `json:"filename"`
	FileType   string    `json:"file_type"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	UploadedBy string    `json:"uploaded_by"`
	UploadedAt time.Time `json:"uploaded_at"`
}
