package casework

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/text"
	"github.com/google/uuid"
)

// Investigation is a case: a board shared by its members.
type Investigation struct {
	s InvestigationSnapshot
}

// InvestigationSnapshot is the stored state of an investigation.
type InvestigationSnapshot struct {
	ID          uuid.UUID
	Code        string
	Title       string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	IsActive    bool
	CreatedBy   int64
}

// New opens an investigation; the creator becomes its owner through NewOwner.
func New(title, description string, createdBy int64, now time.Time) (*Investigation, error) {
	title, err := validTitle(title)
	if err != nil {
		return nil, err
	}
	if err := text.Valid("description", description); err != nil {
		return nil, err
	}
	now = stamp(now)
	return &Investigation{s: InvestigationSnapshot{
		ID: uuid.New(), Code: NewCode().String(), Title: title, Description: description,
		CreatedAt: now, UpdatedAt: now, IsActive: true, CreatedBy: createdBy,
	}}, nil
}

// RehydrateInvestigation rebuilds a stored investigation. Adapters only.
func RehydrateInvestigation(s InvestigationSnapshot) *Investigation { return &Investigation{s: s} }

// Snapshot returns a copy of the state.
func (i *Investigation) Snapshot() InvestigationSnapshot { return i.s }

func (i *Investigation) ID() uuid.UUID    { return i.s.ID }
func (i *Investigation) Code() string     { return i.s.Code }
func (i *Investigation) Title() string    { return i.s.Title }
func (i *Investigation) CreatedBy() int64 { return i.s.CreatedBy }

// NewOwner is the creator's membership.
func (i *Investigation) NewOwner(now time.Time) *Member {
	return &Member{s: MemberSnapshot{InvestigationID: i.s.ID, UserID: i.s.CreatedBy, Role: RoleOwner, JoinedAt: stamp(now)}}
}

// Join admits a user with the member role.
func (i *Investigation) Join(userID int64, now time.Time) *Member {
	return &Member{s: MemberSnapshot{InvestigationID: i.s.ID, UserID: userID, Role: RoleMember, JoinedAt: stamp(now)}}
}

// Edit changes the title and/or description; nil leaves a field unchanged.
func (i *Investigation) Edit(title, description *string, now time.Time) error {
	if title != nil {
		t, err := validTitle(*title)
		if err != nil {
			return err
		}
		i.s.Title = t
	}
	if description != nil {
		if err := text.Valid("description", *description); err != nil {
			return err
		}
		i.s.Description = *description
	}
	i.s.UpdatedAt = stamp(now)
	return nil
}

// RotateCode replaces the join code, so that a revoked member cannot come
// back with the old one. Like Django, it leaves updated_at alone.
func (i *Investigation) RotateCode() { i.s.Code = NewCode().String() }

// TransferOwnership makes another member the creator; roles are swapped by the caller.
func (i *Investigation) TransferOwnership(to int64, now time.Time) {
	i.s.CreatedBy = to
	i.s.UpdatedAt = stamp(now)
}

func validTitle(title string) (string, error) {
	if err := text.Valid("title", title); err != nil {
		return "", err
	}
	title = strings.TrimSpace(title)
	switch n := utf8.RuneCountInString(title); {
	case n == 0:
		return "", fault.Invalid("title", "is required")
	case n > 200:
		return "", fault.Invalid("title", "must be at most 200 characters")
	}
	return title, nil
}
