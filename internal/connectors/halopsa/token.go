package halopsa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/oauthtoken"
)

// defaultTokenTTL is used when the token answer has no usable expires_in (Halo's tokens
// are commonly issued for an hour).
const defaultTokenTTL = time.Hour

// token returns the cached access token, fetching a new one when none is cached or the
// cached one is close to expiry.
func (c *Connector) token(ctx context.Context, hc *httpx.Client) (string, error) {
	return c.tokens.Get(ctx, c.fetch(hc))
}

// fetch is fetchToken with hc, the run's client, for the token cache.
func (c *Connector) fetch(hc *httpx.Client) oauthtoken.Fetch {
	return func(ctx context.Context) (string, time.Duration, error) { return c.fetchToken(ctx, hc) }
}

// tokenURL is {instance}/auth/token, with ?tenant= when one is configured.
func (c *Connector) tokenURL() string {
	u := c.base + tokenPath
	if c.tenant != "" {
		u += "?" + url.Values{"tenant": {c.tenant}}.Encode()
	}
	return u
}

func (c *Connector) fetchToken(ctx context.Context, hc *httpx.Client) (string, time.Duration, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {c.clientID},
		"client_secret": {c.secret},
		"scope":         {"all"},
	}.Encode()
	// A client-credentials token POST changes nothing at Halo (it only issues a token), so
	// it is a read in effect and may be retried like one: DoIdempotent, not DoWrite.
	_, resp, err := hc.DoIdempotent(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.tokenURL(), strings.NewReader(form))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
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
// echoed back included. The access token goes to the redactor as soon as it is read.
func (c *Connector) parseToken(body []byte) (tokenResponse, error) {
	var tr tokenResponse
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return tr, fmt.Errorf("the HaloPSA token answer is not a JSON object: %s", baseURLTip)
	}
	if raw, ok := fields["access_token"]; ok && json.Unmarshal(raw, &tr.AccessToken) != nil {
		return tr, fmt.Errorf("the access_token of the HaloPSA token answer is not a string: %s", baseURLTip)
	}
	tr.AccessToken = strings.TrimSpace(tr.AccessToken)
	c.redactor.Add(tr.AccessToken)
	if tr.AccessToken == "" {
		return tr, fmt.Errorf("the HaloPSA token answer has no access_token: %s", baseURLTip)
	}
	if raw, ok := fields["token_type"]; ok && json.Unmarshal(raw, &tr.TokenType) != nil {
		return tr, fmt.Errorf("the token_type of the HaloPSA token answer is not a string: %s", baseURLTip)
	}
	if tt := strings.TrimSpace(tr.TokenType); tt != "" && !strings.EqualFold(tt, "Bearer") {
		return tr, fmt.Errorf("HaloPSA issued a token of another type than Bearer: %s", baseURLTip)
	}
	if raw, ok := fields["expires_in"]; ok && json.Unmarshal(raw, &tr.ExpiresIn) != nil {
		return tr, fmt.Errorf("the expires_in of the HaloPSA token answer is not a number of seconds: %s", baseURLTip)
	}
	return tr, nil
}

// OAuth error words that mean the credentials themselves were refused (RFC 6749 5.2).
var credentialErrors = map[string]bool{
	"access_denied": true, "invalid_client": true, "invalid_grant": true,
	"unauthorized_client": true, "unauthorized": true,
}

// tokenError maps a failed token request: 401/403, and 400 answers whose error word says
// the client was refused, are an AuthError with the credentials hint; a 404 means the
// base URL is not an instance root.
func (c *Connector) tokenError(ctx context.Context, err error) error {
	const what = "the HaloPSA token endpoint (/auth/token)"
	var se *httpx.StatusError
	if ctx.Err() == nil && errors.As(err, &se) {
		switch {
		case se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden:
			return &connector.AuthError{Status: se.Status, Hint: authHint, Err: c.statusDetail(se)}
		case se.Status == http.StatusBadRequest:
			e := parseAPIError(se.Body)
			if credentialErrors[strings.ToLower(e.code())] {
				return &connector.AuthError{Status: se.Status, Hint: authHint, Err: c.statusDetail(se)}
			}
			return fmt.Errorf("HaloPSA refused the token request: %w", c.statusDetail(se))
		}
	}
	return c.mapError(ctx, err, what, authHint)
}
