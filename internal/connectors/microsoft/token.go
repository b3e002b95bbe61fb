package microsoft

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

// scope is what the access token is for: the Partner Center API.
const scope = "https://api.partnercenter.microsoft.com/.default offline_access"

const defaultTokenTTL = time.Hour

// token returns a cached access token, redeeming the refresh token when none is cached or
// the cached one is close to expiry.
func (c *Connector) token(ctx context.Context, hc *httpx.Client) (string, error) {
	return c.tokens.Get(ctx, c.fetch(hc))
}

// fetch redeems the refresh token with hc, the run's client, for the token cache. The cache
// never runs two fetches at once, and c.refresh relies on that: two redemptions at once
// would each rotate the refresh token, and one of them would present a dead one.
func (c *Connector) fetch(hc *httpx.Client) oauthtoken.Fetch {
	return func(ctx context.Context) (string, time.Duration, error) {
		tr, err := c.redeem(ctx, hc, c.refresh)
		if err != nil {
			return "", 0, err
		}
		if tr.RefreshToken != "" && tr.RefreshToken != c.refresh {
			if err := c.storeRefresh(ctx, tr.RefreshToken); err != nil {
				return "", 0, err
			}
		}
		ttl := time.Duration(float64(tr.ExpiresIn) * float64(time.Second))
		if ttl <= 0 {
			ttl = defaultTokenTTL
		}
		return tr.AccessToken, ttl, nil
	}
}

// storeRefresh makes rt the refresh token presented from now on and saves it in the
// keychain at once. The save does not follow ctx's cancellation: Entra has already issued
// rt, and a cancelled run must not leave the keychain with the token it replaced.
func (c *Connector) storeRefresh(ctx context.Context, rt string) error {
	c.redactor.Add(rt)
	c.refresh = rt
	if c.saveSecret == nil {
		return nil
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := c.saveSecret(sctx, SecretRefreshToken, rt); err != nil {
		return fmt.Errorf("Microsoft issued a new refresh token but TrueUp could not store it in the keychain (unlock the keychain and try again; if this keeps failing, redo the Secure Application Model consent and set the new refresh token): %w", err)
	}
	return nil
}

type tokenResponse struct {
	AccessToken  string
	RefreshToken string
	TokenType    string
	ExpiresIn    float64
}

// redeem presents the refresh token at the Entra token endpoint (refresh_token grant).
func (c *Connector) redeem(ctx context.Context, hc *httpx.Client, refresh string) (tokenResponse, error) {
	form := url.Values{
		"grant_type": {"refresh_token"}, "client_id": {c.appID}, "client_secret": {c.appSecret},
		"refresh_token": {refresh}, "scope": {scope},
	}.Encode()
	// Not retried: a redemption that reached Entra may have rotated the refresh token, and
	// presenting the old one again would be refused. DoWrite never replays a sent request.
	_, body, err := hc.DoWrite(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.tokenURL, strings.NewReader(form))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "TrueUp")
		return req, nil
	})
	if err != nil {
		return tokenResponse{}, c.tokenError(ctx, err)
	}
	return c.parseToken(body)
}

// parseToken reads a token answer field by field. Its errors never quote what the server
// sent (it may echo the credentials); the tokens go to the redactor as soon as they are read.
func (c *Connector) parseToken(body []byte) (tokenResponse, error) {
	const check = "check the token URL (leave it empty for Microsoft Entra)"
	var tr tokenResponse
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return tr, errors.New("the token answer is not a JSON object: " + check)
	}
	for key, dst := range map[string]*string{"access_token": &tr.AccessToken, "refresh_token": &tr.RefreshToken, "token_type": &tr.TokenType} {
		if raw, ok := fields[key]; ok && json.Unmarshal(raw, dst) != nil {
			return tr, fmt.Errorf("the %s of the token answer is not a string: %s", key, check)
		}
		*dst = strings.TrimSpace(*dst)
	}
	c.redactor.Add(tr.AccessToken, tr.RefreshToken)
	if tr.AccessToken == "" {
		return tr, errors.New("the token answer has no access_token: " + check)
	}
	if tr.TokenType != "" && !strings.EqualFold(tr.TokenType, "Bearer") {
		return tr, errors.New("the token endpoint issued a token of another type than Bearer: " + check)
	}
	if raw, ok := fields["expires_in"]; ok && json.Unmarshal(raw, &tr.ExpiresIn) != nil {
		// Entra has sent expires_in as a string in some versions; accept that too.
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return tr, errors.New("the expires_in of the token answer is not a number of seconds: " + check)
		}
		fmt.Sscan(s, &tr.ExpiresIn)
	}
	return tr, nil
}

const authHint = "Microsoft Entra refused the app ID, client secret or refresh token: check the app registration's ID and secret, and if the refresh token expired (90 days unused) or was revoked, redo the Secure Application Model consent and set the new refresh token in TrueUp"

// tokenError maps a failed redemption: 401/403 and the OAuth error words that mean the
// credentials were refused (invalid_grant: an expired, revoked or replaced refresh token)
// are an AuthError.
func (c *Connector) tokenError(ctx context.Context, err error) error {
	// DoWrite's unknown-outcome wrapper speaks of PSA changes; for a token request what
	// matters is what happened underneath.
	var uo *httpx.UnknownOutcomeError
	if errors.As(err, &uo) {
		err = uo.Err
	}
	var se *httpx.StatusError
	if ctx.Err() == nil && errors.As(err, &se) {
		code := strings.ToLower(parseAPIError(se.Body).code)
		switch {
		case se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden,
			se.Status == http.StatusBadRequest && credentialErrors[code]:
			return &connector.AuthError{Status: se.Status, Hint: authHint, Err: c.statusDetail(se)}
		case se.Status == http.StatusBadRequest:
			return fmt.Errorf("Microsoft Entra refused the token request: %w", c.statusDetail(se))
		}
	}
	return c.mapError(ctx, err, "the Microsoft Entra token endpoint")
}

var credentialErrors = map[string]bool{
	"invalid_grant": true, "invalid_client": true, "unauthorized_client": true, "access_denied": true,
}
