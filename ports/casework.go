package ports

import (
	"context"
	"time"

	"github.com/enquete/enquete/domain/casework"
	"github.com/google/uuid"
)

// InvestigationView is an investigation as one user sees it in a list.
type InvestigationView struct {
	Investigation     casework.InvestigationSnapshot
	CreatedByUsername string
	MemberCount       int
	Role              casework.Role // the viewer's role
}

// MemberView is a membership with the user's public fields.
type MemberView struct {
	Member   casework.MemberSnapshot
	Username string
	Email    string
	Avatar   string // relative file name, "" when none
}

// InvestigationRepository stores investigations in investigation_investigation.
type InvestigationRepository interface {
	// Create inserts inv; fault.ErrConflict if its join code is taken.
	Create(ctx context.Context, inv *casework.Investigation) error
	ByID(ctx context.Context, id uuid.UUID) (*casework.Investigation, error)
	// ByCode matches the upper-case code exactly.
	ByCode(ctx context.Context, code string) (*casework.Investigation, error)
	// Save writes title, description, code, is_active, created_by and updated_at;
	// fault.ErrConflict if the new code is taken.
	Save(ctx context.Context, inv *casework.Investigation) error
	// Delete removes the investigation and everything in it (members, entities,
	// links, tags and their assignments, comments, attachments) and returns the
	// stored file names (photos, attachments) that no row references any more,
	// for the caller to delete after commit. Use inside a transaction.
	Delete(ctx context.Context, id uuid.UUID) (files []string, err error)
	// ListForUser lists the investigations userID is a member of, most recently
	// updated first, in a constant number of queries.
	ListForUser(ctx context.Context, userID int64) ([]InvestigationView, error)
	// ViewFor is one investigation as seen by userID; fault.ErrNotFound if it
	// does not exist or userID is not a member.
	ViewFor(ctx context.Context, id uuid.UUID, userID int64) (InvestigationView, error)
}

// MemberRepository stores memberships in investigation_investigationmember.
type MemberRepository interface {
	// Add inserts m and assigns its id; fault.ErrConflict if already a member.
	Add(ctx context.Context, m *casework.Member) error
	// Get returns fault.ErrNotFound when userID is not a member.
	Get(ctx context.Context, investigationID uuid.UUID, userID int64) (*casework.Member, error)
	// Save writes role and last_seen.
	Save(ctx context.Context, m *casework.Member) error
	// Touch sets last_seen without loading the row (heartbeats are frequent);
	// fault.ErrNotFound when userID is not a member.
	Touch(ctx context.Context, investigationID uuid.UUID, userID int64, at time.Time) error
	// Remove deletes the membership; fault.ErrNotFound if absent.
	Remove(ctx context.Context, investigationID uuid.UUID, userID int64) error
	// List returns the members ordered by joined_at then id, in one query.
	List(ctx context.Context, investigationID uuid.UUID) ([]MemberView, error)
}

// Permission names what a caller wants to do in an investigation; the board
// context asks for these through AccessPolicy without knowing about roles.
type Permission = casework.Permission

// Access is what AccessPolicy found: the caller's role in the investigation.
type Access struct {
	InvestigationID uuid.UUID
	UserID          int64
	Role            casework.Role
	CanModerate     bool
}

// AccessPolicy answers "may this user do this in this investigation?". It is
// implemented by the casework application and consumed by the board one.
type AccessPolicy interface {
	// Require returns fault.ErrNotFound for an unknown investigation,
	// fault.ErrForbidden for a non-member or a role that lacks p.
	Require(ctx context.Context, investigationID uuid.UUID, userID int64, p Permission) (Access, error)
}

// The permissions, re-exported so other contexts need not import casework.
const (
	PermRead                = casework.PermRead
	PermWrite               = casework.PermWrite
	PermModerate            = casework.PermModerate
	PermManageInvestigation = casework.PermManageInvestigation
	PermRevokeMembers       = casework.PermRevokeMembers
	PermChangeRoles         = casework.PermChangeRoles
	PermDeleteInvestigation = casework.PermDeleteInvestigation
)
