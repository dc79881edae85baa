package djangosession

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/domain/identity"
	"github.com/enquete/enquete/ports"
)

// fakeStore is a django_session table in a map. The real stores are tested
// against the port's contract suite; this one only feeds the Reader.
type fakeStore struct {
	rows    map[string]fakeRow
	loads   int
	deleted []string
	err     error // returned by Load when set
	delErr  error // returned by Delete when set
}

type fakeRow struct {
	data    string
	expires time.Time
}

func (s *fakeStore) Load(_ context.Context, key string) (string, time.Time, error) {
	s.loads++
	if s.err != nil {
		return "", time.Time{}, s.err
	}
	row, ok := s.rows[key]
	if !ok {
		return "", time.Time{}, fault.NotFound("session")
	}
	return row.data, row.expires, nil
}

func (s *fakeStore) Save(_ context.Context, key, data string, expires time.Time) error {
	s.rows[key] = fakeRow{data, expires}
	return nil
}

func (s *fakeStore) Delete(_ context.Context, key string) error {
	if s.delErr != nil {
		return s.delErr
	}
	s.deleted = append(s.deleted, key)
	delete(s.rows, key)
	return nil
}

// fakeUsers answers ByID only; the embedded nil interface makes any other
// call panic, which would reveal an unexpected dependency.
type fakeUsers struct {
	ports.UserRepository
	byID map[int64]*identity.User
	err  error
}

func (u *fakeUsers) ByID(_ context.Context, id int64) (*identity.User, error) {
	if u.err != nil {
		return nil, u.err
	}
	if user, ok := u.byID[id]; ok {
		return user, nil
	}
	return nil, fault.NotFound("user")
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func user(id int64, passwordHash string, active bool) *identity.User {
	return identity.RehydrateUser(identity.UserSnapshot{ID: id, Username: "u", PasswordHash: passwordHash, IsActive: active})
}

// session signs a Django auth session for user id with the given hash.
func session(id any, hash string) string {
	m := map[string]any{"_auth_user_id": id, "_auth_user_backend": realBackend}
	if hash != "" {
		m["_auth_user_hash"] = hash
	}
	return Encode(secretKey, m, time.Unix(1795676411, 0))
}

func TestUserForSession(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	live := now.Add(time.Hour)
	const key = "0123456789abcdefghijklmnopqrstuv"
	dbDown := errors.New("db down")
	noBackend := Encode(secretKey, map[string]any{"_auth_user_id": "1", "_auth_user_hash": realHash}, now)
	otherBackend := Encode(secretKey, map[string]any{"_auth_user_id": "1", "_auth_user_backend": "x.Backend", "_auth_user_hash": realHash}, now)

	cases := []struct {
		name        string
		key         string
		row         *fakeRow
		users       map[int64]*identity.User
		loadErr     error
		usersErr    error
		delErr      error
		secret      string
		wantID      int64
		wantErr     error // matched with errors.Is
		wantDeleted bool
		wantNoLoad  bool
	}{
		{name: "real Django row", key: realKey, row: &fakeRow{realData, realExpires}, wantID: 1},
		{name: "numeric user id", key: key, row: &fakeRow{session(1, realHash), live}, wantID: 1},
		{name: "expired", key: realKey, row: &fakeRow{realData, now}, wantErr: fault.ErrUnauthenticated},
		{name: "unknown key", key: key, wantErr: fault.ErrUnauthenticated},
		{name: "malformed key: short", key: "abc", wantErr: fault.ErrUnauthenticated, wantNoLoad: true},
		{name: "malformed key: upper case", key: "ARZFMII7A3N6Y0T0T4H3R5JLIGQZ4WHM", wantErr: fault.ErrUnauthenticated, wantNoLoad: true},
		{name: "malformed key: too long", key: key + "0123456789", wantErr: fault.ErrUnauthenticated, wantNoLoad: true},
		{name: "malformed key: injection", key: key[:31] + "'", wantErr: fault.ErrUnauthenticated, wantNoLoad: true},
		{name: "empty secret", key: realKey, row: &fakeRow{realData, realExpires}, secret: "-", wantErr: fault.ErrUnauthenticated, wantNoLoad: true},
		{name: "bad signature", key: key, row: &fakeRow{realData[:len(realData)-2] + "xx", live}, wantErr: fault.ErrUnauthenticated},
		{name: "signed with another secret", key: realKey, row: &fakeRow{realData, realExpires}, secret: "another", wantErr: fault.ErrUnauthenticated},
		{name: "no backend", key: key, row: &fakeRow{noBackend, live}, wantErr: fault.ErrUnauthenticated},
		{name: "unknown backend", key: key, row: &fakeRow{otherBackend, live}, wantErr: fault.ErrUnauthenticated},
		{name: "user id not a number", key: key, row: &fakeRow{session("one", realHash), live}, wantErr: fault.ErrUnauthenticated},
		{name: "missing user", key: key, row: &fakeRow{session("2", realHash), live}, wantErr: fault.ErrUnauthenticated},
		{name: "inactive user", key: realKey, row: &fakeRow{realData, realExpires},
			users: map[int64]*identity.User{1: user(1, aliceHash, false)}, wantErr: fault.ErrUnauthenticated},
		{name: "password changed", key: realKey, row: &fakeRow{realData, realExpires},
			users: map[int64]*identity.User{1: user(1, aliceHash+"x", true)}, wantErr: fault.ErrUnauthenticated, wantDeleted: true},
		{name: "no session hash", key: key, row: &fakeRow{session("1", ""), live}, wantErr: fault.ErrUnauthenticated, wantDeleted: true},
		{name: "store down", key: realKey, loadErr: dbDown, wantErr: dbDown},
		{name: "users down", key: realKey, row: &fakeRow{realData, realExpires}, usersErr: dbDown, wantErr: dbDown},
		{name: "delete fails", key: realKey, row: &fakeRow{realData, realExpires},
			users: map[int64]*identity.User{1: user(1, "changed", true)}, delErr: dbDown, wantErr: dbDown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := &fakeStore{rows: map[string]fakeRow{}, err: tc.loadErr, delErr: tc.delErr}
			if tc.row != nil {
				store.rows[tc.key] = *tc.row
			}
			users := tc.users
			if users == nil {
				users = map[int64]*identity.User{1: user(1, aliceHash, true)}
			}
			secret := secretKey
			switch tc.secret {
			case "":
			case "-":
				secret = ""
			default:
				secret = tc.secret
			}
			r := NewReader(secret, store, &fakeUsers{byID: users, err: tc.usersErr}, fixedClock(now))
			id, err := r.UserForSession(context.Background(), tc.key)
			if id != tc.wantID || !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("UserForSession(%q) = %d, %v; want %d, %v", tc.key, id, err, tc.wantID, tc.wantErr)
			}
			if tc.wantErr == fault.ErrUnauthenticated && fault.KindOf(err) != fault.KindUnauthenticated {
				t.Errorf("UserForSession(%q) error kind = %v; want unauthenticated", tc.key, fault.KindOf(err))
			}
			if deleted := len(store.deleted) > 0; deleted != tc.wantDeleted {
				t.Errorf("UserForSession(%q) deleted the row = %v; want %v", tc.key, deleted, tc.wantDeleted)
			}
			if tc.wantNoLoad && store.loads != 0 {
				t.Errorf("UserForSession(%q) queried the store %d times; want none", tc.key, store.loads)
			}
		})
	}
}
