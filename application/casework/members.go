package casework

import (
	"context"
	"errors"
	"time"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Member is a membership as the API shows it.
type Member struct {
	ports.MemberView
	Online bool
}

// Revoked is what revoking a member returns: the new join code.
type Revoked struct {
	Code          string
	RemovedUserID int64
}

// Members lists the investigation's members (any member may read).
func (s *Service) Members(ctx context.Context, id uuid.UUID, userID int64) ([]Member, error) {
	if _, err := s.Require(ctx, id, userID, casework.PermRead); err != nil {
		return nil, err
	}
	views, err := s.members.List(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out := make([]Member, len(views))
	for i, v := range views {
		out[i] = Member{MemberView: v, Online: casework.Online(v.Member.LastSeen, now)}
	}
	return s.markStreaming(ctx, id, out, now)
}

// Heartbeat records the caller's presence and returns the time stamped.
func (s *Service) Heartbeat(ctx context.Context, id uuid.UUID, userID int64) (time.Time, error) {
	now := s.clock.Now().UTC().Truncate(time.Microsecond)
	err := s.members.Touch(ctx, id, userID, now)
	if errors.Is(err, fault.ErrNotFound) {
		// Not a member, or no such investigation: tell which, as Require does.
		_, err = s.member(ctx, id, userID)
	}
	return now, err
}

// ChangeRole sets another member's role (owner only).
func (s *Service) ChangeRole(ctx context.Context, id uuid.UUID, actorID, targetID int64, rawRole string) (Member, error) {
	role, err := casework.ParseRole(rawRole)
	if err != nil {
		return Member{}, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		actor, target, err := s.actorAndTarget(ctx, id, actorID, targetID, casework.PermChangeRoles)
		if err != nil {
			return err
		}
		before, err := s.findMember(ctx, id, targetID)
		if err != nil {
			return err
		}
		if err := casework.ChangeRole(actor, target, role); err != nil {
			return err
		}
		if err := s.members.Save(ctx, target); err != nil {
			return err
		}
		after := before
		after.Member = target.Snapshot()
		return s.recordMember(ctx, id, ports.Updated, targetID, actorID, before, after)
	})
	if err != nil {
		return Member{}, err
	}
	return s.memberView(ctx, id, targetID)
}

// Revoke removes a member and rotates the join code, so that the old code
// cannot bring them back.
func (s *Service) Revoke(ctx context.Context, id uuid.UUID, actorID, targetID int64) (Revoked, error) {
	var code string
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		actor, target, err := s.actorAndTarget(ctx, id, actorID, targetID, casework.PermRevokeMembers)
		if err != nil {
			return err
		}
		inv, err := s.invs.ByID(ctx, id)
		if err != nil {
			return err
		}
		if err := casework.CanRevoke(inv, actor, target); err != nil {
			return err
		}
		before, err := s.findMember(ctx, id, targetID)
		if err != nil {
			return err
		}
		if err := s.members.Remove(ctx, id, targetID); err != nil {
			return err
		}
		if err := s.recordMember(ctx, id, ports.Deleted, targetID, actorID, before, nil); err != nil {
			return err
		}
		invBefore := inv.Snapshot()
		for i := 0; ; i++ {
			inv.RotateCode()
			err = s.invs.Save(ctx, inv)
			if !errors.Is(err, fault.ErrConflict) || i == codeAttempts {
				break
			}
		}
		code = inv.Code()
		if err != nil {
			return err
		}
		return s.record(ctx, id, ports.ObjectInvestigation, ports.Updated, id.String(), actorID, invBefore, inv.Snapshot())
	})
	if err != nil {
		return Revoked{}, err
	}
	return Revoked{Code: code, RemovedUserID: targetID}, nil
}

// Leave removes the caller from an investigation; the owner cannot leave.
func (s *Service) Leave(ctx context.Context, id uuid.UUID, userID int64) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		m, err := s.member(ctx, id, userID)
		if err != nil {
			return err
		}
		if err := m.Leave(); err != nil {
			return err
		}
		before, err := s.findMember(ctx, id, userID)
		if err != nil {
			return err
		}
		if err := s.members.Remove(ctx, id, userID); err != nil {
			return err
		}
		return s.recordMember(ctx, id, ports.Deleted, userID, userID, before, nil)
	})
}

// TransferOwnership makes another member the owner; the old owner becomes admin.
func (s *Service) TransferOwnership(ctx context.Context, id uuid.UUID, actorID, targetID int64) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		actor, target, err := s.actorAndTarget(ctx, id, actorID, targetID, casework.PermChangeRoles)
		if err != nil {
			return err
		}
		inv, err := s.invs.ByID(ctx, id)
		if err != nil {
			return err
		}
		invBefore := inv.Snapshot()
		fromBefore, err := s.findMember(ctx, id, actorID)
		if err != nil {
			return err
		}
		toBefore, err := s.findMember(ctx, id, targetID)
		if err != nil {
			return err
		}
		if err := casework.TransferOwnership(inv, actor, target, s.clock.Now()); err != nil {
			return err
		}
		if err := s.members.Save(ctx, actor); err != nil {
			return err
		}
		if err := s.members.Save(ctx, target); err != nil {
			return err
		}
		if err := s.invs.Save(ctx, inv); err != nil {
			return err
		}
		fromAfter, toAfter := fromBefore, toBefore
		fromAfter.Member, toAfter.Member = actor.Snapshot(), target.Snapshot()
		if err := s.recordMember(ctx, id, ports.Updated, actorID, actorID, fromBefore, fromAfter); err != nil {
			return err
		}
		if err := s.recordMember(ctx, id, ports.Updated, targetID, actorID, toBefore, toAfter); err != nil {
			return err
		}
		return s.record(ctx, id, ports.ObjectInvestigation, ports.Updated, id.String(), actorID, invBefore, inv.Snapshot())
	})
}

// actorAndTarget loads the caller's membership and checks it grants p before
// looking the target up, so that nobody without the right learns who is a
// member; then it loads the target's membership.
func (s *Service) actorAndTarget(ctx context.Context, id uuid.UUID, actorID, targetID int64, p casework.Permission) (actor, target *casework.Member, err error) {
	actor, err = s.member(ctx, id, actorID)
	if err != nil {
		return nil, nil, err
	}
	if err := actor.Require(p); err != nil {
		return nil, nil, err
	}
	target, err = s.members.Get(ctx, id, targetID)
	if errors.Is(err, fault.ErrNotFound) {
		return nil, nil, fault.NotFound(casework.MsgMemberNotFound)
	}
	return actor, target, err
}

func (s *Service) memberView(ctx context.Context, id uuid.UUID, userID int64) (Member, error) {
	v, err := s.findMember(ctx, id, userID)
	if err != nil {
		return Member{}, err
	}
	return Member{MemberView: v, Online: casework.Online(v.Member.LastSeen, s.clock.Now())}, nil
}
