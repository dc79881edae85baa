package gormstore

import (
	"time"

	"github.com/enquete/enquete/domain/casework"
	"github.com/google/uuid"
)

// investigationRow is a row of investigation_investigation.
type investigationRow struct {
	ID          uuid.UUID `gorm:"column:id;primaryKey"`
	Code        string    `gorm:"column:code"`
	Title       string    `gorm:"column:title"`
	Description string    `gorm:"column:description"`
	CreatedAt   time.Time `gorm:"column:created_at;autoCreateTime:false"`
	UpdatedAt   time.Time `gorm:"column:updated_at;autoUpdateTime:false"`
	IsActive    bool      `gorm:"column:is_active"`
	CreatedByID int64     `gorm:"column:created_by_id"`
}

func (investigationRow) TableName() string { return "investigation_investigation" }

func investigationToRow(s casework.InvestigationSnapshot) investigationRow {
	return investigationRow{
		ID: s.ID, Code: s.Code, Title: s.Title, Description: s.Description,
		CreatedAt: dbTime(s.CreatedAt), UpdatedAt: dbTime(s.UpdatedAt), IsActive: s.IsActive, CreatedByID: s.CreatedBy,
	}
}

func investigationSnapshot(r investigationRow) casework.InvestigationSnapshot {
	return casework.InvestigationSnapshot{
		ID: r.ID, Code: r.Code, Title: r.Title, Description: r.Description,
		CreatedAt: dbTime(r.CreatedAt), UpdatedAt: dbTime(r.UpdatedAt), IsActive: r.IsActive, CreatedBy: r.CreatedByID,
	}
}

// memberRow is a row of investigation_investigationmember.
type memberRow struct {
	ID              int64      `gorm:"column:id;primaryKey"`
	Role            string     `gorm:"column:role"`
	JoinedAt        time.Time  `gorm:"column:joined_at"`
	InvestigationID uuid.UUID  `gorm:"column:investigation_id"`
	UserID          int64      `gorm:"column:user_id"`
	LastSeen        *time.Time `gorm:"column:last_seen"`
}

func (memberRow) TableName() string { return "investigation_investigationmember" }

func memberToRow(s casework.MemberSnapshot) memberRow {
	return memberRow{
		ID: s.ID, Role: s.Role.String(), JoinedAt: dbTime(s.JoinedAt),
		InvestigationID: s.InvestigationID, UserID: s.UserID, LastSeen: dbTimePtr(s.LastSeen),
	}
}

func memberSnapshot(r memberRow) casework.MemberSnapshot {
	return casework.MemberSnapshot{
		ID: r.ID, InvestigationID: r.InvestigationID, UserID: r.UserID,
		Role: roleFromStore(r.Role), JoinedAt: dbTime(r.JoinedAt), LastSeen: dbTimePtr(r.LastSeen),
	}
}

// roleFromStore reads a stored role. Django never validated the column, so a
// value outside the four roles can exist; it becomes the zero Role, which
// grants nothing, rather than making the whole investigation unreadable.
func roleFromStore(s string) casework.Role {
	r, err := casework.ParseRole(s)
	if err != nil {
		return casework.Role{}
	}
	return r
}
