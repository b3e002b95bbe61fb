// Package httpx is the HTTP layer every connector shares: a per-integration limit on
// requests in flight, bounded retries with Retry-After and jittered exponential backoff,
// request counting, response size caps, and the base-URL policy (HTTPS only, except loopback,
// with no redirects).
package httpx

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// CheckBaseURL returns the cleaned base URL (no trailing slash) or an error that says what
// to fix. Plain http is refused unless the host is a loopback address, because credentials
// travel in every request.
func CheckBaseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fmt.Errorf("base URL is empty: enter the API address, e.g. https://api.example.com/v1")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("base URL %q is not a web address: it must start with https:// and include the host", raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("base URL must not contain a user name or password: put credentials in the secret fields")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" { // ForceQuery: a bare trailing "?"
		return "", fmt.Errorf("base URL %q must not contain a query (?...) or fragment (#...)", raw)
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		return "", fmt.Errorf("base URL %q uses plain http: use https:// (plain http is only allowed for 127.0.0.1/localhost)", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// IsLoopback reports whether host names this machine: a loopback IP, or "localhost" or a
// name under it, which TrueUp's dialer maps to loopback itself (see loopbackDialer).
func IsLoopback(host string) bool {
	if isLocalhostName(host) {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
