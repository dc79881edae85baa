// Package memory is the in-process rate limiter: GCRA (the generic cell
// rate algorithm) over a bounded map. It suits a single instance and tests;
// several instances need the Redis adapter, or each would allow the limit.
package memory

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"
	"time"

	"github.com/enquete/enquete/ports"
)

// Options configures New.
type Options struct {
	// MaxKeys bounds the number of keys held (default 100 000, about 10 MB).
	// When full, keys whose limit has fully recovered are dropped first;
	// only then, the sampled key closest to recovery.
	MaxKeys int
	// Now is the clock (tests); time.Now when nil.
	Now func() time.Time
}

const (
	defaultMaxKeys = 100_000
	shardCount     = 16
	// sweepEvery keeps a full table of live keys from costing a full scan
	// on every new key: the scan runs at most this often per shard.
	sweepEvery = time.Second
	// evictionSample is how many keys are looked at to pick one to evict,
	// as Redis does for its approximated LRU.
	evictionSample = 8
)

// Limiter is a ports.RateLimiter held in memory.
type Limiter struct {
	now    func() time.Time
	seed   maphash.Seed
	max    int // keys per shard
	shards [shardCount]shard
}

// shard holds, per key, the theoretical arrival time (TAT) of GCRA in Unix
// nanoseconds: the instant at which the key's budget is full again.
type shard struct {
	mu        sync.Mutex
	tat       map[string]int64
	lastSweep int64
}

var _ ports.RateLimiter = (*Limiter)(nil)

// errInvalidLimit is returned for a limit without events or period.
var errInvalidLimit = errors.New("ratelimit: limit needs a positive burst and period")

// New returns an empty limiter.
func New(o Options) *Limiter {
	if o.MaxKeys <= 0 {
		o.MaxKeys = defaultMaxKeys
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	l := &Limiter{now: o.Now, seed: maphash.MakeSeed(), max: max(1, o.MaxKeys/shardCount)}
	for i := range l.shards {
		l.shards[i].tat = make(map[string]int64)
	}
	return l
}

// Allow implements ports.RateLimiter.
func (l *Limiter) Allow(ctx context.Context, key string, limit ports.Limit) (ports.Decision, error) {
	if err := ctx.Err(); err != nil {
		return ports.Decision{}, err
	}
	if !limit.Valid() {
		return ports.Decision{}, errInvalidLimit
	}
	interval := max(int64(limit.Interval()), 1)
	tolerance := interval * int64(limit.Burst)
	now := l.now().UnixNano()

	s := &l.shards[maphash.String(l.seed, key)%shardCount]
	s.mu.Lock()
	defer s.mu.Unlock()
	tat, known := s.tat[key]
	tat = max(tat, now)
	next := tat + interval
	allowAt := next - tolerance
	if now < allowAt {
		return ports.Decision{RetryAfter: time.Duration(allowAt - now)}, nil
	}
	if !known && len(s.tat) >= l.max {
		s.makeRoom(now, l.max)
	}
	s.tat[key] = next
	return ports.Decision{Allowed: true, Remaining: int((now - allowAt) / interval)}, nil
}

// makeRoom drops the keys whose budget is full again (they carry no state
// worth keeping), and if none, the sampled key nearest to that point, so
// that flooding the table with new keys resets as little as possible.
func (s *shard) makeRoom(now int64, limit int) {
	if now-s.lastSweep >= int64(sweepEvery) {
		s.lastSweep = now
		for k, tat := range s.tat {
			if tat <= now {
				delete(s.tat, k)
			}
		}
		if len(s.tat) < limit {
			return
		}
	}
	victim, oldest, seen := "", int64(0), 0
	for k, tat := range s.tat { // map iteration starts at a random place
		if seen == 0 || tat < oldest {
			victim, oldest = k, tat
		}
		if seen++; seen == evictionSample {
			break
		}
	}
	delete(s.tat, victim)
}

// Len is the number of keys held (tests, metrics).
func (l *Limiter) Len() int {
	n := 0
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		n += len(s.tat)
		s.mu.Unlock()
	}
	return n
}
