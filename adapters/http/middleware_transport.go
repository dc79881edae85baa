package httpapi

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/gin-gonic/gin"
)

const (
	// hstsValue asks browsers to use HTTPS only, for a year, on this host
	// and its subdomains. It is sent only on responses that came over
	// HTTPS: on plain HTTP it would be ignored anyway, and a development
	// server on http://localhost must not pin itself.
	hstsValue = "max-age=31536000; includeSubDomains"
	// cspValue forbids a response from loading or running anything, and
	// from being framed: the API serves data, never pages. A handler that
	// serves a page (the OpenAPI viewer) replaces the header.
	cspValue = "default-src 'none'; frame-ancestors 'none'"
)

// transportSecurity sets Content-Security-Policy on every response and
// Strict-Transport-Security on those served over TLS: directly (r.TLS), or
// through a trusted proxy that says X-Forwarded-Proto: https. Another
// client's X-Forwarded-Proto is ignored, as its X-Forwarded-For is.
func transportSecurity(trustedProxies []string) gin.HandlerFunc {
	trusted := parsePrefixes(trustedProxies)
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", cspValue)
		if overTLS(c.Request, trusted) {
			h.Set("Strict-Transport-Security", hstsValue)
		}
		c.Next()
	}
}

func overTLS(r *http.Request, trusted []netip.Prefix) bool {
	if r.TLS != nil {
		return true
	}
	proto := r.Header.Get("X-Forwarded-Proto")
	if proto == "" || len(trusted) == 0 {
		return false
	}
	// The first value is what the outermost proxy saw from the client.
	first, _, _ := strings.Cut(proto, ",")
	if !strings.EqualFold(strings.TrimSpace(first), "https") {
		return false
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	addr := peer.Addr().Unmap()
	for _, p := range trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// parsePrefixes reads the trusted proxies as Gin does: addresses or CIDR
// ranges. Invalid entries are skipped (config validates the list, and the
// router logs Gin's own refusal).
func parsePrefixes(list []string) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(list))
	for _, s := range list {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(s); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		}
	}
	return out
}
