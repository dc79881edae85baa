package gormstore

import (
	"time"

	"github.com/enquete/enquete/domain/board"
	"github.com/google/uuid"
)

// entityRow is a row of investigation_entity.
type entityRow struct {
	ID              uuid.UUID  `gorm:"column:id;primaryKey"`
	EntityType      string     `gorm:"column:entity_type"`
	Title           string     `gorm:"column:title"`
	Description     string     `gorm:"column:description"`
	CreatedAt       time.Time  `gorm:"column:created_at;autoCreateTime:false"`
	UpdatedAt       time.Time  `gorm:"column:updated_at;autoUpdateTime:false"`
	Role            string     `gorm:"column:role"`
	Location        string     `gorm:"column:location"`
	EventDate       *time.Time `gorm:"column:event_date"`
	EvidenceType    string     `gorm:"column:evidence_type"`
	CreatedByID     int64      `gorm:"column:created_by_id"`
	InvestigationID uuid.UUID  `gorm:"column:investigation_id"`
	Address         string     `gorm:"column:address"`
	EventEndDate    *time.Time `gorm:"column:event_end_date"`
	IsTimeslot      bool       `gorm:"column:is_timeslot"`
	Photo           *string    `gorm:"column:photo"`
}

func (entityRow) TableName() string { return "investigation_entity" }

func entityToRow(s board.EntitySnapshot) entityRow {
	return entityRow{
		ID: s.ID, EntityType: s.Kind.String(), Title: s.Title, Description: s.Description,
		CreatedAt: dbTime(s.CreatedAt), UpdatedAt: dbTime(s.UpdatedAt), Role: s.Role, Location: s.Location,
		EventDate: dbTimePtr(s.EventDate), EvidenceType: s.EvidenceType, CreatedByID: s.CreatedBy,
		InvestigationID: s.InvestigationID, Address: s.Address, EventEndDate: dbTimePtr(s.EventEndDate),
		IsTimeslot: s.IsTimeslot, Photo: fileColumn(s.Photo),
	}
}

func entitySnapshot(r entityRow) board.EntitySnapshot {
	return board.EntitySnapshot{
		ID: r.ID, InvestigationID: r.InvestigationID, Kind: board.KindFromStore(r.EntityType),
		Title: r.Title, Description: r.Description, Role: r.Role, Location: r.Location, Address: r.Address,
		EventDate: dbTimePtr(r.EventDate), EventEndDate: dbTimePtr(r.EventEndDate), IsTimeslot: r.IsTimeslot,
		EvidenceType: r.EvidenceType, CreatedBy: r.CreatedByID, CreatedAt: dbTime(r.CreatedAt),
		UpdatedAt: dbTime(r.UpdatedAt), Photo: fileValue(r.Photo),
	}
}

// entityTagRow is a row of Django's auto-created M2M table.
type entityTagRow struct {
	ID       int64     `gorm:"column:id;primaryKey"`
	EntityID uuid.UUID `gorm:"column:entity_id"`
	TagID    uuid.UUID `gorm:"column:tag_id"`
}

func (entityTagRow) TableName() string { return "investigation_entity_tags" }

// linkRow is a row of investigation_link.
type linkRow struct {
	ID              uuid.UUID `gorm:"column:id;primaryKey"`
	Title           string    `gorm:"column:title"`
	Description     string    `gorm:"column:description"`
	CreatedAt       time.Time `gorm:"column:created_at;autoCreateTime:false"`
	CreatedByID     int64     `gorm:"column:created_by_id"`
	FromEntityID    uuid.UUID `gorm:"column:from_entity_id"`
	InvestigationID uuid.UUID `gorm:"column:investigation_id"`
	ToEntityID      uuid.UUID `gorm:"column:to_entity_id"`
}

func (linkRow) TableName() string { return "investigation_link" }

func linkToRow(s board.LinkSnapshot) linkRow {
	return linkRow{
		ID: s.ID, Title: s.Title, Description: s.Description, CreatedAt: dbTime(s.CreatedAt),
		CreatedByID: s.CreatedBy, FromEntityID: s.FromEntityID, InvestigationID: s.InvestigationID, ToEntityID: s.ToEntityID,
	}
}

func linkSnapshot(r linkRow) board.LinkSnapshot {
	return board.LinkSnapshot{
		ID: r.ID, InvestigationID: r.InvestigationID, FromEntityID: r.FromEntityID, ToEntityID: r.ToEntityID,
		Title: r.Title, Description: r.Description, CreatedBy: r.CreatedByID, CreatedAt: dbTime(r.CreatedAt),
	}
}

// tagRow is a row of investigation_tag.
type tagRow struct {
	ID              uuid.UUID `gorm:"column:id;primaryKey"`
	Name            string    `gorm:"column:name"`
	Color           string    `gorm:"column:color"`
	CreatedAt       time.Time `gorm:"column:created_at;autoCreateTime:false"`
	InvestigationID uuid.UUID `gorm:"column:investigation_id"`
}

func (tagRow) TableName() string { return "investigation_tag" }

func tagToRow(s board.TagSnapshot) tagRow {
	return tagRow{ID: s.ID, Name: s.Name, Color: s.Color, CreatedAt: dbTime(s.CreatedAt), InvestigationID: s.InvestigationID}
}

func tagSnapshot(r tagRow) board.TagSnapshot {
	return board.TagSnapshot{ID: r.ID, InvestigationID: r.InvestigationID, Name: r.Name, Color: r.Color, CreatedAt: dbTime(r.CreatedAt)}
}

// commentRow is a row of investigation_comment.
type commentRow struct {
	ID        uuid.UUID `gorm:"column:id;primaryKey"`
	Content   string    `gorm:"column:content"`
	CreatedAt time.Time `gorm:"column:created_at;autoCreateTime:false"`
	UpdatedAt time.Time `gorm:"column:updated_at;autoUpdateTime:false"`
	AuthorID  int64     `gorm:"column:author_id"`
	EntityID  uuid.UUID `gorm:"column:entity_id"`
}

func (commentRow) TableName() string { return "investigation_comment" }

func commentToRow(s board.CommentSnapshot) commentRow {
	return commentRow{ID: s.ID, Content: s.Content, CreatedAt: dbTime(s.CreatedAt), UpdatedAt: dbTime(s.UpdatedAt), AuthorID: s.AuthorID, EntityID: s.EntityID}
}

func commentSnapshot(r commentRow) board.CommentSnapshot {
	return board.CommentSnapshot{ID: r.ID, EntityID: r.EntityID, AuthorID: r.AuthorID, Content: r.Content, CreatedAt: dbTime(r.CreatedAt), UpdatedAt: dbTime(r.UpdatedAt)}
}

// attachmentRow is a row of investigation_attachment; its size and digest
// live in digestRow (enquete_attachment_digest), which Django does not know.
type attachmentRow struct {
	ID           uuid.UUID `gorm:"column:id;primaryKey"`
	File         string    `gorm:"column:file"`
	Filename     string    `gorm:"column:filename"`
	FileType     string    `gorm:"column:file_type"`
	UploadedAt   time.Time `gorm:"column:uploaded_at"`
	EntityID     uuid.UUID `gorm:"column:entity_id"`
	UploadedByID int64     `gorm:"column:uploaded_by_id"`
}

func (attachmentRow) TableName() string { return "investigation_attachment" }

type digestRow struct {
	AttachmentID uuid.UUID `gorm:"column:attachment_id;primaryKey"`
	Size         int64     `gorm:"column:size"`
	SHA256       string    `gorm:"column:sha256"`
}

func (digestRow) TableName() string { return "enquete_attachment_digest" }

// attachmentFullRow is an attachment joined with its digest (0 and "" when
// Django uploaded it and nobody has read it since).
type attachmentFullRow struct {
	Row    attachmentRow `gorm:"embedded"`
	Size   int64         `gorm:"column:size"`
	SHA256 string        `gorm:"column:sha256"`
}

func attachmentToRows(s board.AttachmentSnapshot) (attachmentRow, digestRow) {
	return attachmentRow{
			ID: s.ID, File: s.File, Filename: s.Filename, FileType: s.FileType,
			UploadedAt: dbTime(s.UploadedAt), EntityID: s.EntityID, UploadedByID: s.UploadedBy,
		},
		digestRow{AttachmentID: s.ID, Size: s.Size, SHA256: s.SHA256}
}

func attachmentSnapshot(r attachmentFullRow) board.AttachmentSnapshot {
	return board.AttachmentSnapshot{
		ID: r.Row.ID, EntityID: r.Row.EntityID, File: r.Row.File, Filename: r.Row.Filename, FileType: r.Row.FileType,
		Size: r.Size, SHA256: r.SHA256, UploadedBy: r.Row.UploadedByID, UploadedAt: dbTime(r.Row.UploadedAt),
	}
}
