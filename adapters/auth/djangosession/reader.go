package djangosession

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

// Session keys Django's auth framework writes (django.contrib.auth).
const (
	keyUserID  = "_auth_user_id"
	keyBackend = "_auth_user_backend"
	keyHash    = "_auth_user_hash"
)

// modelBackend is the only entry of the app's AUTHENTICATION_BACKENDS;
// Django ignores sessions created through a backend no longer configured.
const modelBackend = "django.contrib.auth.backends.ModelBackend"

// sessionKeyFormat is what Django's get_random_string(32, lowercase+digits)
// produces, with room for longer keys; anything else is not worth a query.
var sessionKeyFormat = regexp.MustCompile(`^[a-z0-9]{32,40}$`)

// msgInvalidSession is the single message of every rejection.
const msgInvalidSession = "Invalid session"

// Reader resolves a sessionid cookie to a user as Django's
// django.contrib.auth.get_user does. It is safe for concurrent use.
type Reader struct {
	secretKey string
	store     ports.DjangoSessionStore
	users     ports.UserRepository
	clock     ports.Clock
}

var _ ports.SessionReader = (*Reader)(nil)

// NewReader returns a Reader for sessions signed with Django's SECRET_KEY.
// An empty secretKey refuses every session: anyone could sign with it, and
// it also means the service runs without a Django to share sessions with.
// A nil clock is the system clock.
func NewReader(secretKey string, store ports.DjangoSessionStore, users ports.UserRepository, clock ports.Clock) *Reader {
	if clock == nil {
		clock = ports.SystemClock{}
	}
	return &Reader{secretKey: secretKey, store: store, users: users, clock: clock}
}

// UserForSession returns the id of the session's user. Sessions Django would
// treat as anonymous are fault.Unauthenticated; store and repository errors
// other than not-found are returned as they are (database unavailable). A
// session whose password hash no longer matches is deleted, as Django's
// request.session.flush() does.
func (r *Reader) UserForSession(ctx context.Context, sessionKey string) (int64, error) {
	if r.secretKey == "" || !sessionKeyFormat.MatchString(sessionKey) {
		return 0, invalidSession()
	}
	data, expires, err := r.store.Load(ctx, sessionKey)
	if errors.Is(err, fault.ErrNotFound) {
		return 0, invalidSession()
	}
	if err != nil {
		return 0, err
	}
	// The db backend loads only rows with expire_date > now.
	if !expires.After(r.clock.Now()) {
		return 0, invalidSession()
	}
	session, err := Decode(r.secretKey, data)
	if err != nil {
		return 0, invalidSession()
	}
	if backend, _ := session[keyBackend].(string); backend != modelBackend {
		return 0, invalidSession()
	}
	userID, ok := parseUserID(session[keyUserID])
	if !ok {
		return 0, invalidSession()
	}
	user, err := r.users.ByID(ctx, userID)
	if errors.Is(err, fault.ErrNotFound) {
		return 0, invalidSession()
	}
	if err != nil {
		return 0, err
	}
	// ModelBackend.get_user returns None for inactive users; Django then
	// leaves the session alone.
	if !user.IsActive() {
		return 0, invalidSession()
	}
	stored, _ := session[keyHash].(string)
	want := AuthHash(r.secretKey, user.PasswordHash())
	if stored == "" || subtle.ConstantTimeCompare([]byte(stored), []byte(want)) != 1 {
		if err := r.store.Delete(ctx, sessionKey); err != nil && !errors.Is(err, fault.ErrNotFound) {
			return 0, fmt.Errorf("delete stale session: %w", err)
		}
		return 0, invalidSession()
	}
	return userID, nil
}

// parseUserID reads _auth_user_id as the pk field's to_python would: Django
// writes it as a string ("1"); a JSON integer is accepted too.
func parseUserID(v any) (int64, bool) {
	var s string
	switch t := v.(type) {
	case string:
		s = t
	case json.Number:
		s = t.String()
	default:
		return 0, false
	}
	if s == "" || len(s) > 19 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

func invalidSession() error { return fault.Unauthenticated(msgInvalidSession) }
