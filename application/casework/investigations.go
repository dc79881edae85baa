package casework

import (
	"context"
	"errors"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// codeAttempts bounds the retries when a fresh join code collides.
const codeAttempts = 10

// Created is what opening an investigation returns.
type Created struct {
	ID   uuid.UUID
	Code string
}

// Create opens an investigation; the caller becomes its owner.
func (s *Service) Create(ctx context.Context, userID int64, title, description string) (Created, error) {
	now := s.clock.Now()
	inv, err := casework.New(title, description, userID, now)
	if err != nil {
		return Created{}, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.insertWithFreshCode(ctx, inv); err != nil {
			return err
		}
		if err := s.members.Add(ctx, inv.NewOwner(now)); err != nil {
			return err
		}
		return s.record(ctx, inv.ID(), ports.ObjectInvestigation, ports.Created, inv.ID().String(), userID, nil, inv.Snapshot())
	})
	if err != nil {
		return Created{}, err
	}
	return Created{ID: inv.ID(), Code: inv.Code()}, nil
}

func (s *Service) insertWithFreshCode(ctx context.Context, inv *casework.Investigation) error {
	for i := 0; ; i++ {
		err := s.invs.Create(ctx, inv)
		if !errors.Is(err, fault.ErrConflict) || i == codeAttempts {
			return err
		}
		inv.RotateCode()
	}
}

// List returns the caller's investigations, most recently updated first.
func (s *Service) List(ctx context.Context, userID int64) ([]ports.InvestigationView, error) {
	return s.invs.ListForUser(ctx, userID)
}

// Get returns one investigation as the caller sees it.
func (s *Service) Get(ctx context.Context, id uuid.UUID, userID int64) (ports.InvestigationView, error) {
	if _, err := s.Require(ctx, id, userID, casework.PermRead); err != nil {
		return ports.InvestigationView{}, err
	}
	return s.invs.ViewFor(ctx, id, userID)
}

// Update edits title and/or description (owner and admins).
func (s *Service) Update(ctx context.Context, id uuid.UUID, userID int64, title, description *string) (ports.InvestigationView, error) {
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.Require(ctx, id, userID, casework.PermManageInvestigation); err != nil {
			return err
		}
		inv, err := s.invs.ByID(ctx, id)
		if err != nil {
			return err
		}
		before := inv.Snapshot()
		if err := inv.Edit(title, description, s.clock.Now()); err != nil {
			return err
		}
		if err := s.invs.Save(ctx, inv); err != nil {
			return err
		}
		return s.record(ctx, id, ports.ObjectInvestigation, ports.Updated, id.String(), userID, before, inv.Snapshot())
	})
	if err != nil {
		return ports.InvestigationView{}, err
	}
	return s.invs.ViewFor(ctx, id, userID)
}

// Delete removes the investigation and everything in it (owner only), then
// its files once the deletion has committed.
func (s *Service) Delete(ctx context.Context, id uuid.UUID, userID int64) error {
	var files []string
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.Require(ctx, id, userID, casework.PermDeleteInvestigation); err != nil {
			return err
		}
		inv, err := s.invs.ByID(ctx, id)
		if err != nil {
			return err
		}
		if files, err = s.invs.Delete(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, id, ports.ObjectInvestigation, ports.Deleted, id.String(), userID, inv.Snapshot(), nil)
	})
	if err != nil {
		return err
	}
	s.removeFiles(ctx, files)
	return nil
}

// Join admits the caller with the member role.
func (s *Service) Join(ctx context.Context, userID int64, rawCode string) (uuid.UUID, error) {
	code, err := casework.ParseCode(rawCode)
	if err != nil {
		return uuid.Nil, err
	}
	inv, err := s.invs.ByCode(ctx, code.String())
	if errors.Is(err, fault.ErrNotFound) {
		return uuid.Nil, fault.NotFound("Code d'invitation invalide")
	}
	if err != nil {
		return uuid.Nil, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.members.Add(ctx, inv.Join(userID, s.clock.Now())); err != nil {
			if errors.Is(err, fault.ErrConflict) {
				return fault.Conflict("Vous êtes déjà membre de cette enquête")
			}
			return err
		}
		after, err := s.findMember(ctx, inv.ID(), userID)
		if err != nil {
			return err
		}
		return s.recordMember(ctx, inv.ID(), ports.Created, userID, userID, nil, after)
	})
	if err != nil {
		return uuid.Nil, err
	}
	return inv.ID(), nil
}
