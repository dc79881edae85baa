package httpapi

import (
	"time"

	"github.com/enquete/enquete/ports"
)

// RateLimits are the limits the HTTP adapter enforces through a
// ports.RateLimiter. A zero Limit takes its default; a Limit with a
// negative Burst turns that policy off.
//
// Login is limited three ways: per client address (one address guessing
// many accounts), per address and username (the usual brute force), and per
// username from everywhere (a botnet on one account). The last one lets an
// attacker who keeps sending LoginPerUser attempts a minute crowd out the
// real user's logins for as long as they keep at it; it never locks the
// account, and the attacker gains at most LoginPerUser guesses a minute
// against a PBKDF2-hashed password that Django's validators keep out of
// the common lists. Every attempt counts, successful or not, so the check
// happens before the password hash is computed.
//
// Join codes are 8 characters of A-Z0-9: 36^8 = 2 821 109 907 456 (2.8e12)
// codes. With N investigations open, one guess hits some investigation
// with probability N/36^8, so an attacker needs about 36^8/N guesses on
// average: 2.8e9 for N = 1 000, 2.8e7 for N = 100 000. JoinPerUser (10 a
// minute, 14 400 a day) makes that 196 000 days (N = 1 000) or 1 960 days
// (N = 100 000) for one account; JoinPerIP (30 a minute) caps an address
// with many accounts at 43 200 a day, and RegisterPerIP (10 an hour) caps
// how fast one address makes accounts. An attacker with A accounts spread
// over I addresses guesses min(10·A, 30·I) codes a minute: with 300
// accounts on 100 addresses, 3 000 a minute, i.e. 6.5 days for N = 100 000
// and 650 days for N = 1 000. What remains against a botnet: the owner sees
// every newcomer in the member list, revoking rotates the code, and the
// access log records every 404 on /api/investigations/join with its
// address (alerting on their rate is the operator's job).
type RateLimits struct {
	LoginPerIP     ports.Limit
	LoginPerIPUser ports.Limit
	LoginPerUser   ports.Limit
	RegisterPerIP  ports.Limit
	JoinPerIP      ports.Limit
	JoinPerUser    ports.Limit
	// WritesPerUser is every authenticated POST, PUT, PATCH and DELETE.
	WritesPerUser ports.Limit
}

// DefaultRateLimits are generous for people and tight for scripts.
func DefaultRateLimits() RateLimits {
	perMinute := func(n int) ports.Limit { return ports.Limit{Burst: n, Period: time.Minute} }
	return RateLimits{
		LoginPerIP:     perMinute(100),
		LoginPerIPUser: perMinute(10),
		LoginPerUser:   perMinute(30),
		RegisterPerIP:  ports.Limit{Burst: 10, Period: time.Hour},
		JoinPerIP:      perMinute(30),
		JoinPerUser:    perMinute(10),
		WritesPerUser:  perMinute(600),
	}
}

// withDefaults fills the zero limits.
func (r RateLimits) withDefaults() RateLimits {
	d := DefaultRateLimits()
	for _, p := range []struct{ have, def *ports.Limit }{
		{&r.LoginPerIP, &d.LoginPerIP}, {&r.LoginPerIPUser, &d.LoginPerIPUser}, {&r.LoginPerUser, &d.LoginPerUser},
		{&r.RegisterPerIP, &d.RegisterPerIP}, {&r.JoinPerIP, &d.JoinPerIP}, {&r.JoinPerUser, &d.JoinPerUser},
		{&r.WritesPerUser, &d.WritesPerUser},
	} {
		if *p.have == (ports.Limit{}) {
			*p.have = *p.def
		}
	}
	return r
}
