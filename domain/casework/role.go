// Package casework holds investigations, their members, roles and join codes.
package casework

import "github.com/enquete/enquete/domain/fault"

// Role is a member's role, stored by Django as its lower-case name.
type Role struct{ name string }

// The four roles, from most to least powerful.
var (
	RoleOwner  = Role{"owner"}
	RoleAdmin  = Role{"admin"}
	RoleMember = Role{"member"}
	RoleViewer = Role{"viewer"}
)

// ParseRole accepts exactly the values Django stores.
func ParseRole(s string) (Role, error) {
	switch s {
	case "owner":
		return RoleOwner, nil
	case "admin":
		return RoleAdmin, nil
	case "member":
		return RoleMember, nil
	case "viewer":
		return RoleViewer, nil
	}
	return Role{}, fault.Invalid("role", "must be one of owner, admin, member, viewer")
}

func (r Role) String() string { return r.name }

// MarshalText and UnmarshalText let a role travel as its name (event payloads).
func (r Role) MarshalText() ([]byte, error) { return []byte(r.name), nil }

// UnmarshalText parses a stored name.
func (r *Role) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = Role{}
		return nil
	}
	p, err := ParseRole(string(b))
	*r = p
	return err
}

// IsZero reports an unset role.
func (r Role) IsZero() bool { return r.name == "" }

// Permission is something a role may be allowed to do inside an investigation.
type Permission int

// The permissions of the role table in API.md.
const (
	PermRead                Permission = iota + 1 // read everything, heartbeat
	PermWrite                                     // create/update/delete board objects, comment
	PermModerate                                  // delete someone else's comment
	PermManageInvestigation                       // update title/description
	PermRevokeMembers                             // revoke members (rank-limited for admins)
	PermChangeRoles                               // change a member's role
	PermDeleteInvestigation                       // delete the investigation
)

// Allows reports whether the role grants p.
func (r Role) Allows(p Permission) bool {
	switch p {
	case PermRead:
		return !r.IsZero()
	case PermWrite:
		return r == RoleOwner || r == RoleAdmin || r == RoleMember
	case PermModerate, PermManageInvestigation, PermRevokeMembers:
		return r == RoleOwner || r == RoleAdmin
	case PermChangeRoles, PermDeleteInvestigation:
		return r == RoleOwner
	}
	return false
}

// rank orders roles so that rules like "admins may not revoke admins" read simply.
func (r Role) rank() int {
	switch r {
	case RoleOwner:
		return 4
	case RoleAdmin:
		return 3
	case RoleMember:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}
