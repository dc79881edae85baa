package board

import (
	"context"

	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// PhotoFolder is where Django's ImageField(upload_to="entity_photos/") puts photos.
const PhotoFolder = "entity_photos"

// SetPhoto stores an image as the entity's photo and returns its stored
// name. The file is written before the row; if the row cannot be updated the
// new file is removed, and the replaced photo is removed after the commit.
func (s *Service) SetPhoto(ctx context.Context, a Actor, entityID uuid.UUID, f upload.File) (string, error) {
	if err := s.requireEntity(ctx, a, ports.PermWrite, entityID); err != nil {
		return "", err
	}
	info, err := upload.StoreImage(ctx, s.blobs, PhotoFolder, f)
	if err != nil {
		return "", err
	}
	var old string
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		// Checked again: the caller may have been revoked during the upload.
		if err := s.requireEntity(ctx, a, ports.PermWrite, entityID); err != nil {
			return err
		}
		var err error
		old, err = s.changePhoto(ctx, a, entityID, info.Name)
		return err
	})
	if err != nil {
		s.removeFiles(context.WithoutCancel(ctx), info.Name)
		return "", err
	}
	s.removeFiles(ctx, old)
	return info.Name, nil
}

// RemovePhoto clears the entity's photo (also when it has none, as Django
// answers) and deletes the file after the commit.
func (s *Service) RemovePhoto(ctx context.Context, a Actor, entityID uuid.UUID) error {
	var old string
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.require(ctx, a, ports.PermWrite); err != nil {
			return err
		}
		var err error
		old, err = s.changePhoto(ctx, a, entityID, "")
		return err
	})
	if err != nil {
		return err
	}
	s.removeFiles(ctx, old)
	return nil
}

// changePhoto records the new photo name (inside a transaction) and returns
// the old one.
func (s *Service) changePhoto(ctx context.Context, a Actor, entityID uuid.UUID, name string) (string, error) {
	before, err := s.entities.View(ctx, a.InvestigationID, entityID)
	if err != nil {
		return "", err
	}
	e, err := s.entities.ByID(ctx, a.InvestigationID, entityID)
	if err != nil {
		return "", err
	}
	old := e.ChangePhoto(name, s.clock.Now())
	if err := s.entities.Save(ctx, e); err != nil {
		return "", err
	}
	after := before
	after.Entity = e.Snapshot()
	return old, s.record(ctx, a, ports.ObjectEntity, ports.Updated, entityID, before, after)
}
