package httpx

import (
	"errors"
	"fmt"
	"net/http"
)

// RedirectError is a 3xx answer. TrueUp never follows redirects: the request would carry the
// credentials (ConnectWise's Basic header, Pax8's client secret in a token POST) to wherever
// the Location points, possibly another host or plain http, and the base-URL rule (HTTPS
// only, except loopback) would be checked on the first address only. A redirect means the
// configured base URL is no longer the API's address, so it is not retried either.
type RedirectError struct {
	Method   string
	URL      string // the request's URL, without query string
	Status   int
	Location string // where the server pointed, resolved against URL, without query or user info; "" if it named nothing
	Host     string // Location's host
}

func (e *RedirectError) Error() string {
	if e.Host == "" {
		return fmt.Sprintf("the API answered %s %s with a redirect (HTTP %d) that names no usable address: check the base URL", e.Method, e.URL, e.Status)
	}
	return fmt.Sprintf("the API redirected to %s: update the base URL", e.Host)
}

// refuseRedirect is the CheckRedirect of every Client: the 3xx answer comes back to us as it
// is (its body unread), and once turns it into a *RedirectError before anything is re-sent.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// redirectError describes the 3xx answer resp to req.
func redirectError(req *http.Request, resp *http.Response) *RedirectError {
	e := &RedirectError{Method: req.Method, URL: redactURL(req), Status: resp.StatusCode}
	loc, err := resp.Location()
	if err != nil {
		if !errors.Is(err, http.ErrNoLocation) {
			e.Location = "(unreadable Location header)"
		}
		return e
	}
	loc.User = nil
	loc.RawQuery = ""
	loc.ForceQuery = false
	loc.Fragment = ""
	e.Location = loc.String()
	e.Host = loc.Host
	return e
}
