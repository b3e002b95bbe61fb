package connectwise

import (
	"context"
	"errors"
	"net/http"
	"slices"
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
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

func TestFullSyncDemoTenant(t *testing.T) {
	today := time.Now()
	srv := startSim(t, cwsim.DemoDataset(today), cwsim.Options{})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	rec := fullSync(t, c)
	require.Empty(t, rec.Failures)

	accounts := map[string]connector.Account{}
	for _, a := range rec.Accounts {
		accounts[a.Name] = a
	}
	agreements := map[string][]connector.Agreement{}
	for _, a := range rec.Agreements {
		agreements[a.AccountID] = append(agreements[a.AccountID], a)
	}
	lines := map[string][]connector.ServiceLine{}
	for _, l := range rec.ServiceLines {
		lines[l.AgreementID] = append(lines[l.AgreementID], l)
	}
	for _, cust := range sim.DemoCustomers() {
		a, ok := accounts[cust.Name]
		require.True(t, ok, cust.Name)
		_, err := strconv.Atoi(a.ID)
		assert.NoError(t, err, "ids are decimal strings")
		ag := agreements[a.ID][0]
		main := lines[ag.ID]
		switch cust.Situation {
		case sim.Prospect:
			assert.True(t, a.Prospect)
			assert.Equal(t, "Prospect", a.Type)
		case sim.VendorTagged:
			assert.True(t, a.Vendor, "type Vendor carries vendorFlag")
		case sim.InactiveCompany:
			assert.False(t, a.Active)
			assert.Equal(t, "Inactive", a.Status)
		case sim.ExpiredAgreement:
			assert.Equal(t, "Expired", ag.Status)
			assert.NotEmpty(t, ag.EndDate)
			assert.Len(t, ag.EndDate, 10)
		case sim.FutureAgreement:
			assert.Greater(t, ag.StartDate, today.Format("2006-01-02"))
		case sim.CancelledAgreement:
			assert.True(t, ag.Cancelled)
		case sim.ZeroQuantity:
			assert.True(t, slices.ContainsFunc(main, func(l connector.ServiceLine) bool { return l.Quantity == 0 }))
		case sim.CancelledAddition:
			// The cancelled date is stored as ConnectWise has it; the visibility rules judge it.
			assert.True(t, slices.ContainsFunc(main, func(l connector.ServiceLine) bool {
				return !l.Cancelled && l.CancelledDate != "" && l.CancelledDate <= today.Format("2006-01-02")
			}))
		default:
			assert.True(t, a.Active)
			assert.False(t, a.Vendor || a.Prospect || a.Deleted)
			assert.Equal(t, "Customer", a.Type)
			assert.Equal(t, "Active", ag.Status)
			assert.Empty(t, ag.EndDate, "noEndingDateFlag means no end date")
			assert.False(t, slices.ContainsFunc(main, func(l connector.ServiceLine) bool { return l.Cancelled || l.CancelledDate != "" }))
		}
		for _, l := range main {
			assert.Equal(t, a.ID, l.AccountID)
			assert.NotEmpty(t, l.ProductID)
			assert.NotEmpty(t, l.ProductName)
			assert.False(t, l.UpdatedAt.IsZero())
		}
	}
	partner := accounts["Lakeshore IT Partners"]
	assert.Equal(t, "Partner", partner.Type)
	assert.False(t, partner.Vendor)

	assert.Contains(t, rec.Completed, connector.Scope{Entity: connector.EntityAccounts})
	assert.Contains(t, rec.Completed, connector.Scope{Entity: connector.EntityAgreements})
	assert.Contains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines})
	assert.Contains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines, ParentID: rec.Agreements[0].ID})
	assert.Equal(t, len(rec.Agreements), rec.Progressed["additions"])
	assert.Contains(t, logTexts(rec, "companies"), "read 37 companies (1 page)")
	assert.Contains(t, strings.Join(logTexts(rec, "types"), "\n"), "vendor types: Vendor")
	assert.Equal(t, srv.Requests(), c.Requests(), "the connector counts every request it sends")
}

func TestRawIsTheRecordAsReceived(t *testing.T) {
	srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	rec := fullSync(t, c)
	require.NotEmpty(t, rec.ServiceLines)
	raw := string(rec.ServiceLines[0].Raw)
	assert.True(t, strings.HasPrefix(raw, `{"id":`+rec.ServiceLines[0].ID+`,`), raw)
	assert.Contains(t, raw, `"_info":{"lastUpdated":`)
}

func TestPagingBoundaries(t *testing.T) {
	tests := []struct {
		companies int
		omitLink  bool
		requests  int64 // company list requests
	}{
		{1000, false, 1}, // the empty Link header of the last page ends the list
		{1001, false, 2},
		{2000, false, 2},
		{1000, true, 2}, // without a Link header the list ends on an empty page
		{1001, true, 3},
		{2000, true, 3},
		{999, true, 2},
	}
	for _, tc := range tests {
		t.Run(strconv.Itoa(tc.companies)+map[bool]string{true: "-no-link"}[tc.omitLink], func(t *testing.T) {
			srv := startSim(t, cwsim.LargeDataset(1, tc.companies, 0, 0, testToday), cwsim.Options{OmitLinkHeader: tc.omitLink})
			c, _ := newConn(t, srv, cwsim.DemoCredentials())
			rec := fullSync(t, c)
			ids := rec.IDs(connector.EntityAccounts)
			assert.Len(t, ids, tc.companies)
			assert.Len(t, slices.Compact(slices.Sorted(slices.Values(ids))), tc.companies, "no duplicates")
			got := srv.RequestsFor("/company/companies") - srv.RequestsFor("/company/companies/types")
			assert.Equal(t, tc.requests, got)
		})
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		fault     cwsim.Fault
		wantWaits func(t *testing.T, w []time.Duration)
		wantLog   string
	}{
		{
			name:  "429 with Retry-After",
			fault: cwsim.Fault{PathContains: "/finance/agreements?", Status: 429, Times: 1, RetryAfter: "7"},
			wantWaits: func(t *testing.T, w []time.Duration) {
				assert.Equal(t, []time.Duration{7 * time.Second}, w)
			},
			wantLog: "HTTP 429 (rate limited; Retry-After) for /finance/agreements: waiting 7s before retry 1",
		},
		{
			name:  "429 without Retry-After backs off",
			fault: cwsim.Fault{PathContains: "/finance/agreements?", Status: 429, Times: 2},
			wantWaits: func(t *testing.T, w []time.Duration) {
				require.Len(t, w, 2)
				assert.GreaterOrEqual(t, w[0], 250*time.Millisecond)
				assert.LessOrEqual(t, w[0], 500*time.Millisecond)
				assert.GreaterOrEqual(t, w[1], 500*time.Millisecond)
				assert.LessOrEqual(t, w[1], time.Second)
			},
			wantLog: "HTTP 429 (rate limited) for /finance/agreements",
		},
		{
			name:  "5xx twice then success",
			fault: cwsim.Fault{PathContains: "/company/companies?", Status: 503, Times: 2},
			wantWaits: func(t *testing.T, w []time.Duration) {
				assert.Len(t, w, 2)
			},
			wantLog: "HTTP 503 for /company/companies",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
			c, sl := newConn(t, srv, cwsim.DemoCredentials())
			want := fullSync(t, c)
			srv.AddFault(tc.fault)
			rec := fullSync(t, c)
			assert.Empty(t, rec.Failures)
			assert.ElementsMatch(t, want.IDs(connector.EntityAccounts), rec.IDs(connector.EntityAccounts))
			assert.ElementsMatch(t, want.IDs(connector.EntityAgreements), rec.IDs(connector.EntityAgreements))
			assert.ElementsMatch(t, want.IDs(connector.EntityServiceLines), rec.IDs(connector.EntityServiceLines))
			tc.wantWaits(t, sl.All())
			assert.Contains(t, strings.Join(logTexts(rec, "http"), "\n"), tc.wantLog)
		})
	}
}

func TestOneAgreementFails(t *testing.T) {
	tests := []struct {
		name    string
		fault   cwsim.Fault
		errKind func(error) bool
	}{
		{"persistent 500", cwsim.Fault{Status: 500, Times: -1}, func(err error) bool {
			var te *connector.TransientError
			return errors.As(err, &te)
		}},
		{"bad JSON", cwsim.Fault{Body: "{not json", Times: -1}, func(err error) bool {
			return strings.Contains(err.Error(), "not a JSON list")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
			c, _ := newConn(t, srv, cwsim.DemoCredentials())
			want := linesByAgreement(fullSync(t, c))
			bad := strconv.Itoa(srv.AgreementIDs()[3])
			tc.fault.PathContains = "/finance/agreements/" + bad + "/additions"
			srv.AddFault(tc.fault)

			rec := fullSync(t, c)
			require.Len(t, rec.Failures, 1)
			f := rec.Failures[0]
			assert.Equal(t, "additions", f.Section)
			assert.Equal(t, connector.Scope{Entity: connector.EntityServiceLines, ParentID: bad}, f.Scope)
			assert.True(t, tc.errKind(f.Err), "%T: %v", f.Err, f.Err)
			got := linesByAgreement(rec)
			assert.NotContains(t, got, bad)
			delete(want, bad)
			assert.Equal(t, want, got, "every other agreement's additions are present")
			assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines}, "not all lines were read")
			assert.Contains(t, strings.Join(logTexts(rec, "additions"), "\n"), "agreement "+bad)
		})
	}
}

func TestAgreementDeletedWhileSyncing(t *testing.T) {
	srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
	gone := strconv.Itoa(srv.AgreementIDs()[2])
	srv.AddFault(cwsim.Fault{PathContains: "/finance/agreements/" + gone + "/additions", Status: 404, Times: -1})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	rec := fullSync(t, c)
	assert.Empty(t, rec.Failures)
	assert.NotContains(t, linesByAgreement(rec), gone)
	assert.Contains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines, ParentID: gone})
	assert.Contains(t, strings.Join(logTexts(rec, "additions"), "\n"), "agreement "+gone)
}

func TestListFailuresFailTheirSection(t *testing.T) {
	tests := []struct {
		name      string
		fault     cwsim.Fault
		wantFails []connector.Scope
		wantErr   func(error) bool
		accounts  bool
	}{
		{
			name:      "companies keep failing",
			fault:     cwsim.Fault{PathContains: "/company/companies?", Status: 500, Times: -1},
			wantFails: []connector.Scope{{Entity: connector.EntityAccounts}},
			wantErr:   func(err error) bool { var te *connector.TransientError; return errors.As(err, &te) },
		},
		{
			name:      "companies keep being rate-limited",
			fault:     cwsim.Fault{PathContains: "/company/companies?", Status: 429, Times: -1, RetryAfter: "1"},
			wantFails: []connector.Scope{{Entity: connector.EntityAccounts}},
			wantErr:   func(err error) bool { var re *connector.RateLimitedError; return errors.As(err, &re) },
		},
		{
			name:      "company types fail",
			fault:     cwsim.Fault{PathContains: "/company/companies/types", Status: 502, Times: -1},
			wantFails: []connector.Scope{{Entity: connector.EntityAccounts}},
			wantErr:   connector.IsTransient,
		},
		{
			name:      "agreements fail: additions are skipped",
			fault:     cwsim.Fault{PathContains: "/finance/agreements?", Status: 500, Times: -1},
			wantFails: []connector.Scope{{Entity: connector.EntityAgreements}, {Entity: connector.EntityServiceLines}},
			wantErr:   connector.IsTransient,
			accounts:  true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
			srv.AddFault(tc.fault)
			c, _ := newConn(t, srv, cwsim.DemoCredentials())
			rec := fullSync(t, c)
			var scopes []connector.Scope
			for _, f := range rec.Failures {
				scopes = append(scopes, f.Scope)
			}
			assert.Equal(t, tc.wantFails, scopes)
			assert.True(t, tc.wantErr(rec.Failures[0].Err), "%T: %v", rec.Failures[0].Err, rec.Failures[0].Err)
			assert.Equal(t, tc.accounts, len(rec.Accounts) > 0)
			assert.NotContains(t, rec.Completed, tc.wantFails[0])
			if !tc.accounts {
				assert.NotEmpty(t, rec.Agreements, "agreements are read even when companies fail")
				assert.NotEmpty(t, rec.ServiceLines)
			}
		})
	}
}

func TestAuthErrorsFailTheRun(t *testing.T) {
	srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
	creds := badCreds()

	t.Run("401", func(t *testing.T) {
		c, _ := newConn(t, srv, creds)
		for _, err := range []error{
			c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &retainSink{}),
			c.Test(context.Background()),
		} {
			var ae *connector.AuthError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, 401, ae.Status)
			assert.Contains(t, err.Error(), "System > Members > API Members")
			assert.Contains(t, err.Error(), "clientId")
			assert.NotContains(t, err.Error(), creds.PrivateKey)
			assert.NotContains(t, err.Error(), creds.PublicKey)
		}
	})

	t.Run("403 on agreements", func(t *testing.T) {
		srv.AddFault(cwsim.Fault{PathContains: "/finance/agreements", Status: 403, Times: -1})
		defer srv.ClearFaults()
		c, _ := newConn(t, srv, cwsim.DemoCredentials())
		rec := &retainSink{}
		err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec)
		var ae *connector.AuthError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 403, ae.Status)
		assert.Contains(t, err.Error(), "security role lacks access to /finance/agreements")
		assert.Contains(t, err.Error(), "Finance > Agreements")
		assert.Contains(t, err.Error(), "You do not have access", "ConnectWise's own message is kept")
		assert.Empty(t, rec.Failures)
		assert.ErrorAs(t, c.Test(context.Background()), &ae)
	})

	t.Run("wrong base URL", func(t *testing.T) {
		c, err := New(config(strings.TrimSuffix(srv.BaseURL(), "/apis/3.0"), cwsim.DemoCredentials()))
		require.NoError(t, err)
		err = c.Test(context.Background())
		var nf *connector.NotFoundError
		require.ErrorAs(t, err, &nf)
		assert.Contains(t, err.Error(), "/apis/3.0")
	})
}

func TestQuickSync(t *testing.T) {
	ctx := context.Background()
	srv := startSim(t, cwsim.LargeDataset(2, 500, 800, 6000, testToday), cwsim.Options{})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	full := fullSync(t, c)
	since := newestStamp(full)
	window := since.Add(-overlap)

	touchedCompanies, touchedAgreements := srv.ChangeFraction(0.01, 9)
	require.Len(t, touchedCompanies, 5)
	require.Len(t, touchedAgreements, 8)
	wantCompanies := idStrings(touchedCompanies)
	for _, a := range full.Accounts {
		if a.UpdatedAt.After(window) && !slices.Contains(wantCompanies, a.ID) {
			wantCompanies = append(wantCompanies, a.ID) // inside the overlap window
		}
	}
	wantAgreements := idStrings(touchedAgreements)
	for _, a := range full.Agreements {
		if a.UpdatedAt.After(window) && !slices.Contains(wantAgreements, a.ID) {
			wantAgreements = append(wantAgreements, a.ID)
		}
	}

	// Deletions at the source: a company (with its agreements) and one agreement.
	goneCompany := srv.CompanyIDs()[10]
	goneAgreement := srv.AgreementIDs()[20]
	require.NoError(t, srv.DeleteCompany(goneCompany))
	require.NoError(t, srv.DeleteAgreement(goneAgreement))
	// A removed addition on a changed agreement.
	changedAg, _ := strconv.Atoi(wantAgreements[0])
	if adds := srv.AdditionIDs(changedAg); len(adds) > 0 {
		require.NoError(t, srv.DeleteAddition(changedAg, adds[0]))
	}

	additionsBefore := srv.RequestsFor("/additions")
	rec := &retainSink{}
	require.NoError(t, c.Sync(ctx, connector.Request{Mode: connector.ModeQuick, Since: since}, rec))
	require.Empty(t, rec.Failures)

	wantCompanies = slices.DeleteFunc(wantCompanies, func(id string) bool { return id == strconv.Itoa(goneCompany) })
	assert.ElementsMatch(t, wantCompanies, rec.IDs(connector.EntityAccounts), "only changed companies are read")
	gotAgreements := rec.IDs(connector.EntityAgreements)
	existing := slices.DeleteFunc(slices.Clone(wantAgreements), func(id string) bool {
		return !slices.Contains(srv.AgreementIDs(), atoi(id))
	})
	assert.ElementsMatch(t, existing, gotAgreements, "only changed agreements are read")
	assert.Equal(t, int64(len(gotAgreements)), srv.RequestsFor("/additions")-additionsBefore,
		"one additions request per changed agreement")

	for _, id := range gotAgreements {
		assert.Contains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines, ParentID: id})
	}
	assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityAccounts}, "a QuickSync never claims the whole entity")
	assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityAgreements})
	assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines})

	// Deletions reach the sink through Retain.
	assert.ElementsMatch(t, idStrings(srv.CompanyIDs()), rec.Retained[connector.EntityAccounts])
	assert.ElementsMatch(t, idStrings(srv.AgreementIDs()), rec.Retained[connector.EntityAgreements])
	assert.NotContains(t, rec.Retained[connector.EntityAccounts], strconv.Itoa(goneCompany))
	assert.NotContains(t, rec.Retained[connector.EntityAgreements], strconv.Itoa(goneAgreement))

	// The re-read lines of the changed agreement are exactly what the source holds now.
	assert.ElementsMatch(t, idStrings(srv.AdditionIDs(changedAg)), linesByAgreement(rec)[strconv.Itoa(changedAg)])

	logs := strings.Join(logTexts(rec, ""), "\n")
	assert.Contains(t, logs, "QuickSync: "+strconv.Itoa(len(wantCompanies))+" companies changed since "+stamp(window)+" (5-minute overlap)")
	assert.Contains(t, logs, "picked up by the next Full Sync")
	assert.Contains(t, logs, "deletion check: 499 companies exist at the source")
}

func TestQuickSyncWithoutRetainer(t *testing.T) {
	srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	plain := &connectortest.Recorder{}
	require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeQuick, Since: testToday}, plainSink{plain}))
	assert.Contains(t, strings.Join(logTexts(plain, "companies"), "\n"), "deletions of companies are picked up by the next Full Sync")
	assert.Empty(t, plain.Accounts)
}

func TestSinceDateSync(t *testing.T) {
	srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	since := testToday.AddDate(0, 0, -60)
	rec := &retainSink{}
	require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeSince, Since: since}, rec))
	require.NotEmpty(t, rec.Accounts)
	for _, a := range rec.Accounts {
		assert.True(t, a.UpdatedAt.After(since), "company %s stamped %s", a.ID, a.UpdatedAt)
	}
	assert.Contains(t, strings.Join(logTexts(rec, "companies"), "\n"), "since "+stamp(since)+" (chosen date)")
}

func TestCancelStopsPromptly(t *testing.T) {
	srv := startSim(t, cwsim.LargeDataset(3, 50, 400, 2000, testToday), cwsim.Options{Latency: 20 * time.Millisecond})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(150*time.Millisecond, cancel)
	started := time.Now()
	rec := &retainSink{}
	err := c.Sync(ctx, connector.Request{Mode: connector.ModeFull}, rec)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(started), 2*time.Second)
	assert.Empty(t, rec.Failures, "cancellation is not a section failure")
}

func idStrings(ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.Itoa(id)
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Independent implementations of the API may lack the optional endpoints: the connection
// test and the sync must still work from the documented list endpoints.
func TestOptionalEndpointsMissing(t *testing.T) {
	srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
	srv.AddFault(cwsim.Fault{PathContains: "/system/info", Status: 404, Times: -1})
	srv.AddFault(cwsim.Fault{PathContains: "/company/companies/types", Status: 404, Times: -1})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	require.NoError(t, c.Test(context.Background()))

	rec := &connectortest.Recorder{}
	require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec))
	assert.Empty(t, rec.Failures, "a missing types endpoint must not make every sync partial")
	assert.Contains(t, strings.Join(logTexts(rec, "types"), "\n"), "recognised by their type names")
	kinds := map[string]bool{}
	for _, a := range rec.Accounts {
		if a.Vendor {
			kinds["vendor"] = true
		}
		if a.Prospect {
			kinds["prospect"] = true
		}
	}
	assert.Equal(t, map[string]bool{"vendor": true, "prospect": true}, kinds, "type names still classify companies")

	srv.ClearFaults()
	srv.AddFault(cwsim.Fault{PathContains: "/company/companies?", Status: 404, Times: -1})
	err := c.Test(context.Background())
	var nf *connector.NotFoundError
	assert.ErrorAs(t, err, &nf, "a missing companies endpoint still fails the test: the base URL is wrong")
}

// deleteAfterFirst serves srv through a handler that deletes the first company once the
// first request whose URL contains match has been answered: a deletion at the source
// between two pages of one list.
func deleteAfterFirst(t *testing.T, srv *cwsim.Server, match string) string {
	t.Helper()
	var once sync.Once
	h := srv.Handler()
	return startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if strings.Contains(r.URL.RequestURI(), match) {
			once.Do(func() { require.NoError(t, srv.DeleteCompany(srv.CompanyIDs()[0])) })
		}
	})) + cwsim.PathPrefix
}

func TestDeletionBetweenPagesDropsNoLiveRecord(t *testing.T) {
	tests := []struct {
		name  string
		match string // the list whose first page is followed by the deletion
		req   connector.Request
		got   func(rec *retainSink) []string
	}{
		{"Full Sync company list", "/company/companies?pageSize", connector.Request{Mode: connector.ModeFull},
			func(rec *retainSink) []string { return rec.IDs(connector.EntityAccounts) }},
		{"QuickSync id sweep", "/company/companies?fields=id", connector.Request{Mode: connector.ModeQuick, Since: testToday},
			func(rec *retainSink) []string { return rec.Retained[connector.EntityAccounts] }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSim(t, cwsim.LargeDataset(1, 2500, 0, 0, testToday), cwsim.Options{})
			base := deleteAfterFirst(t, srv, tc.match)
			c, err := New(config(base, cwsim.DemoCredentials()))
			require.NoError(t, err)
			rec := &retainSink{}
			require.NoError(t, c.Sync(context.Background(), tc.req, rec))
			require.Len(t, srv.CompanyIDs(), 2499, "the deletion happened during the run")
			got := tc.got(rec)
			for _, id := range idStrings(srv.CompanyIDs()) {
				assert.Contains(t, got, id, "live company %s must not be dropped", id)
			}
		})
	}
}

func TestIncompleteSweepDeletesNothing(t *testing.T) {
	tests := []struct {
		name  string
		fault cwsim.Fault
	}{
		{"an error on the second page", cwsim.Fault{PathContains: "/company/companies?fields=id&pageId=", Status: 500, Times: -1}},
		{"a second page that starts over", cwsim.Fault{PathContains: "/company/companies?fields=id&pageId=", Body: `[{"id":1000},{"id":1001}]`, Times: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSim(t, cwsim.LargeDataset(1, 2500, 10, 0, testToday), cwsim.Options{})
			srv.AddFault(tc.fault)
			c, _ := newConn(t, srv, cwsim.DemoCredentials())
			rec := &retainSink{}
			require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeQuick, Since: testToday}, rec))
			assert.NotContains(t, rec.Retained, connector.EntityAccounts, "no deletion check from an incomplete sweep")
			for _, id := range idStrings(srv.CompanyIDs()) {
				require.False(t, rec.Drops(connector.EntityAccounts, id), "company %s", id)
			}
			assert.Contains(t, rec.Retained, connector.EntityAgreements, "the agreements sweep was complete")
			assert.Contains(t, strings.Join(logTexts(rec, "companies"), "\n"), "could not list the ids of companies")
		})
	}
}
