package pax8

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/sim"
	simpax8 "github.com/trueup/trueup/internal/sim/pax8"
)

func TestPagingBoundaries(t *testing.T) {
	tests := []struct {
		subs, pages int
		pageLog     string
	}{
		{0, 1, "1 page"},
		{199, 1, "1 page"},
		{200, 1, "1 page"},
		{201, 2, "2 pages"},
		{400, 2, "2 pages"},
		{401, 3, "3 pages"},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.subs), func(t *testing.T) {
			srv := simpax8.New(simpax8.LargeDataset(uint64(tt.subs)+1, 3, tt.subs, testToday), simpax8.Options{})
			var mu sync.Mutex
			var sizes []string
			subPages := 0
			base := recordingProxy(t, srv.Handler(), func(r *http.Request) {
				if r.Method != http.MethodGet || strings.HasPrefix(r.URL.Path, "/v1/products/") {
					return
				}
				mu.Lock()
				defer mu.Unlock()
				sizes = append(sizes, r.URL.Query().Get("size"))
				if r.URL.Path == "/v1/subscriptions" {
					assert.Equal(t, strconv.Itoa(subPages), r.URL.Query().Get("page"), "pages are read in order from 0")
					subPages++
				}
			})
			c := newConn(t, base, simpax8.DemoCredentials())
			rec, err := runSync(t, c, full())
			require.NoError(t, err)
			assert.Empty(t, rec.Failures)

			assert.Len(t, rec.Subscriptions, tt.subs)
			assert.Len(t, rec.Accounts, 3)
			assert.Equal(t, tt.pages, subPages)
			for _, s := range sizes {
				n, err := strconv.Atoi(s)
				require.NoError(t, err)
				assert.LessOrEqual(t, n, 200, "never ask for more than the documented maximum")
			}
			assert.Equal(t, tt.subs, rec.Progressed[sectionSubscriptions])
			assert.Contains(t, logText(rec, sectionSubscriptions, connector.LevelInfo), fmt.Sprintf("read %d subscriptions (%s)", tt.subs, tt.pageLog))
			assert.Contains(t, logText(rec, sectionCompanies, connector.LevelInfo), "read 3 companies (1 page)")
			assert.Equal(t, srv.Requests(), c.Requests())
		})
	}
}

// fakePax8 is a minimal, deliberately odd implementation of the documented API for the
// paging guards: list answers come from subs(page).
func fakePax8(t *testing.T, subs func(page int) string) (string, *int) {
	t.Helper()
	var mu sync.Mutex
	calls := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/v1/token":
			_, _ = w.Write([]byte(`{"access_token":"fake","expires_in":86400,"token_type":"Bearer"}`))
		case r.URL.Path == "/v1/companies":
			_, _ = w.Write([]byte(`{"content":[{"id":"c1","name":"Acme","status":"Active"}],"page":{"size":200,"totalElements":1,"totalPages":1,"number":0}}`))
		case r.URL.Path == "/v1/subscriptions":
			mu.Lock()
			calls++
			n := calls
			mu.Unlock()
			if n > 50 {
				t.Errorf("the connector kept paging (%d requests)", n)
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
			p, _ := strconv.Atoi(r.URL.Query().Get("page"))
			_, _ = w.Write([]byte(subs(p)))
		case strings.HasPrefix(r.URL.Path, "/v1/products/"):
			id := strings.TrimPrefix(r.URL.Path, "/v1/products/")
			_, _ = fmt.Fprintf(w, `{"id":%q,"name":"Product %s","vendorName":"Vendor"}`, id, id)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/v1", &calls
}

func subsJSON(from, n int) string {
	parts := make([]string, n)
	for i := range n {
		parts[i] = fmt.Sprintf(`{"id":"s%d","companyId":"c1","productId":"p1","quantity":1,"status":"Active"}`, from+i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestPagingGuards(t *testing.T) {
	tests := []struct {
		name      string
		page      func(p int) string
		wantCalls int
		wantSubs  int
		wantWarn  string
	}{
		{
			name: "stops on an empty page although totalPages promises more",
			page: func(p int) string {
				if p == 0 {
					return `{"content":` + subsJSON(0, 200) + `,"page":{"size":200,"totalElements":10000,"totalPages":50,"number":0}}`
				}
				return `{"content":[],"page":{"size":200,"totalElements":10000,"totalPages":50,"number":` + strconv.Itoa(p) + `}}`
			},
			wantCalls: 2, wantSubs: 200,
		},
		{
			name: "stops when the server ignores page and repeats itself",
			page: func(int) string {
				return `{"content":` + subsJSON(0, 200) + `}`
			},
			wantCalls: 2, wantSubs: 200, wantWarn: "again",
		},
		{
			name:      "stops on a short page when there is no page block",
			page:      func(p int) string { return `{"content":` + subsJSON(p*200, 150) + `}` },
			wantCalls: 1, wantSubs: 150,
		},
		{
			name: "follows totalPages when every page is full",
			page: func(p int) string {
				return `{"content":` + subsJSON(p*200, 200) + `,"page":{"size":200,"totalElements":600,"totalPages":3,"number":` + strconv.Itoa(p) + `}}`
			},
			wantCalls: 3, wantSubs: 600,
		},
		{
			name: "null content is an empty page",
			page: func(int) string {
				return `{"content":null,"page":{"size":200,"totalElements":0,"totalPages":0,"number":0}}`
			},
			wantCalls: 1, wantSubs: 0,
		},
		{
			name: "reads the pageInfo variant",
			page: func(p int) string {
				return `{"content":` + subsJSON(p*200, 200) + `,"pageInfo":{"page":` + strconv.Itoa(p) + `,"size":200,"totalPages":2,"totalRecords":400}}`
			},
			wantCalls: 2, wantSubs: 400,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, calls := fakePax8(t, tt.page)
			rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), full())
			require.NoError(t, err)
			assert.Empty(t, rec.Failures)
			assert.Equal(t, tt.wantCalls, *calls)
			assert.Len(t, rec.Subscriptions, tt.wantSubs)
			if tt.wantWarn != "" {
				assert.Contains(t, logText(rec, sectionSubscriptions, connector.LevelWarn), tt.wantWarn)
			}
		})
	}
}

func TestTokenIsCachedForTheRun(t *testing.T) {
	srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
	c := newConn(t, base, simpax8.DemoCredentials())
	rec, err := runSync(t, c, full())
	require.NoError(t, err)
	require.Empty(t, rec.Failures)
	assert.EqualValues(t, 1, srv.RequestsFor("/v1/token"), "one token per run")
	assert.Greater(t, srv.RequestsFor("/v1/products/"), int64(1), "products were read concurrently with the same token")

	require.NoError(t, c.Test(context.Background()))
	_, err = runSync(t, c, connector.Request{Mode: connector.ModeQuick, Since: testToday})
	require.NoError(t, err)
	assert.EqualValues(t, 1, srv.RequestsFor("/v1/token"), "the token is reused until shortly before it expires")
}

func TestTokenRefreshedAfterExpiry(t *testing.T) {
	t.Run("a 401 gets one new token and the call is repeated", func(t *testing.T) {
		srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
		c := newConn(t, base, simpax8.DemoCredentials())
		_, err := runSync(t, c, full())
		require.NoError(t, err)

		srv.ExpireTokens()
		rec, err := runSync(t, c, full())
		require.NoError(t, err)
		assert.Empty(t, rec.Failures)
		assert.NotEmpty(t, rec.Subscriptions)
		assert.EqualValues(t, 2, srv.RequestsFor("/v1/token"))
	})

	t.Run("the token is renewed shortly before expires_in", func(t *testing.T) {
		clk := sim.NewClock(testToday.Add(8 * time.Hour))
		srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{TokenTTL: time.Hour, Now: clk.Now})
		c := newConn(t, base, simpax8.DemoCredentials(), withClock(clk))
		require.NoError(t, c.Test(context.Background()))
		clk.Advance(50 * time.Minute)
		require.NoError(t, c.Test(context.Background()))
		assert.EqualValues(t, 1, srv.RequestsFor("/v1/token"))
		clk.Advance(6 * time.Minute) // within the last tenth of the hour
		require.NoError(t, c.Test(context.Background()))
		assert.EqualValues(t, 2, srv.RequestsFor("/v1/token"))
		assert.EqualValues(t, 3, srv.RequestsFor("/v1/companies"), "no request was refused on the way")
	})

	t.Run("a 401 that persists after a new token is an AuthError", func(t *testing.T) {
		srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
		srv.AddFault(simpax8.Fault{PathContains: "/v1/companies", Status: http.StatusUnauthorized, Times: -1})
		c := newConn(t, base, simpax8.DemoCredentials())
		_, err := runSync(t, c, full())
		require.Error(t, err)
		assert.True(t, connector.IsAuth(err), "got %T: %v", err, err)
		assert.EqualValues(t, 2, srv.RequestsFor("/v1/token"))
		assert.EqualValues(t, 2, srv.RequestsFor("/v1/companies"))
	})
}

func TestBadCredentials(t *testing.T) {
	srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
	bad := badCreds()
	check := func(t *testing.T, err error) {
		t.Helper()
		require.Error(t, err)
		var ae *connector.AuthError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, http.StatusUnauthorized, ae.Status)
		assert.Equal(t, authHint, ae.Hint)
		assert.Contains(t, err.Error(), "Settings > Integrations")
		assert.Contains(t, err.Error(), "Unauthorized", "Pax8's own message is kept")
		assert.NotContains(t, err.Error(), bad.ClientSecret)
		assert.NotContains(t, err.Error(), bad.ClientID)
	}
	c := newConn(t, base, bad)
	t.Run("Test", func(t *testing.T) { check(t, c.Test(context.Background())) })
	t.Run("Sync", func(t *testing.T) {
		rec, err := runSync(t, c, full())
		check(t, err)
		assert.Empty(t, rec.Accounts)
		assert.Empty(t, rec.Subscriptions)
		assert.NotContains(t, logText(rec, "", ""), bad.ClientSecret)
	})
	assert.EqualValues(t, 0, srv.RequestsFor("/v1/companies"), "nothing is read without a token")

	tests := []struct {
		name     string
		status   int
		body     string
		wantAuth bool
	}{
		{"403 from the token endpoint", http.StatusForbidden, `{"error":"access_denied","error_description":"Service not enabled"}`, true},
		{"400 invalid_client", http.StatusBadRequest, `{"error":"invalid_client","error_description":"Client authentication failed"}`, true},
		{"400 in the Partner API envelope", http.StatusBadRequest, `{"type":"UNAUTHORIZED","message":"bad client","status":400,"details":[]}`, true},
		{"400 for a malformed request", http.StatusBadRequest, `{"error":"invalid_request","error_description":"audience is required"}`, false},
		{"404: wrong base URL", http.StatusNotFound, `{"type":"NOT_FOUND","message":"No such path","instance":"/token","status":404,"details":[]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
			srv.AddFault(simpax8.Fault{PathContains: "/v1/token", Status: tt.status, Body: tt.body, Times: -1})
			err := newConn(t, base, simpax8.DemoCredentials()).Test(context.Background())
			require.Error(t, err)
			assert.Equal(t, tt.wantAuth, connector.IsAuth(err), "%v", err)
			if tt.status == http.StatusNotFound {
				var nf *connector.NotFoundError
				require.ErrorAs(t, err, &nf)
				assert.Contains(t, err.Error(), DefaultBaseURL)
			}
		})
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		fault     simpax8.Fault
		path      string
		wantWaits []time.Duration // exact waits; nil means only count them
		waits     int
	}{
		{"429 without Retry-After, then success", simpax8.Fault{PathContains: "/v1/subscriptions", Status: 429}, "/v1/subscriptions", nil, 1},
		{"429 with Retry-After is honoured", simpax8.Fault{PathContains: "/v1/subscriptions", Status: 429, RetryAfter: "7"}, "/v1/subscriptions", []time.Duration{7 * time.Second}, 1},
		{"503 twice, then success", simpax8.Fault{PathContains: "/v1/companies", Status: 503, Times: 2}, "/v1/companies", nil, 2},
		{"408 on the token, then success", simpax8.Fault{PathContains: "/v1/token", Status: 408}, "/v1/token", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
			srv.AddFault(tt.fault)
			sl := &sleeps{}
			c := newConn(t, base, simpax8.DemoCredentials(), withSleeps(sl))
			rec, err := runSync(t, c, full())
			require.NoError(t, err)
			assert.Empty(t, rec.Failures)
			assert.NotEmpty(t, rec.Accounts)
			assert.NotEmpty(t, rec.Subscriptions)
			waits := sl.All()
			assert.Len(t, waits, tt.waits)
			if tt.wantWaits != nil {
				assert.Equal(t, tt.wantWaits, waits)
			}
			for _, w := range waits {
				assert.Positive(t, w)
			}
			assert.EqualValues(t, tt.waits+1, srv.RequestsFor(tt.path))
			assert.Len(t, strings.Split(strings.TrimSpace(logText(rec, "http", connector.LevelWarn)), "\n"), tt.waits, "each retry is logged")
			assert.Contains(t, logText(rec, "http", connector.LevelWarn), "HTTP ")
		})
	}
}

func TestPersistentRateLimitFailsTheSectionOnly(t *testing.T) {
	srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
	srv.AddFault(simpax8.Fault{PathContains: "/v1/subscriptions", Status: 429, Times: -1})
	rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), connector.Request{Mode: connector.ModeQuick, Since: testToday})
	require.NoError(t, err)
	require.Len(t, rec.Failures, 1)
	f := rec.Failures[0]
	assert.Equal(t, sectionSubscriptions, f.Section)
	assert.Equal(t, connector.Scope{Entity: connector.EntitySubscriptions}, f.Scope)
	var rl *connector.RateLimitedError
	assert.ErrorAs(t, f.Err, &rl)
	assert.True(t, connector.IsTransient(f.Err))
	assert.NotEmpty(t, rec.Accounts)
	assert.Empty(t, rec.Subscriptions)
	assert.Equal(t, []connector.Scope{{Entity: connector.EntityAccounts}}, rec.Completed)
	assert.EqualValues(t, 6, srv.RequestsFor("/v1/subscriptions"), "1 try + 5 retries")
}

func TestProductLookupFailure(t *testing.T) {
	data := simpax8.DemoDataset(testToday)
	broken := data.Subscriptions[0].ProductID
	brokenName := data.Subscriptions[0].ProductName

	t.Run("subscriptions without their own product name are held back, their companies failed", func(t *testing.T) {
		d := data.Clone()
		accounts := map[string]bool{}
		for i := range d.Subscriptions {
			if d.Subscriptions[i].ProductID == broken {
				d.Subscriptions[i].ProductName = ""
				accounts[d.Subscriptions[i].CompanyID] = true
			}
		}
		srv, base := startSim(t, d, simpax8.Options{})
		srv.AddFault(simpax8.Fault{PathContains: "/v1/products/" + broken, Status: 500, Times: -1})
		rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), connector.Request{Mode: connector.ModeQuick, Since: testToday})
		require.NoError(t, err)

		require.Len(t, rec.Failures, len(accounts), "one failed scope per company with such a subscription")
		for _, f := range rec.Failures {
			assert.Equal(t, sectionProducts, f.Section)
			assert.Equal(t, connector.EntitySubscriptions, f.Scope.Entity)
			assert.True(t, accounts[f.Scope.ParentID], "scope %v", f.Scope)
			assert.Contains(t, f.Err.Error(), broken)
			assert.True(t, connector.IsTransient(f.Err))
		}
		assert.Contains(t, logText(rec, sectionProducts, connector.LevelWarn), "could not read product "+broken)
		assert.Contains(t, logText(rec, sectionProducts, connector.LevelWarn), "keep the product name already on this computer")

		held := 0
		for _, s := range d.Subscriptions {
			if s.ProductID == broken {
				held++
			}
		}
		require.Positive(t, held)
		assert.Len(t, rec.Subscriptions, len(d.Subscriptions)-held, "the others are still written")
		for _, s := range rec.Subscriptions {
			assert.NotEqual(t, broken, s.ProductID, "a subscription whose product could not be read is not written")
			assert.NotContains(t, s.ProductName, "Unknown")
		}
		assert.Equal(t, []connector.Scope{{Entity: connector.EntityAccounts}}, rec.Completed, "subscriptions are not complete")
		assert.EqualValues(t, 6, srv.RequestsFor("/v1/products/"+broken), "the product is read once per run, with retries")
	})

	t.Run("subscriptions that carry productName keep it", func(t *testing.T) {
		srv, base := startSim(t, data, simpax8.Options{})
		srv.AddFault(simpax8.Fault{PathContains: "/v1/products/" + broken, Status: 500, Times: -1})
		rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), full())
		require.NoError(t, err)
		assert.Empty(t, rec.Failures)
		assert.Contains(t, logText(rec, sectionProducts, connector.LevelWarn), broken)
		for _, s := range rec.Subscriptions {
			if s.ProductID == broken {
				assert.Equal(t, brokenName, s.ProductName)
			}
		}
	})

	t.Run("a refused product lookup fails the run", func(t *testing.T) {
		srv, base := startSim(t, data, simpax8.Options{})
		srv.AddFault(simpax8.Fault{PathContains: "/v1/products/" + broken, Status: 403, Times: -1})
		_, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), full())
		require.Error(t, err)
		var ae *connector.AuthError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, http.StatusForbidden, ae.Status)
	})
}

func TestBrokenSubscriptionsPage(t *testing.T) {
	srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
	srv.AddFault(simpax8.Fault{PathContains: "/v1/subscriptions", Status: http.StatusOK, Body: `{"content":[{"id":`, Times: -1})
	rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), connector.Request{Mode: connector.ModeQuick, Since: testToday})
	require.NoError(t, err)
	require.Len(t, rec.Failures, 1)
	assert.Equal(t, sectionSubscriptions, rec.Failures[0].Section)
	assert.Equal(t, connector.Scope{Entity: connector.EntitySubscriptions}, rec.Failures[0].Scope)
	assert.Contains(t, rec.Failures[0].Err.Error(), "not valid JSON")
	assert.NotEmpty(t, rec.Accounts, "companies are still written")
	assert.Empty(t, rec.Subscriptions)
	assert.Equal(t, []connector.Scope{{Entity: connector.EntityAccounts}}, rec.Completed)
	assert.Contains(t, logText(rec, sectionSubscriptions, connector.LevelError), "kept as they were")
	assert.EqualValues(t, 0, srv.RequestsFor("/v1/products/"))
}

func TestBrokenCompaniesPageStillReadsSubscriptions(t *testing.T) {
	srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
	srv.AddFault(simpax8.Fault{PathContains: "/v1/companies", Status: 502, Times: -1})
	rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), connector.Request{Mode: connector.ModeQuick, Since: testToday})
	require.NoError(t, err)
	require.Len(t, rec.Failures, 1)
	assert.Equal(t, sectionCompanies, rec.Failures[0].Section)
	assert.Equal(t, connector.Scope{Entity: connector.EntityAccounts}, rec.Failures[0].Scope)
	var te *connector.TransientError
	assert.ErrorAs(t, rec.Failures[0].Err, &te)
	assert.Empty(t, rec.Accounts)
	assert.NotEmpty(t, rec.Subscriptions)
	assert.ElementsMatch(t, []connector.Scope{{Entity: connector.EntityProducts}, {Entity: connector.EntitySubscriptions}}, rec.Completed)
}

func TestQuickSyncReadsEverythingAndCompletes(t *testing.T) {
	clk := sim.NewClock(testToday.Add(10 * time.Hour))
	data := simpax8.DemoDataset(testToday)
	srv, base := startSim(t, data, simpax8.Options{Now: clk.Now})
	c := newConn(t, base, simpax8.DemoCredentials())
	since := clk.Now()
	clk.Advance(time.Minute)
	subs := srv.Snapshot().Subscriptions
	require.NoError(t, srv.SetQuantity(subs[0].ID, subs[0].Quantity+2))
	require.NoError(t, srv.TouchSubscription(subs[1].ID))

	rec, err := runSync(t, c, connector.Request{Mode: connector.ModeQuick, Since: since})
	require.NoError(t, err)
	assert.Empty(t, rec.Failures)
	assert.Len(t, rec.Subscriptions, len(data.Subscriptions), "everything is Put; the engine keeps what differs")
	assert.Len(t, rec.Accounts, len(data.Companies))
	assert.ElementsMatch(t, []connector.Scope{{Entity: connector.EntityAccounts}, {Entity: connector.EntitySubscriptions}, {Entity: connector.EntityProducts}}, rec.Completed)
	info := logText(rec, sectionSubscriptions, connector.LevelInfo)
	assert.Contains(t, info, fmt.Sprintf("Pax8 has no change filter: read all %d subscriptions and compared them with the cache on this computer", len(data.Subscriptions)))
	assert.Contains(t, info, fmt.Sprintf("2 of %d subscriptions have an updatedDate after", len(data.Subscriptions)))
	for _, s := range rec.Subscriptions {
		if s.ID == subs[0].ID {
			assert.Equal(t, subs[0].Quantity+2, s.Quantity)
			assert.True(t, clk.Now().Equal(s.UpdatedAt), "updatedAt %s", s.UpdatedAt)
		}
	}
}

func TestSinceSyncWritesOnlyRecordsChangedSinceTheDate(t *testing.T) {
	clk := sim.NewClock(testToday.Add(10 * time.Hour))
	srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{Now: clk.Now})
	since := clk.Now()
	clk.Advance(time.Hour)
	subs := srv.Snapshot().Subscriptions
	require.NoError(t, srv.SetQuantity(subs[2].ID, 99))
	require.NoError(t, srv.CancelSubscription(subs[5].ID))
	require.NoError(t, srv.DeleteCompany(srv.Snapshot().Companies[3].ID))

	rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), connector.Request{Mode: connector.ModeSince, Since: since})
	require.NoError(t, err)
	assert.Empty(t, rec.Failures)
	assert.Empty(t, rec.Completed, "a since-date run does not claim completeness")

	require.Len(t, rec.Accounts, 1)
	assert.True(t, rec.Accounts[0].Deleted)
	assert.Equal(t, "Deleted", rec.Accounts[0].Status)

	ids := rec.IDs(connector.EntitySubscriptions)
	assert.Contains(t, ids, subs[2].ID)
	assert.Contains(t, ids, subs[5].ID)
	for _, s := range rec.Subscriptions {
		assert.False(t, s.UpdatedAt.Before(since), "%s updated %s", s.ID, s.UpdatedAt)
		if s.ID == subs[5].ID {
			assert.Equal(t, "Cancelled", s.Status)
			assert.False(t, s.Active)
			assert.Equal(t, "2026-03-15", s.EndDate)
		}
	}
	assert.Contains(t, logText(rec, sectionSubscriptions, connector.LevelInfo), fmt.Sprintf("kept the %d updated on or after", len(ids)))
}

func TestFullSyncMapping(t *testing.T) {
	data := simpax8.DemoDataset(testToday)
	_, base := startSim(t, data, simpax8.Options{})
	rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), full())
	require.NoError(t, err)
	require.Empty(t, rec.Failures)
	assert.Empty(t, rec.Completed)

	products := map[string]simpax8.Product{}
	for _, p := range data.Products {
		products[p.ID] = p
	}
	want := map[string]simpax8.Subscription{}
	for _, s := range data.Subscriptions {
		want[s.ID] = s
	}
	require.Len(t, rec.Subscriptions, len(want))
	statuses := map[string]bool{}
	for _, s := range rec.Subscriptions {
		w := want[s.ID]
		assert.Equal(t, w.CompanyID, s.AccountID)
		assert.Equal(t, w.ProductID, s.ProductID)
		assert.Equal(t, products[w.ProductID].Name, s.ProductName)
		assert.Equal(t, w.Quantity, s.Quantity)
		assert.Equal(t, w.Status, s.Status)
		assert.Equal(t, w.Status == "Active", s.Active)
		assert.Equal(t, w.BillingTerm, s.BillingTerm)
		assert.Equal(t, w.StartDate.Format("2006-01-02"), s.StartDate)
		assert.Equal(t, w.Price, s.Price)
		assert.Equal(t, w.PartnerCost, s.Cost)
		assert.Equal(t, "USD", s.Currency)
		assert.True(t, w.UpdatedDate.Truncate(time.Millisecond).Equal(s.UpdatedAt), "updatedDate %s vs %s", w.UpdatedDate, s.UpdatedAt)
		assert.JSONEq(t, mustJSON(t, w), string(s.Raw), "Raw is the record as received")
		statuses[s.Status] = true
	}
	assert.True(t, statuses["Trial"] && statuses["PendingManual"] && statuses["Cancelled"])

	for _, a := range rec.Accounts {
		assert.Equal(t, a.Status == "Active", a.Active)
		assert.False(t, a.Deleted)
		assert.False(t, a.UpdatedAt.IsZero())
	}
	assert.Equal(t, len(data.Products), rec.Progressed[sectionProducts]+countUnused(data))
}

func countUnused(d *simpax8.Dataset) int {
	used := map[string]bool{}
	for _, s := range d.Subscriptions {
		used[s.ProductID] = true
	}
	return len(d.Products) - len(used)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestDocumentedShapes feeds records shaped like the published examples (offsets without
// a colon, plain-date createdDate, missing updatedDate and partnerCost, numbers as strings,
// an unknown status) through a fake server.
func TestDocumentedShapes(t *testing.T) {
	companies := `{"content":[
	 {"id":"9ba32659-d339-4539-be21-1f461dc1a415","name":"112 Cloud Communications Backup","status":"Active","externalId":"A123","billOnBehalfOfEnabled":true,"updatedDate":"2023-08-11T11:33:12.314-0600"},
	 {"id":"e74bc79a-71ce-414e-a8e9-d6a155933f86","name":"0633 - Citizens State Bank","status":"Inactive"},
	 {"id":"e74bc79a-0000-414e-a8e9-d6a155933f86","name":"","status":"Deleted","updatedDate":"2024-01-02T03:04:05Z"}
	],"page":{"size":10,"totalElements":3,"totalPages":1,"number":0}}`
	subs := `{"content":[
	 {"id":"09ac6f1d-c30a-4d03-9882-145a4df71735","companyId":"9ba32659-d339-4539-be21-1f461dc1a415","productId":"p-1","quantity":5,"startDate":"2021-01-01T08:30:00Z","createdDate":"2020-12-03","billingStart":"2021-01-01","status":"PendingAutomated","price":150,"currencyCode":"USD","productName":"Microsoft 365 Business Standard","billingTerm":"Monthly"},
	 {"id":"e8f372b6-e2aa-4f3c-9baa-b34f31c921e5","companyId":"9ba32659-d339-4539-be21-1f461dc1a415","productId":"p-2","quantity":"1","startDate":"2020-11-12T08:30:00Z","endDate":"2020-11-18","createdDate":"2020-12-01T13:20:13.153-0700","updatedDate":"2020-12-10T03:12:14.453-0300","status":"active","price":"100.50","partnerCost":null,"billingTerm":"Monthly","commitmentTerm":{"term":"Annual","endDate":"2021-11-11T00:00:00Z"}},
	 {"id":12345,"companyId":"9ba32659-d339-4539-be21-1f461dc1a415","productId":"p-1","quantity":2.5,"status":"SomethingNew","billingTerm":"Quarterly"},
	 {"id":"a0d3b1c2-0000-4d03-9882-145a4df71735","companyId":"9ba32659-d339-4539-be21-1f461dc1a415","productId":"p-404","quantity":1,"status":"Active","billingTerm":"Monthly"}
	],"page":{"size":10,"totalElements":4,"totalPages":1,"number":0}}`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/token":
			_, _ = w.Write([]byte(`{"access_token":"doc","expires_in":"86400","token_type":"bearer"}`))
		case "/v1/companies":
			_, _ = w.Write([]byte(companies))
		case "/v1/subscriptions":
			_, _ = w.Write([]byte(subs))
		case "/v1/products/p-1":
			_, _ = w.Write([]byte(`{"id":"p-1","name":"Microsoft 365 Business Standard (NCE)","vendorName":"Microsoft","sku":"MST-365-BS"}`))
		case "/v1/products/p-2":
			_, _ = w.Write([]byte(`{"id":"p-2","vendorName":"Microsoft","sku":"MST-X"}`))
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"type":"NOT_FOUND","message":"Product not found","instance":"` + r.URL.Path + `","status":404,"details":[]}`))
		}
	}))
	t.Cleanup(ts.Close)

	rec, err := runSync(t, newConn(t, ts.URL+"/v1", simpax8.DemoCredentials()), full())
	require.NoError(t, err)
	require.Len(t, rec.Accounts, 3)
	a := rec.Accounts[0]
	assert.Equal(t, "112 Cloud Communications Backup", a.Name)
	assert.True(t, a.Active)
	assert.Equal(t, time.Date(2023, 8, 11, 17, 33, 12, 314e6, time.UTC), a.UpdatedAt)
	assert.False(t, rec.Accounts[1].Active)
	assert.True(t, rec.Accounts[1].UpdatedAt.IsZero())
	assert.True(t, rec.Accounts[2].Deleted)
	assert.NotEmpty(t, rec.Accounts[2].Name, "a nameless company still gets a name")

	require.Len(t, rec.Subscriptions, 3, "p-404 cannot be read and its subscription carries no name: it is not written")
	s0, s1, s2 := rec.Subscriptions[0], rec.Subscriptions[1], rec.Subscriptions[2]
	assert.Equal(t, "Microsoft 365 Business Standard (NCE)", s0.ProductName, "the product record's name wins")
	assert.Equal(t, "2021-01-01", s0.StartDate)
	assert.Equal(t, "", s0.EndDate)
	assert.Equal(t, time.Date(2020, 12, 3, 0, 0, 0, 0, time.UTC), s0.UpdatedAt, "createdDate when there is no updatedDate")
	assert.Equal(t, "PendingAutomated", s0.Status)
	assert.False(t, s0.Active)
	assert.Zero(t, s0.Cost)

	assert.True(t, s1.Active, "status is compared case-insensitively")
	assert.Equal(t, 1.0, s1.Quantity)
	assert.Equal(t, 100.5, s1.Price)
	assert.Equal(t, "2020-11-18", s1.EndDate)
	assert.Equal(t, time.Date(2020, 12, 10, 6, 12, 14, 453e6, time.UTC), s1.UpdatedAt)
	assert.Equal(t, "Unknown product p-2", s1.ProductName, "Pax8 returned the product without a name")
	assert.Contains(t, logText(rec, sectionProducts, connector.LevelWarn), "product p-2 without a name")

	assert.Equal(t, "12345", s2.ID)
	assert.Equal(t, "SomethingNew", s2.Status)
	assert.Equal(t, "Quarterly", s2.BillingTerm)
	assert.Equal(t, 2.5, s2.Quantity)

	require.Len(t, rec.Failures, 1, "p-404 cannot be read and no subscription carries its name")
	assert.Equal(t, sectionProducts, rec.Failures[0].Section)
	assert.Equal(t, connector.Scope{Entity: connector.EntitySubscriptions, ParentID: "9ba32659-d339-4539-be21-1f461dc1a415"}, rec.Failures[0].Scope)
	var nf *connector.NotFoundError
	assert.ErrorAs(t, rec.Failures[0].Err, &nf)
}

func TestCancelledMidRun(t *testing.T) {
	_, base := startSim(t, simpax8.LargeDataset(9, 20, 2000, testToday), simpax8.Options{Latency: 30 * time.Millisecond})
	c := newConn(t, base, simpax8.DemoCredentials())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	startAt := time.Now()
	err := c.Sync(ctx, full(), &connectortest.Recorder{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	assert.Less(t, time.Since(startAt), 2*time.Second)
}

func TestConcurrencyIsBounded(t *testing.T) {
	srv := simpax8.New(simpax8.LargeDataset(5, 10, 600, testToday), simpax8.Options{Latency: 5 * time.Millisecond})
	var mu sync.Mutex
	inFlight, peak := 0, 0
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		h.ServeHTTP(w, r)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	t.Cleanup(ts.Close)
	rec, err := runSync(t, newConn(t, ts.URL+"/v1", simpax8.DemoCredentials(), withConcurrency(2)), full())
	require.NoError(t, err)
	require.Len(t, rec.Subscriptions, 600)
	assert.LessOrEqual(t, peak, 2)
	assert.Equal(t, 2, peak, "products are read in parallel up to the limit")
}
