package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/ports"
	"github.com/gin-gonic/gin"
)

const (
	msgRateLimited  = "Trop de requêtes, réessayez plus tard"
	codeRateLimited = "rate_limited"
	// limiterWarnEvery keeps a Redis outage under load from writing one
	// warning per request.
	limiterWarnEvery = 10 * time.Second
)

// rateLimiter applies RateLimits; a nil limiter limits nothing.
type rateLimiter struct {
	limiter  ports.RateLimiter
	limits   RateLimits
	maxBody  int64
	log      *slog.Logger
	lastWarn atomic.Int64
}

func newRateLimiter(l ports.RateLimiter, limits RateLimits, maxBody int64, log *slog.Logger) *rateLimiter {
	return &rateLimiter{limiter: l, limits: limits.withDefaults(), maxBody: maxBody, log: log}
}

// check is one limit to pass: a key and its limit.
type check struct {
	key   string
	limit ports.Limit
}

// anonymous limits the routes that need no credentials: login and
// register. It runs before their handlers, so a refused attempt costs no
// password hash.
func (rl *rateLimiter) anonymous(c *gin.Context) {
	if rl.limiter == nil || c.Request.Method != http.MethodPost {
		c.Next()
		return
	}
	ip := ipKey(c.ClientIP())
	var checks []check
	switch c.FullPath() {
	case "/api/auth/login":
		checks = []check{{"login:ip:" + ip, rl.limits.LoginPerIP}}
		if user := rl.peekUsername(c.Request); user != "" {
			checks = append(checks,
				check{"login:ipuser:" + ip + ":" + user, rl.limits.LoginPerIPUser},
				check{"login:user:" + user, rl.limits.LoginPerUser})
		}
	case "/api/auth/register":
		checks = []check{{"register:ip:" + ip, rl.limits.RegisterPerIP}}
	}
	if rl.pass(c, checks) {
		c.Next()
	}
}

// authenticated limits an authenticated caller: joining by code, and the
// general budget of writes. It runs after authenticate.
func (rl *rateLimiter) authenticated(c *gin.Context) {
	if rl.limiter == nil {
		c.Next()
		return
	}
	v, _ := c.Get(keyPrincipal)
	p, ok := v.(appidentity.Principal)
	if !ok {
		c.Next()
		return
	}
	user := strconv.FormatInt(p.UserID, 10)
	var checks []check
	switch c.Request.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		checks = append(checks, check{"write:user:" + user, rl.limits.WritesPerUser})
	}
	if c.Request.Method == http.MethodPost && c.FullPath() == "/api/investigations/join" {
		checks = append(checks,
			check{"join:user:" + user, rl.limits.JoinPerUser},
			check{"join:ip:" + ipKey(c.ClientIP()), rl.limits.JoinPerIP})
	}
	if rl.pass(c, checks) {
		c.Next()
	}
}

// pass runs the checks in order and answers 429 at the first refusal. A
// limiter that fails (Redis down) lets the request through: the limits are
// a defence against abuse, and refusing every login while Redis is down
// would turn its outage into ours. The warning says the limits are off.
func (rl *rateLimiter) pass(c *gin.Context, checks []check) bool {
	for _, ch := range checks {
		if !ch.limit.Valid() { // a disabled policy
			continue
		}
		d, err := rl.limiter.Allow(c.Request.Context(), ch.key, ch.limit)
		if err != nil {
			rl.warn(c.Request.Context(), err)
			continue
		}
		if !d.Allowed {
			c.Header("Retry-After", retryAfterSeconds(d.RetryAfter))
			writeError(c, http.StatusTooManyRequests, msgRateLimited, codeRateLimited, "")
			return false
		}
	}
	return true
}

func (rl *rateLimiter) warn(ctx context.Context, err error) {
	now := time.Now().UnixNano()
	last := rl.lastWarn.Load()
	if now-last < int64(limiterWarnEvery) || !rl.lastWarn.CompareAndSwap(last, now) {
		return
	}
	rl.log.WarnContext(ctx, "rate limiter unavailable: requests are not limited (failing open)", "err", err)
}

// retryAfterSeconds rounds up, so that a client waiting that long is
// allowed; HTTP's Retry-After counts whole seconds.
func retryAfterSeconds(d time.Duration) string {
	return strconv.FormatInt(max(1, int64(math.Ceil(d.Seconds()))), 10)
}

// peekUsername reads the username of a login body without consuming it:
// the handler decodes the body afterwards, strictly. The name is folded
// to lower case (so that case variants share a budget) and hashed, so the
// limiter's store holds no usernames and keys stay short whatever is sent.
func (rl *rateLimiter) peekUsername(r *http.Request) string {
	head, err := io.ReadAll(io.LimitReader(r.Body, rl.maxBody+1))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	if err != nil || int64(len(head)) > rl.maxBody {
		return "" // the handler answers 400 or 413
	}
	var in struct {
		Username string `json:"username"`
	}
	if json.Unmarshal(head, &in) != nil || in.Username == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(in.Username))))
	return hex.EncodeToString(sum[:16])
}

// ipKey is the address a per-address limit counts: an IPv6 client usually
// holds a whole /64, so its addresses share one budget.
func ipKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// WriteLimiter is the per-user write budget as a middleware for routes
// registered outside this router (Django's legacy routes): it runs after
// their authentication and shares the REST routes' budget, since both use
// the same keys in the same limiter.
func WriteLimiter(l ports.RateLimiter, limits Limits, log *slog.Logger) gin.HandlerFunc {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return newRateLimiter(l, limits.Rate, 0, log).authenticated
}
