package gormstore

import (
	"context"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
)

// userRow is a row of Django's investigation_user (a custom AbstractUser).
type userRow struct {
	ID          int64      `gorm:"column:id;primaryKey"`
	Password    string     `gorm:"column:password"`
	LastLogin   *time.Time `gorm:"column:last_login"`
	IsSuperuser bool       `gorm:"column:is_superuser"`
	Username    string     `gorm:"column:username"`
	FirstName   string     `gorm:"column:first_name"`
	LastName    string     `gorm:"column:last_name"`
	IsStaff     bool       `gorm:"column:is_staff"`
	IsActive    bool       `gorm:"column:is_active"`
	DateJoined  time.Time  `gorm:"column:date_joined"`
	Email       string     `gorm:"column:email"`
	Avatar      *string    `gorm:"column:avatar"`
	CreatedAt   time.Time  `gorm:"column:created_at;autoCreateTime:false"`
}

func (userRow) TableName() string { return "investigation_user" }

func userToRow(s identity.UserSnapshot) userRow {
	return userRow{
		ID: s.ID, Password: s.PasswordHash, LastLogin: dbTimePtr(s.LastLogin),
		IsSuperuser: s.IsSuperuser, Username: s.Username, FirstName: s.FirstName, LastName: s.LastName,
		IsStaff: s.IsStaff, IsActive: s.IsActive, DateJoined: dbTime(s.DateJoined), Email: s.Email,
		Avatar: fileColumn(s.Avatar), CreatedAt: dbTime(s.CreatedAt),
	}
}

func userFromRow(r userRow) *identity.User {
	return identity.RehydrateUser(identity.UserSnapshot{
		ID: r.ID, Username: r.Username, Email: r.Email, FirstName: r.FirstName, LastName: r.LastName,
		PasswordHash: r.Password, IsActive: r.IsActive, IsStaff: r.IsStaff, IsSuperuser: r.IsSuperuser,
		DateJoined: dbTime(r.DateJoined), CreatedAt: dbTime(r.CreatedAt), LastLogin: dbTimePtr(r.LastLogin),
		Avatar: fileValue(r.Avatar),
	})
}

// UserRepository implements ports.UserRepository.
type UserRepository struct{ d *DB }

var _ ports.UserRepository = (*UserRepository)(nil)

const msgUserTaken = "a user with this username or e-mail address already exists"

// Create inserts u and assigns its id. The database's unique constraints are
// case-sensitive, so the e-mail is first checked case-insensitively.
func (r *UserRepository) Create(ctx context.Context, u *identity.User) error {
	taken, err := r.EmailTaken(ctx, u.Email())
	if err != nil {
		return err
	}
	if taken {
		return fault.Conflict(msgUserTaken)
	}
	row := userToRow(u.Snapshot())
	row.ID = 0 // identity column: the database numbers users
	if err := r.d.db(ctx).Create(&row).Error; err != nil {
		return conflictOr("create user", msgUserTaken, err)
	}
	u.AssignID(row.ID)
	return nil
}

func (r *UserRepository) ByID(ctx context.Context, id int64) (*identity.User, error) {
	return r.take(ctx, "id = ?", id)
}

// ByUsername matches exactly, as Django's ModelBackend does.
func (r *UserRepository) ByUsername(ctx context.Context, username string) (*identity.User, error) {
	return r.take(ctx, "username = ?", username)
}

func (r *UserRepository) take(ctx context.Context, where string, arg any) (*identity.User, error) {
	var row userRow
	if err := r.d.db(ctx).Where(where, arg).Take(&row).Error; err != nil {
		return nil, notFoundOr("user", err)
	}
	return userFromRow(row), nil
}

// EmailTaken compares case-insensitively (Unicode), as identity.FoldEmail.
func (r *UserRepository) EmailTaken(ctx context.Context, email string) (bool, error) {
	var n int64
	fold := r.d.dialect.fold
	err := r.d.db(ctx).Model(&userRow{}).Where(fold("email")+" = "+fold("?"), email).Count(&n).Error
	if err != nil {
		return false, fail("check e-mail", err)
	}
	return n > 0, nil
}

// Save writes the fields the domain lets change: password, last login,
// avatar and names.
func (r *UserRepository) Save(ctx context.Context, u *identity.User) error {
	s := u.Snapshot()
	res := r.d.db(ctx).Model(&userRow{}).Where("id = ?", s.ID).Updates(map[string]any{
		"password":   s.PasswordHash,
		"last_login": dbTimePtr(s.LastLogin),
		"avatar":     fileColumn(s.Avatar),
		"first_name": s.FirstName,
		"last_name":  s.LastName,
	})
	return affected(res, "save user", "user")
}
