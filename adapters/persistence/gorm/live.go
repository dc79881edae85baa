package gormstore

import (
	"context"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
	"gorm.io/gorm/clause"
)

// ticketRow is a row of enquete_stream_ticket.
type ticketRow struct {
	TokenHash       string    `gorm:"column:token_hash;primaryKey"`
	InvestigationID uuid.UUID `gorm:"column:investigation_id"`
	UserID          int64     `gorm:"column:user_id"`
	ExpiresAt       time.Time `gorm:"column:expires_at"`
}

func (ticketRow) TableName() string { return "enquete_stream_ticket" }

// TicketStore implements ports.StreamTicketStore.
type TicketStore struct{ d *DB }

var _ ports.StreamTicketStore = (*TicketStore)(nil)

func (s *TicketStore) Save(ctx context.Context, hash string, t ports.StreamTicket) error {
	row := ticketRow{TokenHash: hash, InvestigationID: t.InvestigationID, UserID: t.UserID, ExpiresAt: dbTime(t.ExpiresAt)}
	if err := s.d.db(ctx).Create(&row).Error; err != nil {
		return conflictOr("save ticket", "ticket exists", err)
	}
	return nil
}

// Take reads then deletes the ticket; only the transaction whose DELETE
// removed the row gets it, so two instances redeeming one ticket at the
// same moment cannot both succeed.
func (s *TicketStore) Take(ctx context.Context, hash string) (t ports.StreamTicket, err error) {
	err = s.d.InTx(ctx, func(ctx context.Context) error {
		var row ticketRow
		if err := s.d.db(ctx).Where("token_hash = ?", hash).Take(&row).Error; err != nil {
			return notFoundOr("ticket", err)
		}
		res := s.d.db(ctx).Where("token_hash = ?", hash).Delete(&ticketRow{})
		if res.Error != nil {
			return fail("take ticket", res.Error)
		}
		if res.RowsAffected != 1 {
			return fault.NotFound("ticket not found")
		}
		t = ports.StreamTicket{InvestigationID: row.InvestigationID, UserID: row.UserID, ExpiresAt: dbTime(row.ExpiresAt)}
		return nil
	})
	return t, err
}

func (s *TicketStore) Purge(ctx context.Context, now time.Time) (int64, error) {
	res := s.d.db(ctx).Where("expires_at <= ?", dbTime(now)).Delete(&ticketRow{})
	if res.Error != nil {
		return 0, fail("purge tickets", res.Error)
	}
	return res.RowsAffected, nil
}

// presenceRow is a row of enquete_presence.
type presenceRow struct {
	InvestigationID uuid.UUID `gorm:"column:investigation_id;primaryKey"`
	UserID          int64     `gorm:"column:user_id;primaryKey"`
	InstanceID      string    `gorm:"column:instance_id;primaryKey"`
	ExpiresAt       time.Time `gorm:"column:expires_at"`
}

func (presenceRow) TableName() string { return "enquete_presence" }

// PresenceStore implements ports.PresenceStore.
type PresenceStore struct{ d *DB }

var _ ports.PresenceStore = (*PresenceStore)(nil)

func (s *PresenceStore) Connect(ctx context.Context, m ports.PresenceMark, now time.Time) (first bool, err error) {
	err = s.d.InTx(ctx, func(ctx context.Context) error {
		others, err := s.others(ctx, m.InvestigationID, m.UserID, m.InstanceID, now)
		if err != nil {
			return err
		}
		first = !others
		row := presenceRow{InvestigationID: m.InvestigationID, UserID: m.UserID, InstanceID: m.InstanceID, ExpiresAt: dbTime(m.ExpiresAt)}
		err = s.d.db(ctx).Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "investigation_id"}, {Name: "user_id"}, {Name: "instance_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"expires_at"}),
		}).Create(&row).Error
		if err != nil {
			return fail("mark presence", err)
		}
		return nil
	})
	return first, err
}

func (s *PresenceStore) Disconnect(ctx context.Context, inv uuid.UUID, user int64, instance string, now time.Time) (last bool, err error) {
	err = s.d.InTx(ctx, func(ctx context.Context) error {
		err := s.d.db(ctx).Where("investigation_id = ? AND user_id = ? AND instance_id = ?", inv, user, instance).
			Delete(&presenceRow{}).Error
		if err != nil {
			return fail("unmark presence", err)
		}
		others, err := s.others(ctx, inv, user, instance, now)
		last = !others
		return err
	})
	return last, err
}

// others reports an unexpired mark of the user through another instance.
func (s *PresenceStore) others(ctx context.Context, inv uuid.UUID, user int64, instance string, now time.Time) (bool, error) {
	var n int64
	err := s.d.db(ctx).Model(&presenceRow{}).
		Where("investigation_id = ? AND user_id = ? AND instance_id <> ? AND expires_at > ?", inv, user, instance, dbTime(now)).
		Count(&n).Error
	if err != nil {
		return false, fail("read presence", err)
	}
	return n > 0, nil
}

func (s *PresenceStore) Refresh(ctx context.Context, instance string, expires time.Time) error {
	err := s.d.db(ctx).Model(&presenceRow{}).Where("instance_id = ?", instance).
		Update("expires_at", dbTime(expires)).Error
	if err != nil {
		return fail("refresh presence", err)
	}
	return nil
}

func (s *PresenceStore) Connected(ctx context.Context, inv uuid.UUID, now time.Time) (map[int64]bool, error) {
	var users []int64
	err := s.d.db(ctx).Model(&presenceRow{}).Distinct("user_id").
		Where("investigation_id = ? AND expires_at > ?", inv, dbTime(now)).Pluck("user_id", &users).Error
	if err != nil {
		return nil, fail("read presence", err)
	}
	out := make(map[int64]bool, len(users))
	for _, u := range users {
		out[u] = true
	}
	return out, nil
}

// Expire deletes expired marks one by one: of two instances expiring the
// same mark, only the one whose DELETE removed it reports it, so a user who
// went offline is announced once.
func (s *PresenceStore) Expire(ctx context.Context, now time.Time) ([]ports.PresenceMark, error) {
	var rows []presenceRow
	if err := s.d.db(ctx).Where("expires_at <= ?", dbTime(now)).Find(&rows).Error; err != nil {
		return nil, fail("read expired presence", err)
	}
	var out []ports.PresenceMark
	reported := map[presenceRow]bool{}
	for _, r := range rows {
		res := s.d.db(ctx).Where("investigation_id = ? AND user_id = ? AND instance_id = ? AND expires_at <= ?",
			r.InvestigationID, r.UserID, r.InstanceID, dbTime(now)).Delete(&presenceRow{})
		if res.Error != nil {
			return out, fail("expire presence", res.Error)
		}
		key := presenceRow{InvestigationID: r.InvestigationID, UserID: r.UserID}
		if res.RowsAffected != 1 || reported[key] {
			continue
		}
		others, err := s.others(ctx, r.InvestigationID, r.UserID, r.InstanceID, now)
		if err != nil {
			return out, err
		}
		if !others {
			reported[key] = true
			out = append(out, ports.PresenceMark{InvestigationID: r.InvestigationID, UserID: r.UserID,
				InstanceID: r.InstanceID, ExpiresAt: dbTime(r.ExpiresAt)})
		}
	}
	return out, nil
}
