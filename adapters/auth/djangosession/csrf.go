package djangosession

import (
	"crypto/subtle"
	"fmt"
	"mime"
	"net/http"

	"github.com/enquete/enquete/domain/fault"
)

// Names Django's settings give the CSRF cookie, header and form field.
const (
	CSRFCookieName = "csrftoken"
	CSRFHeaderName = "X-CSRFToken"
	CSRFFormField  = "csrfmiddlewaretoken"
)

// Rejection reasons, word for word from django/middleware/csrf.py (4.2).
// Token-format and mismatch reasons are built by badTokenReason, as Django's
// _bad_token_message does, e.g. "CSRF token from the 'X-Csrftoken' HTTP
// header incorrect." (Django 3.x said "CSRF token missing or incorrect.").
const (
	ReasonNoCSRFCookie     = "CSRF cookie not set."
	ReasonCSRFTokenMissing = "CSRF token missing."
	ReasonBadOrigin        = "Origin checking failed - %s does not match any trusted origins."
	ReasonNoReferer        = "Referer checking failed - no Referer."
	ReasonBadReferer       = "Referer checking failed - %s does not match any trusted origins."
	ReasonMalformedReferer = "Referer checking failed - Referer is malformed."
	ReasonInsecureReferer  = "Referer checking failed - Referer is insecure while host is secure."
)

// headerSource is how Django names the header in its reasons:
// HttpHeaders.parse_header_name("HTTP_X_CSRFTOKEN") in repr quotes.
const headerSource = "the 'X-Csrftoken' HTTP header"

// CheckCSRF applies Django 4.2's CsrfViewMiddleware.process_view to r and
// returns nil when Django would let the request through. Safe methods (GET,
// HEAD, OPTIONS, TRACE) always pass. Otherwise:
//
//   - an Origin header must be the request's own origin or one of
//     trustedOrigins (CSRF_TRUSTED_ORIGINS, "https://*.example.com" wildcards
//     included);
//   - without Origin, an HTTPS request needs a Referer from the same host or
//     a trusted one;
//   - the csrftoken cookie must be present and well formed, and the token in
//     the csrfmiddlewaretoken form field (POST forms) or the X-CSRFToken
//     header must match it, masked (64 characters) or not (32).
//
// The request is HTTPS when r.TLS is set. Behind a TLS-terminating proxy it
// is not, as for Django without SECURE_PROXY_SSL_HEADER: the public https
// origin must then be listed in trustedOrigins, as it is in Django's
// settings. For a POST form the body is parsed (r.PostFormValue), so callers
// should have bounded it with http.MaxBytesReader first.
//
// A rejection is a *fault.Error of kind KindForbidden whose message is
// Django's reason.
func CheckCSRF(r *http.Request, trustedOrigins []string) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return nil
	}
	if origins := r.Header.Values("Origin"); len(origins) > 0 {
		if !originVerified(r, origins[0], trustedOrigins) {
			return forbidden(fmt.Sprintf(ReasonBadOrigin, origins[0]))
		}
	} else if r.TLS != nil {
		if reason := checkReferer(r, trustedOrigins); reason != "" {
			return forbidden(reason)
		}
	}
	if reason := checkToken(r); reason != "" {
		return forbidden(reason)
	}
	return nil
}

// checkToken is CsrfViewMiddleware._check_token; it returns the reason for
// a rejection or "".
func checkToken(r *http.Request) string {
	cookie, ok := csrfCookie(r)
	if !ok {
		return ReasonNoCSRFCookie
	}
	if reason := tokenFormatError(cookie); reason != "" {
		return "CSRF cookie " + reason + "."
	}
	// Django before 4.0 stored the masked form in the cookie.
	secret := cookie
	if len(secret) == csrfTokenLength {
		secret = unmaskCipherToken(secret)
	}

	token, source := "", "POST"
	if r.Method == http.MethodPost && isFormContent(r) {
		token = r.PostFormValue(CSRFFormField)
	}
	if token == "" {
		values := r.Header.Values(CSRFHeaderName)
		if len(values) == 0 {
			return ReasonCSRFTokenMissing
		}
		token, source = values[0], headerSource
	}
	if reason := tokenFormatError(token); reason != "" {
		return badTokenReason(reason, source)
	}
	if len(token) == csrfTokenLength {
		token = unmaskCipherToken(token)
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(secret)) != 1 {
		return badTokenReason("incorrect", source)
	}
	return ""
}

// csrfCookie returns the last csrftoken cookie: Django's cookie parser
// keeps the last of duplicate names.
func csrfCookie(r *http.Request) (string, bool) {
	cookies := r.CookiesNamed(CSRFCookieName)
	if len(cookies) == 0 {
		return "", false
	}
	return cookies[len(cookies)-1].Value, true
}

// isFormContent reports whether Django would fill request.POST from the
// body; for any other type (JSON) the token can only come from the header.
func isFormContent(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && (mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data")
}

func badTokenReason(reason, source string) string {
	return "CSRF token from " + source + " " + reason + "."
}

func forbidden(reason string) error {
	return &fault.Error{Kind: fault.KindForbidden, Message: reason}
}
