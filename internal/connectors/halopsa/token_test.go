package halopsa

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/sim"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
)

// The token request is the documented one: a form POST to /auth/token?tenant=... with the
// client credentials grant and scope=all.
func TestTokenRequestIsTheDocumentedOne(t *testing.T) {
	srv, _ := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
	var mu sync.Mutex
	var forms []url.Values
	var queries []url.Values
	var types []string
	h := srv.Handler()
	base := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.URL.Path, "/auth/token") {
			require.NoError(t, r.ParseForm())
			mu.Lock()
			forms, queries, types = append(forms, r.PostForm), append(queries, r.URL.Query()), append(types, r.Header.Get("Content-Type"))
			mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	require.NoError(t, newConn(t, base, halosim.DemoCredentials()).Test(t.Context()))
	require.Len(t, forms, 1)
	creds := halosim.DemoCredentials()
	assert.Equal(t, url.Values{"grant_type": {"client_credentials"}, "client_id": {creds.ClientID},
		"client_secret": {creds.ClientSecret}, "scope": {"all"}}, forms[0])
	assert.Equal(t, creds.Tenant, queries[0].Get("tenant"))
	assert.Equal(t, "application/x-www-form-urlencoded", types[0])
}

func TestTokenIsCachedUntilShortlyBeforeItExpires(t *testing.T) {
	clk := sim.NewClock(testToday.Add(9 * time.Hour))
	srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{Now: clk.Now, TokenTTL: time.Hour})
	c := newConn(t, base, halosim.DemoCredentials(), withClock(clk))

	_, err := runSync(t, c, full())
	require.NoError(t, err)
	require.NoError(t, c.Test(t.Context()))
	assert.Equal(t, 1, srv.TokensIssued(), "one token serves every call while it is fresh")

	// Within the last tenth of its lifetime (at most five minutes) the token is renewed
	// before it is used, so no call is sent with a token about to expire.
	clk.Advance(56 * time.Minute)
	before := srv.RequestsFor("/api/Client")
	require.NoError(t, c.Test(t.Context()))
	assert.Equal(t, 2, srv.TokensIssued())
	assert.Equal(t, before+1, srv.RequestsFor("/api/Client"), "the call went out once, with the new token")
}

func TestRevokedTokenIsRefreshedOnce(t *testing.T) {
	srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
	c := newConn(t, base, halosim.DemoCredentials())
	require.NoError(t, c.Test(t.Context()))
	srv.RevokeTokens()

	rec, err := runSync(t, c, full())
	require.NoError(t, err, "a 401 on a cached token gets a fresh token and one more try")
	assert.Empty(t, rec.Failures)
	assert.NotEmpty(t, rec.ServiceLines)
	assert.Equal(t, 2, srv.TokensIssued())
}

// A 401 that a fresh token does not cure is an AuthError, after exactly one refresh: the
// connector does not keep asking for tokens.
func TestPersistent401IsAnAuthErrorAfterOneRefresh(t *testing.T) {
	srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
	srv.AddFault(halosim.Fault{PathContains: "/api/Client", Status: http.StatusUnauthorized, Times: -1})
	err := newConn(t, base, halosim.DemoCredentials()).Test(t.Context())
	require.Error(t, err)
	assert.True(t, connector.IsAuth(err), "%T: %v", err, err)
	assert.Contains(t, connector.UserMessage(err), "Halo API")
	assert.Equal(t, 2, srv.TokensIssued())
	assert.EqualValues(t, 2, srv.RequestsFor("/api/Client"))
}

func TestRefusedCredentials(t *testing.T) {
	noTenant := halosim.DemoCredentials()
	noTenant.Tenant = ""
	tests := []struct {
		name  string
		creds halosim.Credentials
	}{
		{"wrong client secret", badSecret()},
		{"wrong client id", func() halosim.Credentials { c := halosim.DemoCredentials(); c.ClientID = "someone-else"; return c }()},
		{"wrong tenant", badTenant()},
		{"no tenant on a hosted instance", noTenant},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
			c := newConn(t, base, tc.creds)
			err := c.Test(t.Context())
			require.Error(t, err)
			assert.True(t, connector.IsAuth(err), "%T: %v", err, err)
			msg := connector.UserMessage(err)
			assert.Contains(t, msg, "tenant")
			assert.Contains(t, msg, "Configuration > Integrations > Halo API")
			assert.NotContains(t, msg, tc.creds.ClientSecret)

			rec, err := runSync(t, c, full())
			require.Error(t, err)
			assert.True(t, connector.IsAuth(err))
			assert.Empty(t, rec.Records, "nothing is read with refused credentials")
			assert.Zero(t, srv.RequestsFor("/api/"), "no API call without a token")
		})
	}
}

func TestTokenAnswers(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		wantAuth   bool
		wantErr    string
	}{
		{"400 invalid_client is a refused credential", `{"error":"invalid_client"}`, 400, true, "Halo API"},
		{"400 unsupported grant is not", `{"error":"unsupported_grant_type","error_description":"nope"}`, 400, false, "refused the token request"},
		{"no access_token", `{"token_type":"Bearer","expires_in":3600}`, 200, false, "no access_token"},
		{"not JSON", `<html>login</html>`, 200, false, "not a JSON object"},
		{"another token type", `{"access_token":"abc","token_type":"MAC"}`, 200, false, "another type than Bearer"},
		{"404: not an instance root", `{"message":"not found"}`, 404, false, "instance root"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
			srv.AddFault(halosim.Fault{PathContains: "/auth/token", Status: tc.status, Body: tc.body, Times: -1})
			err := newConn(t, base, halosim.DemoCredentials()).Test(t.Context())
			require.Error(t, err)
			assert.Equal(t, tc.wantAuth, connector.IsAuth(err), "%T: %v", err, err)
			assert.Contains(t, connector.UserMessage(err)+" "+err.Error(), tc.wantErr)
		})
	}
}

// A token answer without expires_in lives the default hour.
func TestTokenWithoutExpiry(t *testing.T) {
	clk := sim.NewClock(testToday)
	srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{Now: clk.Now})
	c := newConn(t, base, halosim.DemoCredentials(), withClock(clk))
	srv.AddFault(halosim.Fault{PathContains: "/auth/token", Status: 200, Body: `{"access_token":"tok-without-expiry","token_type":"Bearer"}`})
	hc := c.newRun(nil).http
	tok, err := c.token(t.Context(), hc)
	require.NoError(t, err)
	assert.Equal(t, "tok-without-expiry", tok)

	// Kept until five minutes before the hour is up, then replaced.
	clk.Advance(defaultTokenTTL - 5*time.Minute - time.Second)
	tok, err = c.token(t.Context(), hc)
	require.NoError(t, err)
	assert.Equal(t, "tok-without-expiry", tok)
	clk.Advance(time.Second)
	tok, err = c.token(t.Context(), hc)
	require.NoError(t, err)
	assert.NotEqual(t, "tok-without-expiry", tok)
}
