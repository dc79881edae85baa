// Package redis is the shared rate limiter: GCRA (the generic cell rate
// algorithm) run as one Lua script inside Redis, so that every instance of
// the service draws on the same budget and the check-and-count is atomic.
// The script reads Redis's own clock (TIME), so instances with skewed
// clocks still agree.
package redis

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/enquete/enquete/ports"
	goredis "github.com/redis/go-redis/v9"
)

// Options configures the limiter.
type Options struct {
	// URL is redis://[user:password@]host:port/db or rediss:// for TLS;
	// used by Open only.
	URL string
	// Prefix namespaces the keys (default "enquete:ratelimit:"), so that
	// one Redis can serve several deployments.
	Prefix string
	// Timeout bounds one decision (default 250ms): a hung Redis must not
	// hold requests, the caller fails open instead.
	Timeout time.Duration
}

const (
	defaultPrefix  = "enquete:ratelimit:"
	defaultTimeout = 250 * time.Millisecond
)

// gcra is the algorithm, in microseconds. The key holds the theoretical
// arrival time (TAT): when the budget is full again. An event is allowed
// when now >= TAT + interval - burst*interval; it then moves TAT one
// interval on. The key expires when the budget is full again, so Redis
// holds only keys that still carry state. TAT is written with %.0f because
// Lua's default conversion keeps 14 digits, and a time in microseconds has
// 16. redis.replicate_commands is needed before writes that follow TIME on
// Redis < 5 and is a no-op since 7.
var gcra = goredis.NewScript(`
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = interval * tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat or tat < now then tat = now end
local next_tat = tat + interval
local allow_at = next_tat - tolerance
if now < allow_at then
  return {0, 0, allow_at - now}
end
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000))
return {1, math.floor((now - allow_at) / interval), 0}
`)

// Limiter is a ports.RateLimiter on Redis.
type Limiter struct {
	client  goredis.Scripter
	prefix  string
	timeout time.Duration
	close   func() error
}

var _ ports.RateLimiter = (*Limiter)(nil)

// New uses an existing client (shared with other Redis users).
func New(client goredis.Scripter, o Options) *Limiter {
	if o.Prefix == "" {
		o.Prefix = defaultPrefix
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	return &Limiter{client: client, prefix: o.Prefix, timeout: o.Timeout, close: func() error { return nil }}
}

// Open connects to o.URL. It does not wait for Redis to answer: the client
// connects on first use and reconnects by itself, and until then the
// callers' fail-open policy applies.
func Open(o Options) (*Limiter, error) {
	opts, err := goredis.ParseURL(o.URL)
	if err != nil {
		// url.Parse's message repeats the URL, which may hold a password.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return nil, fmt.Errorf("ratelimit/redis: invalid URL: %w", err)
	}
	// Fail fast rather than queue behind a dead server.
	opts.DialTimeout = 2 * time.Second
	opts.MaxRetries = 1
	client := goredis.NewClient(opts)
	l := New(client, o)
	l.close = client.Close
	return l, nil
}

// Close releases the connections Open made.
func (l *Limiter) Close() error { return l.close() }

var errInvalidLimit = errors.New("ratelimit/redis: limit needs a positive burst and period")

// Allow implements ports.RateLimiter.
func (l *Limiter) Allow(ctx context.Context, key string, limit ports.Limit) (ports.Decision, error) {
	if !limit.Valid() {
		return ports.Decision{}, errInvalidLimit
	}
	interval := max(limit.Interval().Microseconds(), 1)
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	res, err := gcra.Run(ctx, l.client, []string{l.prefix + key}, interval, limit.Burst).Int64Slice()
	if err != nil {
		return ports.Decision{}, fmt.Errorf("ratelimit/redis: %w", err)
	}
	if len(res) != 3 {
		return ports.Decision{}, fmt.Errorf("ratelimit/redis: unexpected script result %v", res)
	}
	return ports.Decision{Allowed: res[0] == 1, Remaining: int(res[1]), RetryAfter: time.Duration(res[2]) * time.Microsecond}, nil
}
