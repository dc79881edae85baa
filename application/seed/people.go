package seed

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/enquete/enquete/domain/casework"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
)

// codeAttempts bounds the retries when a fresh join code collides.
const codeAttempts = 10

// people finds or creates the owner and the members. The password is hashed
// once and the encoding shared by every account created in this run: at
// Django's 600 000 PBKDF2 iterations a hash costs about half a second, and
// demo accounts sharing a salt harms nobody.
func (r *run) people(ctx context.Context) error {
	names := []string{r.o.Owner}
	for i := 1; i <= r.o.Users; i++ {
		names = append(names, fmt.Sprintf("%s-%d", r.o.Owner, i))
	}
	var hash string
	for i, name := range names {
		u, err := r.s.store.Users.ByUsername(ctx, name)
		if errors.Is(err, fault.ErrNotFound) {
			if hash == "" {
				if hash, err = r.passwordHash(name); err != nil {
					return err
				}
			}
			u, err = r.createUser(ctx, name, hash)
		}
		if err != nil {
			return fmt.Errorf("seed user %q: %w", name, err)
		}
		if i == 0 {
			r.res.Owner, r.res.OwnerID = name, u.ID()
		} else {
			r.res.Members = append(r.res.Members, name)
		}
		r.users = append(r.users, u.ID())
		if role := memberRole(i); role != casework.RoleViewer {
			r.writers = append(r.writers, u.ID())
		}
	}
	return nil
}

func (r *run) passwordHash(username string) (string, error) {
	pw := r.o.Password
	if pw == "" {
		pw = randomPassword()
	}
	if err := identity.ValidatePassword(pw, username); err != nil {
		return "", err
	}
	r.res.Password = pw
	return r.s.hasher.Hash(pw)
}

func (r *run) createUser(ctx context.Context, name, hash string) (*identity.User, error) {
	u, err := identity.NewUser(name, name+"@example.com", "", "", hash, r.now)
	if err != nil {
		return nil, err
	}
	if err := r.s.store.Users.Create(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// memberRole is the role of the i-th account (0 is the owner).
func memberRole(i int) casework.Role {
	switch {
	case i == 0:
		return casework.RoleOwner
	case i%4 == 0:
		return casework.RoleViewer
	case i%5 == 0:
		return casework.RoleAdmin
	}
	return casework.RoleMember
}

// investigation opens the investigation with its members, in one transaction.
func (r *run) investigation(ctx context.Context) error {
	inv, err := casework.New(r.o.Title, "Données générées par enquete seed.", r.res.OwnerID, r.tick())
	if err != nil {
		return err
	}
	err = r.s.store.Tx.InTx(ctx, func(ctx context.Context) error {
		for i := 0; ; i++ {
			err := r.s.store.Investigations.Create(ctx, inv)
			if err == nil {
				break
			}
			if !errors.Is(err, fault.ErrConflict) || i == codeAttempts {
				return err
			}
			inv.RotateCode()
		}
		owner := inv.NewOwner(r.at)
		if err := r.s.store.Members.Add(ctx, owner); err != nil {
			return err
		}
		for i, id := range r.users[1:] {
			m := inv.Join(id, r.at)
			if role := memberRole(i + 1); role != casework.RoleMember {
				if err := casework.ChangeRole(owner, m, role); err != nil {
					return err
				}
			}
			if err := r.s.store.Members.Add(ctx, m); err != nil {
				return err
			}
		}
		if r.s.store.Changes == nil {
			return nil
		}
		return r.s.store.Changes.Record(ctx, ports.Change{InvestigationID: inv.ID(),
			Type: ports.ObjectInvestigation + "." + ports.Created, ObjectID: inv.ID().String(),
			ActorID: r.res.OwnerID, At: r.now, After: inv.Snapshot()})
	})
	if err != nil {
		return fmt.Errorf("seed investigation: %w", err)
	}
	r.res.InvestigationID, r.res.Code = inv.ID(), inv.Code()
	return nil
}

// randomPassword draws 16 characters from an unambiguous alphabet.
func randomPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
