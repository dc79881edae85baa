package httpapi

import "time"

// Limits bound what one request may cost: how long it runs, how often a
// client may repeat it, and how many items a list returns. Zero values
// take the defaults.
type Limits struct {
	// RequestTimeout is the deadline of an API call's context (default
	// 30s; negative disables). Reaching it answers 503.
	RequestTimeout time.Duration
	// TransferTimeout replaces it for uploads, downloads and media (default
	// 15 minutes; negative disables), and also lengthens the connection's
	// read and write deadlines for them. Event streams have no deadline.
	TransferTimeout time.Duration
	// Rate are the rate limits, enforced when Deps.Limiter is set.
	Rate RateLimits
	// PageSize is the number of items of a list page when the request
	// gives no limit (default 100); MaxPageSize the most it may ask for
	// (default 500).
	PageSize    int
	MaxPageSize int
}

const (
	defaultPageSize    = 100
	defaultMaxPageSize = 500
)

func (l Limits) withDefaults() Limits {
	if l.RequestTimeout == 0 {
		l.RequestTimeout = defaultRequestTimeout
	}
	if l.TransferTimeout == 0 {
		l.TransferTimeout = defaultTransferTimeout
	}
	if l.MaxPageSize <= 0 {
		l.MaxPageSize = defaultMaxPageSize
	}
	if l.PageSize <= 0 {
		l.PageSize = min(defaultPageSize, l.MaxPageSize)
	}
	l.PageSize = min(l.PageSize, l.MaxPageSize)
	l.Rate = l.Rate.withDefaults()
	return l
}
