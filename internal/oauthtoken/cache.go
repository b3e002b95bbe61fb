// Package oauthtoken caches a connector's OAuth access token between calls.
package oauthtoken

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/httpx"
)

// Fetch asks the token endpoint for a new access token and says how long it lives.
type Fetch func(ctx context.Context) (token string, ttl time.Duration, err error)

// Cache holds one access token and fetches a new one when none is held or the held one is
// close to expiry.
//
// Fetches are serialised by a one-slot semaphore rather than a mutex, for two reasons.
// Concurrent callers (a sync sends several requests at once) wait for the one fetch in
// progress and then share its token, instead of each asking the token endpoint; where the
// grant rotates a refresh token, two redemptions at once would leave one of them holding a
// dead refresh token. And a caller waiting for that fetch still honours its context: a
// cancelled run does not sit behind a slow token endpoint. Fetches never overlap, so state
// the Fetch itself keeps (a refresh token) needs no lock of its own.
type Cache struct {
	name     string
	now      func() time.Time
	fetching chan struct{} // one slot, held by the Get that checks and, if need be, fetches

	mu        sync.Mutex // guards token and refreshAt; never held across a fetch
	token     string
	refreshAt time.Time
}

// New returns an empty cache. name says in errors which token it holds ("a Pax8 access
// token"); now is the clock for expiry.
func New(name string, now func() time.Time) *Cache {
	return &Cache{name: name, now: now, fetching: make(chan struct{}, 1)}
}

// Get returns the cached token, or one from fetch when none is cached or the cached one is
// due for refresh. fetch's error is returned as it is, and nothing is cached. When ctx ends
// while Get waits for another caller's fetch, the error is "get <name>: <ctx.Err()>".
func (c *Cache) Get(ctx context.Context, fetch Fetch) (string, error) {
	select {
	case c.fetching <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("get %s: %w", c.name, ctx.Err())
	}
	defer func() { <-c.fetching }()
	c.mu.Lock()
	tok, fresh := c.token, c.now().Before(c.refreshAt)
	c.mu.Unlock()
	if tok != "" && fresh {
		return tok, nil
	}
	tok, ttl, err := fetch(ctx)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.token, c.refreshAt = tok, c.now().Add(ttl-margin(ttl))
	c.mu.Unlock()
	return tok, nil
}

// margin is how long before expiry a token is refreshed: a tenth of its lifetime, at most
// five minutes, so that no request goes out with a token about to expire.
func margin(ttl time.Duration) time.Duration { return min(ttl/10, 5*time.Minute) }

// Drop forgets tok if it is still the cached token (a 401 said it no longer works); a token
// fetched since is kept. Drop takes no context and never waits for a fetch in progress: it
// only takes the short lock on the cached token.
func (c *Cache) Drop(tok string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token == tok {
		c.token = ""
	}
}

// Use runs call with a token from Get. When call's error says the server refused the token
// (see Refused), Use drops it and runs call once more with a fresh one: tokens can be
// revoked or expire early. A second refusal is not retried. getErr is Get's error, as Get
// returned it; err is call's last error, for the caller to map.
func (c *Cache) Use(ctx context.Context, fetch Fetch, call func(token string) error) (getErr, err error) {
	tok, getErr := c.Get(ctx, fetch)
	if getErr != nil {
		return getErr, nil
	}
	err = call(tok)
	if !Refused(err) {
		return nil, err
	}
	c.Drop(tok)
	if tok, getErr = c.Get(ctx, fetch); getErr != nil {
		return getErr, nil
	}
	return nil, call(tok)
}

// Refused reports whether err is a 401 answer, which says the token was refused before
// anything was done; a write whose outcome is unknown is not that, even if a 401 is in it.
func Refused(err error) bool {
	var se *httpx.StatusError
	return errors.As(err, &se) && se.Status == http.StatusUnauthorized && !errors.As(err, new(*httpx.UnknownOutcomeError))
}
