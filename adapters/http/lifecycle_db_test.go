package httpapi_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/ports"
)

// TestLifecycleOnDatabases runs the audit trail and the token lifecycle
// through the real router on SQLite and PostgreSQL: concurrent writers keep
// one linear chain, the history reads back from the database, and logout,
// "log out everywhere" and a password change hold there too.
func TestLifecycleOnDatabases(t *testing.T) {
	for _, c := range []struct {
		name string
		open func(t *testing.T) *ports.Store
	}{
		{"sqlite", func(t *testing.T) *ports.Store { return gormtest.NewSQLite(t).Store() }},
		{"postgres", func(t *testing.T) *ports.Store { return gormtest.NewPostgres(t).Store() }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ls := newLifecycleServerOn(t, c.open(t))
			alice, bob := ls.register("alice"), ls.register("bob")
			inv, code := ls.createInvestigation(alice, "Affaire")
			ls.addMember(inv, code, alice, bob, "member")

			const writers = 6
			var wg sync.WaitGroup
			for i := range writers {
				wg.Go(func() {
					u := alice
					if i%2 == 1 {
						u = bob
					}
					r := ls.do("POST", "/api/investigations/"+inv+"/entities", u.token, map[string]any{"type": "person", "title": fmt.Sprint("Témoin ", i)})
					if r.status != http.StatusCreated {
						t.Errorf("concurrent create: %s", r)
					}
				})
			}
			wg.Wait()
			p := ls.history(inv, alice.token, "")
			for i, e := range p.History {
				if want := p.History[0].Seq - int64(i); e.Seq != want {
					t.Fatalf("seqs %v; want a linear chain", types(p))
				}
			}
			if n := len(ls.history(inv, alice.token, fmt.Sprintf("user=%d", bob.id)).History); n < writers/2 {
				t.Errorf("user=bob: %d records; want at least bob's %d creations", n, writers/2)
			}
			if rep, err := ls.audit().Verify(t.Context()); err != nil || !rep.OK() {
				t.Errorf("Verify = %v\n%s", err, rep)
			}

			laptop := ls.login(alice)
			ls.must(http.StatusOK, "POST", "/api/auth/logout", laptop, nil)
			ls.wantMe("logged-out token", laptop, false)
			ls.wantMe("other token", alice.token, true)
			ls.must(http.StatusOK, "POST", "/api/auth/logout-all", bob.token, nil)
			ls.wantMe("bob after logout-all", bob.token, false)
			r := ls.must(http.StatusOK, "POST", "/api/auth/password", alice.token,
				map[string]string{"old_password": "correct-horse-battery", "new_password": "another fine phrase"})
			ls.wantMe("alice's old token", alice.token, false)
			ls.wantMe("alice's fresh token", r.json(t)["token"].(string), true)
		})
	}
}
