package microsoft

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func redeem(t *testing.T, base, refresh string) (int, map[string]any) {
	t.Helper()
	c := DemoCredentials()
	resp, err := http.PostForm(base+"/"+DemoTenantID+"/oauth2/v2.0/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {c.AppID}, "client_secret": {c.AppSecret}, "refresh_token": {refresh}})
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

func TestTokenEndpointRotatesTheRefreshTokenAndRefusesTheOldOne(t *testing.T) {
	srv := New(DemoDataset(time.Now()), Options{})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	status, body := redeem(t, hs.URL, DemoCredentials().RefreshToken)
	require.Equal(t, http.StatusOK, status)
	next, _ := body["refresh_token"].(string)
	require.NotEmpty(t, next)
	assert.Equal(t, next, srv.RefreshToken())

	status, body = redeem(t, hs.URL, DemoCredentials().RefreshToken)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", body["error"])
	assert.Contains(t, body["error_description"], "AADSTS70008")

	status, _ = redeem(t, hs.URL, next)
	assert.Equal(t, http.StatusOK, status)
}

func TestCustomersPagesWithContinuationTokensAndRefusesAForgedOne(t *testing.T) {
	srv := New(DemoDataset(time.Now()), Options{PageSize: 7})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	_, tok := redeem(t, hs.URL, DemoCredentials().RefreshToken)
	get := func(query, ct string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, hs.URL+"/v1/customers?"+query, nil)
		req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
		req.Header.Set("MS-RequestId", "r")
		req.Header.Set("MS-CorrelationId", "c")
		if ct != "" {
			req.Header.Set("MS-ContinuationToken", ct)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return resp.StatusCode, out
	}
	seen := 0
	ct := ""
	for {
		q := "size=100"
		if ct != "" {
			q += "&seekOperation=Next"
		}
		status, page := get(q, ct)
		require.Equal(t, http.StatusOK, status)
		seen += len(page["items"].([]any))
		next, _ := page["continuationToken"].(string)
		if next == "" {
			break
		}
		ct = next
	}
	assert.Equal(t, len(srv.Snapshot().Customers), seen)
	status, _ := get("size=5&seekOperation=Next", "forged")
	assert.Equal(t, http.StatusBadRequest, status)
}

func TestDemoDatasetHasTheNCECases(t *testing.T) {
	ds := DemoDataset(time.Date(2026, 3, 15, 9, 0, 0, 0, time.UTC))
	require.NotEmpty(t, ds.Customers)
	var expired, refundable, addon, drift bool
	for _, s := range ds.Subscriptions {
		expired = expired || s.Status == "expired"
		refundable = refundable || (s.RefundableQuantity != nil && s.RefundableQuantity.TotalQuantity > 0)
		addon = addon || s.ParentSubscriptionID != ""
		drift = drift || !strings.Contains(" none active pending suspended expired disabled deleted ", " "+s.Status+" ")
		assert.NotEmpty(t, s.OfferName)
		assert.Contains(t, []string{"P1M", "P1Y", "P3Y"}, s.TermDuration)
	}
	assert.True(t, expired && refundable && addon && drift, "renewal %v refundable %v add-on %v drift %v", expired, refundable, addon, drift)
}
