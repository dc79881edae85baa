package legacy_test

import (
	"testing"
	"time"

	httpapi "github.com/enquete/enquete/adapters/http"
	rlmemory "github.com/enquete/enquete/adapters/ratelimit/memory"
	"github.com/enquete/enquete/ports"
)

// Legacy writes draw on the same per-user write budget as the REST API
// (the composition root passes httpapi.WriteLimiter as AfterAuth); reads
// are not limited by it.
func TestLegacyWritesShareTheWriteBudget(t *testing.T) {
	limits := httpapi.Limits{Rate: httpapi.RateLimits{WritesPerUser: ports.Limit{Burst: 2, Period: time.Minute}}}
	limiter := rlmemory.New(rlmemory.Options{})
	c := newCast(newEnv(t, withAfterAuth(httpapi.WriteLimiter(limiter, limits, nil))))
	alice := c.users["alice"]
	path := c.expand("/api/investigation/{A}/entities/")
	for i := 0; i < 2; i++ {
		c.must(200, call{method: "POST", path: path, as: alice, body: `{"type": "person", "title": "x"}`})
	}
	r := c.send(call{method: "POST", path: path, as: alice, body: `{"type": "person", "title": "y"}`})
	if r.status != 429 || r.header.Get("Retry-After") == "" {
		t.Fatalf("%s; want 429 with Retry-After", r)
	}
	c.must(200, call{method: "GET", path: path, as: alice})
	if bob := c.send(call{method: "POST", path: path, as: c.users["bob"], body: `{"type": "person", "title": "z"}`}); bob.status != 200 {
		t.Errorf("another user's write = %s; want 200 (budgets are per user)", bob)
	}
}
