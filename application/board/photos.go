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
		e, err := s.entities.ByID(ctx, a.InvestigationID, entityID)
		if err != nil {
			return err
		}
		old = e.ChangePhoto(info.Name, s.clock.Now())
		return s.entities.Save(ctx, e)
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
		e, err := s.entities.ByID(ctx, a.InvestigationID, entityID)
		if err != nil {
			return err
		}
		old = e.ChangePhoto("", s.clock.Now())
		return s.entities.Save(ctx, e)
	})
	if err != nil {
		return err
	}
	s.removeFiles(ctx, old)
	return nil
}
