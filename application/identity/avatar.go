package identity

import (
	"context"

	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/ports"
)

// AvatarFolder is where Django's ImageField(upload_to="avatars/") puts avatars.
const AvatarFolder = "avatars"

// Avatars changes users' avatars.
type Avatars struct {
	users ports.UserRepository
	blobs ports.BlobStore
}

// NewAvatars assembles the avatar use cases.
func NewAvatars(users ports.UserRepository, blobs ports.BlobStore) *Avatars {
	return &Avatars{users: users, blobs: blobs}
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
	if old != "" {
		_ = a.blobs.Delete(ctx, old)
	}
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
	if old != "" {
		_ = a.blobs.Delete(ctx, old)
	}
	return nil
}
