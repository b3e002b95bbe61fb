package autotask

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
)

// The zone is asked for once and remembered; every other call goes to the zone's url.
// When the database moves to another zone, the next call's 404 re-discovers it once.
func TestZoneDiscovery(t *testing.T) {
	srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{})
	c, _ := newConn(t, srv, atsim.DemoCredentials())
	require.NoError(t, c.Test(context.Background()))
	rec := fullSync(t, c)
	assert.NotEmpty(t, rec.ServiceLines)
	assert.Equal(t, int64(1), srv.RequestsFor("ZoneInformation"), "the zone is remembered")
	assert.Equal(t, srv.Requests()-1, srv.RequestsFor("/zone5/ATServicesRest/V1.0/"), "everything else goes to the zone")

	srv.MoveZone()
	rec = fullSync(t, c)
	assert.Empty(t, rec.Failures)
	assert.NotEmpty(t, rec.ServiceLines)
	assert.Equal(t, int64(2), srv.RequestsFor("ZoneInformation"), "re-discovered once")
	assert.NotZero(t, srv.RequestsFor("/zone6/ATServicesRest/V1.0/Companies/query"))
}

// A zone that disappears for good (the zone lookup names it again) fails the run.
func TestZoneThatStaysGoneFailsTheRun(t *testing.T) {
	srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{})
	srv.AddFault(atsim.Fault{PathContains: "/zone5/", Status: http.StatusNotFound, Times: -1})
	c, _ := newConn(t, srv, atsim.DemoCredentials())
	err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &retainSink{})
	require.Error(t, err)
	assert.LessOrEqual(t, srv.RequestsFor("ZoneInformation"), int64(6), "one re-discovery per failed call at most: the usage reading, the company types and three lists")
}

func TestUnknownUserName(t *testing.T) {
	srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{})
	creds := atsim.DemoCredentials()
	creds.UserName = "nobody@example.com"
	c, sl := newConn(t, srv, creds)
	err := c.Test(context.Background())
	require.True(t, connector.IsAuth(err), "%v", err)
	assert.Contains(t, connector.UserMessage(err), `could not find the zone of the API user "nobody@example.com"`)
	assert.Contains(t, err.Error(), "Zone information could not be determined", "Autotask's own words are quoted")
	assert.Empty(t, sl.All(), "a validation answer (HTTP 500 with errors) is not retried")
}

// Refused credentials fail Test and the run with an AuthError whose hint follows the seed
// guide; an inactive or locked API user is told to be re-enabled, never recreated.
func TestAuthFailures(t *testing.T) {
	const recreate = "re-enable the API user or reset its secret in Autotask; do not delete and recreate it (that breaks the integration)"
	tests := []struct {
		name  string
		creds atsim.Credentials
		state atsim.UserState
		want  string
	}{
		{"bad secret", badCreds(), atsim.UserActive, "check the user name, the integration code (the API tracking identifier) and the secret"},
		{"inactive user", atsim.DemoCredentials(), atsim.UserInactive, "the Autotask API user is inactive or locked: " + recreate},
		{"locked user", atsim.DemoCredentials(), atsim.UserLocked, "the Autotask API user is inactive or locked: " + recreate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{})
			srv.SetUserState(tc.state)
			c, sl := newConn(t, srv, tc.creds)
			err := c.Test(context.Background())
			require.True(t, connector.IsAuth(err), "%v", err)
			assert.Contains(t, connector.UserMessage(err), tc.want)
			rec := &retainSink{}
			err = c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec)
			require.True(t, connector.IsAuth(err), "%v", err)
			assert.Contains(t, connector.UserMessage(err), tc.want)
			assert.Contains(t, connector.UserMessage(err), recreate)
			assert.Empty(t, rec.Failures)
			assert.Empty(t, sl.All(), "a 401 is not retried")
		})
	}
}

// A 401 stops every further call of the integration at once: requests in flight finish,
// nothing new is sent, by this run or any later call of the connector.
func TestA401StopsEveryCall(t *testing.T) {
	srv := startSim(t, atsim.LargeDataset(4, 200, 2600, 5000, testToday), atsim.Options{})
	srv.AddFault(atsim.Fault{PathContains: "/ContractServices/query", Status: http.StatusUnauthorized, Times: -1})
	c, _ := newConn(t, srv, atsim.DemoCredentials())
	err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &retainSink{})
	require.True(t, connector.IsAuth(err), "%v", err)
	assert.LessOrEqual(t, srv.RequestsFor("/ContractServices/query"), int64(3), "at most the requests already in flight: six batches were due")
	assert.Zero(t, srv.RequestsFor("/ContractServiceUnits/query"))
	before := srv.Requests()
	require.True(t, connector.IsAuth(c.Test(context.Background())))
	require.True(t, connector.IsAuth(c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &retainSink{})))
	assert.Equal(t, before, srv.Requests(), "nothing is sent after the 401")
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// dropping serves srv but drops the connection, without any HTTP answer, of every request
// whose path contains one of drop.
func dropping(t *testing.T, srv *atsim.Server, drop ...string) string {
	t.Helper()
	h := srv.Handler()
	return startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, d := range drop {
			if strings.Contains(r.URL.Path, d) {
				panic(http.ErrAbortHandler)
			}
		}
		h.ServeHTTP(w, r)
	}))
}

// A run that cannot reach Autotask fails (exit 1); it is not a partial run that "brought
// nothing new".
func TestUnreachableFailsTheRun(t *testing.T) {
	tlsServer := func(t *testing.T) string {
		srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{})
		ts := httptest.NewUnstartedServer(srv.Handler())
		ts.Config.ErrorLog = log.New(io.Discard, "", 0)
		ts.StartTLS()
		t.Cleanup(ts.Close)
		return ts.URL + atsim.PathPrefix
	}
	tests := []struct {
		name    string
		base    func(t *testing.T) string
		wantMsg string
	}{
		{"connection refused", func(t *testing.T) string { return "http://" + closedPort(t) + atsim.PathPrefix }, "could not reach the API"},
		{"name does not resolve", func(*testing.T) string { return "https://autotask.invalid" + atsim.PathPrefix }, "could not reach the API"},
		{"TLS certificate not trusted", tlsServer, "secure connection to Autotask failed"},
		{"the zone lookup is dropped", func(t *testing.T) string {
			return dropping(t, startSim(t, atsim.DemoDataset(testToday), atsim.Options{}), "/ZoneInformation") + atsim.PathPrefix
		}, "did not answer properly"},
		{"the zone drops every request", func(t *testing.T) string {
			return dropping(t, startSim(t, atsim.DemoDataset(testToday), atsim.Options{}), "/zone5/") + atsim.PathPrefix
		}, "did not answer properly"},
	}
	for _, tc := range tests {
		for _, mode := range []connector.Request{{Mode: connector.ModeFull}, {Mode: connector.ModeQuick, Since: testToday}} {
			t.Run(tc.name+"/"+string(mode.Mode), func(t *testing.T) {
				c, _ := connAt(t, tc.base(t), atsim.DemoCredentials())
				rec := &retainSink{}
				err := c.Sync(context.Background(), mode, rec)
				require.Error(t, err)
				assert.True(t, connector.IsTransient(err), "%T: %v", err, err)
				assert.Contains(t, connector.UserMessage(err), tc.wantMsg)
				assert.Empty(t, rec.Failures, "an unreachable source is not a section failure")
			})
		}
	}
	t.Run("dial errors are retried only briefly", func(t *testing.T) {
		c, sl := connAt(t, "http://"+closedPort(t)+atsim.PathPrefix, atsim.DemoCredentials())
		err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &retainSink{})
		assert.True(t, httpx.IsUnreachable(err), "%v", err)
		assert.LessOrEqual(t, len(sl.All()), 2, "the zone lookup fails the run after two quick retries")
	})
}

// A zone that stops answering in the middle of a run (after the companies and contracts)
// keeps what was read: the contracts whose services were not read keep their cached lines.
func TestConnectionLostDuringContractServices(t *testing.T) {
	srv := startSim(t, atsim.LargeDataset(5, 50, 1200, 2000, testToday), atsim.Options{})
	base := dropping(t, srv, "/ContractServices/")
	c, _ := connAt(t, base+atsim.PathPrefix, atsim.DemoCredentials())
	rec := &retainSink{}
	require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec))
	assert.NotEmpty(t, rec.Accounts)
	assert.NotEmpty(t, rec.Agreements)
	assert.Empty(t, rec.ServiceLines)
	assert.Len(t, rec.Failures, len(rec.Agreements), "every contract's lines are kept from the cache")
	assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines})
	assert.Contains(t, strings.Join(logTexts(rec, secServices), "\n"), "Autotask stopped answering")
}

// What Autotask answers that TrueUp cannot use fails a section (or the run) with a message
// that says why; a validation error is shown and not retried.
func TestBadAnswers(t *testing.T) {
	tests := []struct {
		name    string
		fault   atsim.Fault
		section string
		want    string
		retried bool
	}{
		{"not JSON", atsim.Fault{PathContains: "/Companies/query", Status: 200, Body: "<html>maintenance</html>"}, secCompanies, "not an Autotask query result", false},
		{"errors on a 200", atsim.Fault{PathContains: "/Companies/query", Status: 200, Body: `{"errors":["Query failed: timeout."]}`}, secCompanies, "Query failed: timeout.", false},
		{"errors as objects", atsim.Fault{PathContains: "/Services/query", Status: 500, Body: `{"errors":[{"message":"Unable to find Sku in the Services entity.","field":"sku"}]}`}, secCatalog, "Unable to find Sku in the Services entity. (sku)", false},
		{"ids not ascending", atsim.Fault{PathContains: "/Companies/query", Status: 200, Body: `{"items":[{"id":9},{"id":3}],"pageDetails":{"count":2,"requestCount":500,"prevPageUrl":null,"nextPageUrl":null}}`}, secCompanies, "record 3 came after 9", false},
		{"next page outside the zone", atsim.Fault{PathContains: "/Companies/query", Status: 200, Body: `{"items":[{"id":9}],"pageDetails":{"count":1,"requestCount":500,"prevPageUrl":null,"nextPageUrl":"https://evil.example/V1.0/Companies/query/next?paging=x"}}`}, secCompanies, "points outside the database's zone (to evil.example)", false},
		{"a record that is not a company", atsim.Fault{PathContains: "/Companies/query", Status: 200, Body: `{"items":[{"id":9,"companyType":"Customer"}],"pageDetails":{"count":1,"requestCount":500}}`}, secCompanies, "a record could not be read", false},
		{"a bare 500 is retried", atsim.Fault{PathContains: "/Companies/query", Status: 503, Times: -1}, secCompanies, "did not answer properly", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{})
			srv.AddFault(tc.fault)
			c, sl := newConn(t, srv, atsim.DemoCredentials())
			rec := &retainSink{}
			require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec))
			require.Len(t, rec.Failures, 1)
			assert.Equal(t, tc.section, rec.Failures[0].Section)
			assert.Contains(t, connector.UserMessage(rec.Failures[0].Err), tc.want)
			assert.Equal(t, tc.retried, len(sl.All()) > 0)
			assert.NotEmpty(t, rec.ServiceLines, "the other sections are read")
		})
	}
}

// A zone that moves between two pages of a query is re-discovered, and the next page is
// asked for at the new zone.
func TestZoneMovesWhilePaging(t *testing.T) {
	srv := startSim(t, atsim.LargeDataset(6, 1200, 0, 0, testToday), atsim.Options{})
	var once sync.Once
	h := srv.Handler()
	base := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/Companies/query/next") {
			once.Do(srv.MoveZone)
		}
		h.ServeHTTP(w, r)
	}))
	c, _ := connAt(t, base+atsim.PathPrefix, atsim.DemoCredentials())
	rec := fullSync(t, c)
	assert.Len(t, rec.Accounts, 1200)
	assert.Empty(t, rec.Failures)
	assert.Equal(t, int64(2), srv.RequestsFor("ZoneInformation"))
	assert.NotZero(t, srv.RequestsFor("/zone6/ATServicesRest/V1.0/Companies/query/next"))
}
