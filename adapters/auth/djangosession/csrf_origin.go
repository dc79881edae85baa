package djangosession

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// originVerified is CsrfViewMiddleware._origin_verified: the Origin header
// must equal this request's own origin, one of the trusted origins exactly,
// or a subdomain of a trusted wildcard origin ("https://*.example.com") of
// the same scheme.
func originVerified(r *http.Request, origin string, trusted []string) bool {
	if origin == requestScheme(r)+"://"+r.Host {
		return true
	}
	for _, t := range trusted {
		if !strings.Contains(t, "*") && origin == t {
			return true
		}
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	for _, t := range trusted {
		if !strings.Contains(t, "*") {
			continue
		}
		if scheme, host, ok := trustedHost(t); ok && scheme == u.Scheme && isSameDomain(u.Host, host) {
			return true
		}
	}
	return false
}

// checkReferer is CsrfViewMiddleware._check_referer for an HTTPS request
// without an Origin header (and CSRF_COOKIE_DOMAIN unset): the Referer must
// be https and name this host or the host of a trusted origin. It returns
// the reason for a rejection or "".
func checkReferer(r *http.Request, trusted []string) string {
	values := r.Header.Values("Referer")
	if len(values) == 0 {
		return ReasonNoReferer
	}
	ref, err := url.Parse(values[0])
	if err != nil || ref.Scheme == "" || ref.Host == "" {
		return ReasonMalformedReferer
	}
	if ref.Scheme != "https" {
		return ReasonInsecureReferer
	}
	for _, t := range trusted {
		if _, host, ok := trustedHost(t); ok && isSameDomain(ref.Host, host) {
			return ""
		}
	}
	if !isSameDomain(ref.Host, r.Host) {
		return fmt.Sprintf(ReasonBadReferer, ref.String())
	}
	return ""
}

// trustedHost is Django's urlparse(origin).netloc.lstrip("*") with the
// scheme: "https://*.example.com" gives https and ".example.com", a pattern
// isSameDomain reads as the domain and all its subdomains.
func trustedHost(origin string) (scheme, host string, ok bool) {
	u, err := url.Parse(origin)
	if err != nil {
		return "", "", false
	}
	return u.Scheme, strings.TrimLeft(u.Host, "*"), true
}

// isSameDomain is django.utils.http.is_same_domain: pattern is a host, or
// ".example.com" for the domain and every subdomain of it.
func isSameDomain(host, pattern string) bool {
	if pattern == "" {
		return false
	}
	pattern = strings.ToLower(pattern)
	return pattern[0] == '.' && (strings.HasSuffix(host, pattern) || host == pattern[1:]) || pattern == host
}

// requestScheme is "https" for a TLS connection, as request.is_secure()
// without SECURE_PROXY_SSL_HEADER.
func requestScheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	return "http"
}
