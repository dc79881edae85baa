package porttest

import (
	"testing"
	"time"

	"github.com/enquete/enquete/domain/fault"
)

// RunSessions checks ports.DjangoSessionStore.
func RunSessions(t *testing.T, newStore Factory) {
	const key, other = "k3x9q2m7v1c8z4b6n0p5r2t7w9y1a3d5", "0123456789abcdefghijklmnopqrstuv"
	// Django keeps expire_date to the microsecond, in UTC.
	expires := time.Date(2025, 12, 10, 7, 0, 0, 123456000, time.UTC)

	load := func(t *testing.T, f *fixture, k, wantData string, wantExpires time.Time) {
		t.Helper()
		data, exp, err := f.s.Sessions.Load(f.ctx, k)
		if wantErr(t, "Sessions.Load("+k+")", err, nil) && (data != wantData || !exp.Equal(wantExpires)) {
			t.Errorf("Sessions.Load(%s) = %q, %v; want %q, %v", k, data, exp, wantData, wantExpires)
		}
	}

	t.Run("SaveLoad", func(t *testing.T) {
		f := newFixture(t, newStore)
		data := "eyJfYXV0aF91c2VyX2lkIjoiMSJ9:1vQaBc:Zm9vYmFy" // Django's signed form
		wantErr(t, "Sessions.Save", f.s.Sessions.Save(f.ctx, key, data, expires), nil)
		wantErr(t, "Sessions.Save(other)", f.s.Sessions.Save(f.ctx, other, "other", expires.Add(time.Hour)), nil)
		load(t, f, key, data, expires)
		load(t, f, other, "other", expires.Add(time.Hour))
		_, _, err := f.s.Sessions.Load(f.ctx, "unknownsessionkey0000000000000000")
		wantErr(t, "Sessions.Load(unknown)", err, fault.ErrNotFound)
	})

	t.Run("SaveReplaces", func(t *testing.T) {
		f := newFixture(t, newStore)
		wantErr(t, "Sessions.Save", f.s.Sessions.Save(f.ctx, key, "first", expires), nil)
		later := expires.Add(14 * 24 * time.Hour)
		wantErr(t, "Sessions.Save(same key)", f.s.Sessions.Save(f.ctx, key, "second", later), nil)
		load(t, f, key, "second", later)
	})

	t.Run("Delete", func(t *testing.T) {
		f := newFixture(t, newStore)
		wantErr(t, "Sessions.Save", f.s.Sessions.Save(f.ctx, key, "data", expires), nil)
		wantErr(t, "Sessions.Save(other)", f.s.Sessions.Save(f.ctx, other, "kept", expires), nil)
		wantErr(t, "Sessions.Delete", f.s.Sessions.Delete(f.ctx, key), nil)
		_, _, err := f.s.Sessions.Load(f.ctx, key)
		wantErr(t, "Sessions.Load after Delete", err, fault.ErrNotFound)
		load(t, f, other, "kept", expires)
		// Like Django's SessionStore.delete, deleting what is gone is not an error.
		wantErr(t, "Sessions.Delete again", f.s.Sessions.Delete(f.ctx, key), nil)
	})
}
