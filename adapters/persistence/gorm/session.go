package gormstore

import (
	"context"
	"time"

	"github.com/enquete/enquete/ports"
	"gorm.io/gorm/clause"
)

// sessionRow is a row of Django's django_session.
type sessionRow struct {
	SessionKey  string    `gorm:"column:session_key;primaryKey"`
	SessionData string    `gorm:"column:session_data"`
	ExpireDate  time.Time `gorm:"column:expire_date"`
}

func (sessionRow) TableName() string { return "django_session" }

// SessionStore implements ports.DjangoSessionStore.
type SessionStore struct{ d *DB }

var _ ports.DjangoSessionStore = (*SessionStore)(nil)

func (s *SessionStore) Load(ctx context.Context, key string) (string, time.Time, error) {
	var row sessionRow
	if err := s.d.db(ctx).Where("session_key = ?", key).Take(&row).Error; err != nil {
		return "", time.Time{}, notFoundOr("session", err)
	}
	return row.SessionData, dbTime(row.ExpireDate), nil
}

// Save inserts or replaces the session.
func (s *SessionStore) Save(ctx context.Context, key, data string, expires time.Time) error {
	row := sessionRow{SessionKey: key, SessionData: data, ExpireDate: dbTime(expires)}
	err := s.d.db(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "session_key"}},
		DoUpdates: clause.AssignmentColumns([]string{"session_data", "expire_date"}),
	}).Create(&row).Error
	if err != nil {
		return fail("save session", err)
	}
	return nil
}

// Delete removes the session; a missing one is not an error (Django's
// SessionStore.delete ignores it too).
func (s *SessionStore) Delete(ctx context.Context, key string) error {
	if err := s.d.db(ctx).Where("session_key = ?", key).Delete(&sessionRow{}).Error; err != nil {
		return fail("delete session", err)
	}
	return nil
}
