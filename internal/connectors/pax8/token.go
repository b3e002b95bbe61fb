package pax8

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/oauthtoken"
)

const (
	tokenAudience   = "https://api.pax8.com"
	defaultTokenTTL = 86400 * time.Second // the documented expires_in
)

// token returns a cached access token, fetching a new one when none is cached or the cached
// one is close to expiry.
func (c *Connector) token(ctx context.Context, hc *httpx.Client) (string, error) {
	return c.tokens.Get(ctx, c.fetch(hc))
}

// fetch is fetchToken with hc, the run's client, for the token cache.
func (c *Connector) fetch(hc *httpx.Client) oauthtoken.Fetch {
	return func(ctx context.Context) (string, time.Duration, error) { return c.fetchToken(ctx, hc) }
}

func (c *Connector) fetchToken(ctx context.Context, hc *httpx.Client) (string, time.Duration, error) {
	body, err := json.Marshal(map[string]string{
		"client_id":     c.clientID,
		"client_secret": c.secret,
		"audience":      tokenAudience,
		"grant_type":    "client_credentials",
	})
	if err != nil {
		return "", 0, fmt.Errorf("encode the Pax8 token request: %w", err)
	}
	// A client-credentials token POST changes nothing at Pax8 (it only issues a token), so
	// it is a read in effect and may be retried like one: DoIdempotent, not DoWrite.
	_, resp, err := hc.DoIdempotent(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/token", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "TrueUp")
		return req, nil
	})
	if err != nil {
		return "", 0, c.tokenError(ctx, err)
	}
	tr, err := c.parseToken(resp)
	if err != nil {
		return "", 0, err
	}
	ttl := time.Duration(float64(tr.ExpiresIn) * float64(time.Second))
	if ttl <= 0 {
		ttl = defaultTokenTTL
	}
	return tr.AccessToken, ttl, nil
}

// parseToken reads a token answer field by field. Its errors never quote what the server
// sent: an answer that is not the documented one may hold anything, the credentials
// echoed back included, and a quoted prefix of a secret is beyond any redaction. The
// access token is given to the redactor as soon as it is read, before anything can fail.
func (c *Connector) parseToken(body []byte) (tokenResponse, error) {
	var tr tokenResponse
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return tr, fmt.Errorf("the Pax8 token answer is not a JSON object: check the base URL is %s", DefaultBaseURL)
	}
	if raw, ok := fields["access_token"]; ok && json.Unmarshal(raw, &tr.AccessToken) != nil {
		return tr, fmt.Errorf("the access_token of the Pax8 token answer is not a string: check the base URL is %s", DefaultBaseURL)
	}
	tr.AccessToken = strings.TrimSpace(tr.AccessToken)
	c.redactor.Add(tr.AccessToken)
	if tr.AccessToken == "" {
		return tr, fmt.Errorf("the Pax8 token answer has no access_token: check the base URL is %s", DefaultBaseURL)
	}
	if raw, ok := fields["token_type"]; ok && json.Unmarshal(raw, &tr.TokenType) != nil {
		return tr, fmt.Errorf("the token_type of the Pax8 token answer is not a string: check the base URL is %s", DefaultBaseURL)
	}
	if tt := strings.TrimSpace(tr.TokenType); tt != "" && !strings.EqualFold(tt, "Bearer") {
		return tr, fmt.Errorf("Pax8 issued a token of another type than Bearer: check the base URL is %s", DefaultBaseURL)
	}
	if raw, ok := fields["expires_in"]; ok && json.Unmarshal(raw, &tr.ExpiresIn) != nil {
		return tr, fmt.Errorf("the expires_in of the Pax8 token answer is not a number of seconds: check the base URL is %s", DefaultBaseURL)
	}
	return tr, nil
}

// OAuth error words that mean the credentials themselves were refused.
var credentialErrors = map[string]bool{
	"access_denied": true, "invalid_client": true, "invalid_grant": true,
	"unauthorized_client": true, "unauthorized": true, "forbidden": true,
}

// tokenError maps a failed token request: 401/403, and 400 answers whose error word says
// the client was refused, are an AuthError with the credentials hint.
func (c *Connector) tokenError(ctx context.Context, err error) error {
	const what = "the Pax8 token endpoint"
	var se *httpx.StatusError
	if ctx.Err() == nil && errors.As(err, &se) {
		switch {
		case se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden:
			return &connector.AuthError{Status: se.Status, Hint: authHint, Err: c.statusDetail(se)}
		case se.Status == http.StatusBadRequest:
			if credentialErrors[strings.ToLower(parseAPIError(se.Body).code())] {
				return &connector.AuthError{Status: se.Status, Hint: authHint, Err: c.statusDetail(se)}
			}
			return fmt.Errorf("Pax8 refused the token request: %w", c.statusDetail(se))
		}
	}
	return c.mapError(ctx, err, what, authHint)
}
