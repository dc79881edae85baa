package casework

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/fault"
)

var now = time.Date(2026, 11, 26, 7, 0, 0, 123456789, time.UTC)

func TestRoleAllows(t *testing.T) {
	// The role table of API.md, one row per permission: owner, admin, member, viewer.
	table := map[Permission][4]bool{
		PermRead:                {true, true, true, true},
		PermWrite:               {true, true, true, false},
		PermModerate:            {true, true, false, false},
		PermManageInvestigation: {true, true, false, false},
		PermRevokeMembers:       {true, true, false, false},
		PermChangeRoles:         {true, false, false, false},
		PermDeleteInvestigation: {true, false, false, false},
	}
	roles := []Role{RoleOwner, RoleAdmin, RoleMember, RoleViewer}
	for p, want := range table {
		for i, r := range roles {
			if got := r.Allows(p); got != want[i] {
				t.Errorf("%s.Allows(%d) = %v; want %v", r, p, got, want[i])
			}
		}
		if (Role{}).Allows(p) {
			t.Errorf("zero role allows %d", p)
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, s := range []string{"owner", "admin", "member", "viewer"} {
		if r, err := ParseRole(s); err != nil || r.String() != s {
			t.Errorf("ParseRole(%q) = %v, %v", s, r, err)
		}
	}
	for _, s := range []string{"", "Owner", "root", " admin"} {
		if _, err := ParseRole(s); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("ParseRole(%q) = %v; want invalid", s, err)
		}
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		c := NewCode().String()
		if len(c) != CodeLength || strings.Trim(c, codeAlphabet) != "" {
			t.Fatalf("NewCode() = %q; want 8 of A-Z0-9", c)
		}
		if seen[c] {
			t.Fatalf("NewCode() repeated %q", c)
		}
		seen[c] = true
	}
	if c, err := ParseCode(" ab12cd34 "); err != nil || c.String() != "AB12CD34" {
		t.Errorf("ParseCode(lower case) = %v, %v", c, err)
	}
	for _, s := range []string{"", "ABC", "AB12CD345", "AB-2CD34", "ÀB12CD34"} {
		if _, err := ParseCode(s); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("ParseCode(%q) = %v; want invalid", s, err)
		}
	}
}

func TestNewInvestigation(t *testing.T) {
	inv, err := New("  Affaire Dupont ", "desc", 7, now)
	if err != nil {
		t.Fatal(err)
	}
	s := inv.Snapshot()
	if s.Title != "Affaire Dupont" || !s.IsActive || s.CreatedBy != 7 || s.CreatedAt.Nanosecond()%1000 != 0 || s.CreatedAt.Location() != time.UTC {
		t.Errorf("New() = %+v", s)
	}
	owner := inv.NewOwner(now)
	if owner.Role() != RoleOwner || owner.UserID() != 7 {
		t.Errorf("NewOwner() = %+v", owner.Snapshot())
	}
	for _, title := range []string{"", "   ", strings.Repeat("é", 201), "a\x00b"} {
		if _, err := New(title, "", 1, now); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("New(%q) = %v; want invalid", title, err)
		}
	}
	before := inv.Code()
	updated := inv.Snapshot().UpdatedAt
	inv.RotateCode()
	if inv.Code() == before || !inv.Snapshot().UpdatedAt.Equal(updated) {
		t.Errorf("RotateCode() changed updated_at or kept the code")
	}
	title := "Nouveau"
	if err := inv.Edit(&title, nil, now.Add(time.Hour)); err != nil || inv.Title() != "Nouveau" || inv.Snapshot().Description != "desc" {
		t.Errorf("Edit() = %v; %+v", err, inv.Snapshot())
	}
}

func member(inv *Investigation, user int64, r Role) *Member {
	m := inv.Join(user, now)
	m.s.Role = r
	return m
}

func TestCanRevoke(t *testing.T) {
	inv, _ := New("x", "", 1, now)
	owner := inv.NewOwner(now)
	tests := []struct {
		actor, target Role
		want          error
	}{
		{RoleOwner, RoleAdmin, nil},
		{RoleOwner, RoleMember, nil},
		{RoleOwner, RoleViewer, nil},
		{RoleAdmin, RoleMember, nil},
		{RoleAdmin, RoleViewer, nil},
		{RoleAdmin, RoleAdmin, fault.ErrForbidden},
		{RoleMember, RoleViewer, fault.ErrForbidden},
		{RoleViewer, RoleMember, fault.ErrForbidden},
	}
	for _, tt := range tests {
		err := CanRevoke(inv, member(inv, 2, tt.actor), member(inv, 3, tt.target))
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("CanRevoke(%s → %s) = %v; want %v", tt.actor, tt.target, err, tt.want)
		}
	}
	if err := CanRevoke(inv, member(inv, 2, RoleAdmin), owner); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("CanRevoke(admin → owner) = %v; want invalid (the owner cannot be revoked)", err)
	}
	if err := CanRevoke(inv, owner, owner); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("CanRevoke(owner → owner) = %v; want invalid", err)
	}
}

func TestChangeRoleAndTransfer(t *testing.T) {
	inv, _ := New("x", "", 1, now)
	owner := inv.NewOwner(now)
	m := member(inv, 2, RoleMember)
	if err := ChangeRole(member(inv, 3, RoleAdmin), m, RoleViewer); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("ChangeRole by admin = %v; want forbidden", err)
	}
	if err := ChangeRole(owner, m, RoleOwner); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("ChangeRole to owner = %v; want invalid", err)
	}
	if err := ChangeRole(owner, owner, RoleAdmin); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("ChangeRole of the owner = %v; want invalid", err)
	}
	if err := ChangeRole(owner, m, RoleAdmin); err != nil || m.Role() != RoleAdmin {
		t.Errorf("ChangeRole(owner, member → admin) = %v, role %s", err, m.Role())
	}
	if err := owner.Leave(); !errors.Is(err, fault.ErrInvalid) {
		t.Errorf("owner.Leave() = %v; want invalid", err)
	}
	if err := TransferOwnership(inv, m, owner, now); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("TransferOwnership by a non-owner = %v; want forbidden", err)
	}
	if err := TransferOwnership(inv, owner, m, now); err != nil || owner.Role() != RoleAdmin || m.Role() != RoleOwner || inv.CreatedBy() != 2 {
		t.Errorf("TransferOwnership() = %v; roles %s/%s creator %d", err, owner.Role(), m.Role(), inv.CreatedBy())
	}
}

func TestOnline(t *testing.T) {
	seen := now.Add(-30 * time.Second)
	if !Online(&seen, now) {
		t.Error("Online(30 s ago) = false; want true")
	}
	old := now.Add(-31 * time.Second)
	if Online(&old, now) || Online(nil, now) {
		t.Error("Online(31 s ago or never) = true; want false")
	}
}
