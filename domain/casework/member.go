package casework

import (
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/google/uuid"
)

// OnlineWindow is how recent a heartbeat must be for a member to count as online.
const OnlineWindow = 30 * time.Second

// Messages Django sends, kept for both APIs.
const (
	MsgAccessDenied      = "Access denied"
	MsgMemberNotFound    = "Membre introuvable"
	MsgCannotRemoveOwner = "Impossible de retirer le propriétaire de l'enquête."
)

// Member is one user's membership of one investigation.
type Member struct {
	s MemberSnapshot
}

// MemberSnapshot is the stored state of a membership.
type MemberSnapshot struct {
	ID              int64
	InvestigationID uuid.UUID
	UserID          int64
	Role            Role
	JoinedAt        time.Time
	LastSeen        *time.Time
}

// RehydrateMember rebuilds a stored membership. Adapters only.
func RehydrateMember(s MemberSnapshot) *Member { return &Member{s: s} }

// Snapshot returns a copy of the state.
func (m *Member) Snapshot() MemberSnapshot { return m.s }

func (m *Member) ID() int64                  { return m.s.ID }
func (m *Member) InvestigationID() uuid.UUID { return m.s.InvestigationID }
func (m *Member) UserID() int64              { return m.s.UserID }
func (m *Member) Role() Role                 { return m.s.Role }
func (m *Member) LastSeen() *time.Time       { return m.s.LastSeen }

// AssignID is called once by the repository after insert.
func (m *Member) AssignID(id int64) { m.s.ID = id }

// Require fails with a forbidden fault unless the member's role grants p.
func (m *Member) Require(p Permission) error {
	if !m.s.Role.Allows(p) {
		return fault.Forbidden(MsgAccessDenied)
	}
	return nil
}

// Heartbeat records that the member is looking at the board.
func (m *Member) Heartbeat(now time.Time) time.Time {
	t := stamp(now)
	m.s.LastSeen = &t
	return t
}

// Online reports whether the last heartbeat is within OnlineWindow of now.
func Online(lastSeen *time.Time, now time.Time) bool {
	return lastSeen != nil && now.Sub(*lastSeen) <= OnlineWindow
}

// CanRevoke checks that actor may remove target from inv: the owner may
// remove anyone but the owner; an admin only members and viewers.
func CanRevoke(inv *Investigation, actor, target *Member) error {
	if err := actor.Require(PermRevokeMembers); err != nil {
		return err
	}
	if target.s.Role == RoleOwner || target.s.UserID == inv.CreatedBy() {
		return fault.Invalid("user_id", MsgCannotRemoveOwner)
	}
	if actor.s.Role != RoleOwner && target.s.Role.rank() >= actor.s.Role.rank() {
		return fault.Forbidden(MsgAccessDenied)
	}
	return nil
}

// ChangeRole lets the owner give another member the admin, member or viewer
// role. Ownership moves only through TransferOwnership.
func ChangeRole(actor, target *Member, role Role) error {
	if err := actor.Require(PermChangeRoles); err != nil {
		return err
	}
	if target.s.Role == RoleOwner {
		return fault.Invalid("role", "the owner's role cannot be changed; transfer ownership instead")
	}
	if role == RoleOwner {
		return fault.Invalid("role", "use the ownership transfer to make someone owner")
	}
	target.s.Role = role
	return nil
}

// Leave checks that a member may leave: everyone but the owner.
func (m *Member) Leave() error {
	if m.s.Role == RoleOwner {
		return fault.Invalid("role", "the owner cannot leave; transfer ownership or delete the investigation")
	}
	return nil
}

// TransferOwnership makes target the owner and demotes the current owner to admin.
func TransferOwnership(inv *Investigation, from, to *Member, now time.Time) error {
	if from.s.Role != RoleOwner || inv.CreatedBy() != from.s.UserID {
		return fault.Forbidden(MsgAccessDenied)
	}
	if to.s.UserID == from.s.UserID {
		return fault.Invalid("user_id", "already the owner")
	}
	from.s.Role, to.s.Role = RoleAdmin, RoleOwner
	inv.TransferOwnership(to.s.UserID, now)
	return nil
}
