package identity

import (
	"context"
	"log/slog"

	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/ports"
)

// AvatarFolder is where Django's ImageField(upload_to="avatars/") puts avatars.
const AvatarFolder = "avatars"

// Avatars changes users' avatars.
type Avatars struct {
	users ports.UserRepository
	blobs ports.BlobStore
	log   *slog.Logger
}

// NewAvatars assembles the avatar use cases.
func NewAvatars(users ports.UserRepository, blobs ports.BlobStore, log *slog.Logger) *Avatars {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Avatars{users: users, blobs: blobs, log: log}
}

// removeOld deletes a replaced avatar once the new one is recorded; a
// failure leaves an orphan for gc-files, so it is logged, not returned.
func (a *Avatars) removeOld(ctx context.Context, name string) {
	if name == "" {
		return
	}
	if err := a.blobs.Delete(context.WithoutCancel(ctx), name); err != nil {
		a.log.WarnContext(ctx, "could not delete avatar; gc-files will", "file", name, "err", err)
	}
}

// Set stores an image as the user's avatar and returns its stored name; the
// previous avatar file is removed once the new one is recorded.
func (a *Avatars) Set(ctx context.Context, userID int64, f upload.File) (string, error) {
	u, err := a.users.ByID(ctx, userID)
	if err != nil {
		return "", err
	}
	info, err := upload.StoreImage(ctx, a.blobs, AvatarFolder, f)
	if err != nil {
		return "", err
	}
	old := u.ChangeAvatar(info.Name)
	if err := a.users.Save(ctx, u); err != nil {
		_ = a.blobs.Delete(context.WithoutCancel(ctx), info.Name)
		return "", err
	}
	a.removeOld(ctx, old)
	return info.Name, nil
}

// Remove clears the avatar and deletes its file.
func (a *Avatars) Remove(ctx context.Context, userID int64) error {
	u, err := a.users.ByID(ctx, userID)
	if err != nil {
		return err
	}
	old := u.ChangeAvatar("")
	if err := a.users.Save(ctx, u); err != nil {
		return err
	}
	a.removeOld(ctx, old)
	return nil
}
