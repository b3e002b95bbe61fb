package connectwise

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/sim"
)

var testToday = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

type answer struct {
	status int
	header http.Header
	body   []byte
}

func start(t *testing.T, data *Dataset, opts Options) *Server {
	t.Helper()
	s := New(data, opts)
	_, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func get(t *testing.T, s *Server, path string, q url.Values, mutate ...func(*http.Request)) answer {
	t.Helper()
	u := s.BaseURL() + path
	if q != nil {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	c := DemoCredentials()
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.Company+"+"+c.PublicKey+":"+c.PrivateKey)))
	req.Header.Set("clientId", c.ClientID)
	for _, m := range mutate {
		m(req)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{resp.StatusCode, resp.Header, body}
}

func rows(t *testing.T, a answer) []map[string]any {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, string(a.body))
	var out []map[string]any
	require.NoError(t, json.Unmarshal(a.body, &out))
	return out
}

func TestAuth(t *testing.T) {
	s := start(t, DemoDataset(testToday), Options{})
	tests := []struct {
		name   string
		mutate func(*http.Request)
		want   int
	}{
		{"good", func(*http.Request) {}, http.StatusOK},
		{"wrong private key", func(r *http.Request) {
			r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("trueupdemo+DemoPublicKey00001:nope")))
		}, http.StatusUnauthorized},
		{"wrong company", func(r *http.Request) {
			c := DemoCredentials()
			r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("other+"+c.PublicKey+":"+c.PrivateKey)))
		}, http.StatusUnauthorized},
		{"company is case-insensitive", func(r *http.Request) {
			c := DemoCredentials()
			r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("TRUEUPDEMO+"+c.PublicKey+":"+c.PrivateKey)))
		}, http.StatusOK},
		{"no authorization", func(r *http.Request) { r.Header.Del("Authorization") }, http.StatusUnauthorized},
		{"no clientId", func(r *http.Request) { r.Header.Del("clientId") }, http.StatusUnauthorized},
		{"wrong clientId", func(r *http.Request) { r.Header.Set("clientId", "abc") }, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := get(t, s, "/system/info", nil, tc.mutate)
			assert.Equal(t, tc.want, a.status)
			if tc.want != http.StatusOK {
				var e apiError
				require.NoError(t, json.Unmarshal(a.body, &e))
				assert.Equal(t, "Unauthorized", e.Code)
				assert.NotEmpty(t, e.Message)
			}
		})
	}
}

func TestPagingAndLinks(t *testing.T) {
	s := start(t, LargeDataset(1, 2500, 0, 0, testToday), Options{})
	tests := []struct {
		name     string
		q        url.Values
		count    int
		firstID  float64
		rels     []string
		notRels  []string
		nextPage string
	}{
		{"default page size 25", nil, 25, 1000, []string{`rel="next"`, `rel="last"`}, []string{`rel="prev"`}, "2"},
		{"page size capped at 1000", url.Values{"pageSize": {"5000"}}, 1000, 1000, []string{`rel="next"`}, nil, "2"},
		{"middle page", url.Values{"pageSize": {"1000"}, "page": {"2"}}, 1000, 2000, []string{`rel="first"`, `rel="prev"`, `rel="next"`, `rel="last"`}, nil, "3"},
		{"last page", url.Values{"pageSize": {"1000"}, "page": {"3"}}, 500, 3000, []string{`rel="first"`, `rel="prev"`}, []string{`rel="next"`}, ""},
		{"past the end", url.Values{"pageSize": {"1000"}, "page": {"9"}}, 0, 0, nil, []string{`rel="next"`}, ""},
		{"conditions kept in links", url.Values{"pageSize": {"10"}, "conditions": {"id >= 1100"}}, 10, 1100, []string{"conditions=id"}, nil, "2"},
		{"descending order", url.Values{"pageSize": {"3"}, "orderBy": {"id desc"}}, 3, 3499, nil, nil, "2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := get(t, s, "/company/companies", tc.q)
			got := rows(t, a)
			require.Len(t, got, tc.count)
			if tc.count > 0 {
				assert.Equal(t, tc.firstID, got[0]["id"])
			}
			link := a.header.Get("Link")
			for _, r := range tc.rels {
				assert.Contains(t, link, r)
			}
			for _, r := range tc.notRels {
				assert.NotContains(t, link, r)
			}
			if tc.nextPage != "" {
				assert.Contains(t, link, "page="+tc.nextPage+"&")
			}
		})
	}
}

func askForwardOnly(r *http.Request) { r.Header.Set("pagination-type", "forward-only") }

func TestForwardOnlyPaging(t *testing.T) {
	tests := []struct {
		name      string
		q         url.Values
		count     int
		firstID   float64
		nextID    string // pageId of the rel="next" link; "" means the Link header is empty
		linkHolds string
	}{
		{"first page", url.Values{"pageSize": {"1000"}}, 1000, 1000, "1999", ""},
		{"default page size 25", nil, 25, 1000, "1024", ""},
		{"pageId means id > pageId", url.Values{"pageSize": {"1000"}, "pageId": {"1999"}}, 1000, 2000, "2999", ""},
		{"a pageId between records", url.Values{"pageSize": {"10"}, "pageId": {"1500"}}, 10, 1501, "1510", ""},
		{"last page: empty Link header", url.Values{"pageSize": {"1000"}, "pageId": {"2999"}}, 500, 3000, "", ""},
		{"past the end", url.Values{"pageSize": {"1000"}, "pageId": {"9999"}}, 0, 0, "", ""},
		{"page is ignored", url.Values{"pageSize": {"10"}, "page": {"3"}}, 10, 1000, "1009", ""},
		{"orderBy is ignored: id order", url.Values{"pageSize": {"3"}, "orderBy": {"id desc"}}, 3, 1000, "1002", ""},
		{"conditions and fields kept in the link", url.Values{"pageSize": {"10"}, "conditions": {"id >= 1100"}, "fields": {"id"}}, 10, 1100, "1109", "conditions=id"},
	}
	s := start(t, LargeDataset(1, 2500, 0, 0, testToday), Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := get(t, s, "/company/companies", tc.q, askForwardOnly)
			got := rows(t, a)
			require.Len(t, got, tc.count)
			if tc.count > 0 {
				assert.Equal(t, tc.firstID, got[0]["id"])
				for i := 1; i < len(got); i++ {
					assert.Less(t, got[i-1]["id"].(float64), got[i]["id"].(float64), "ascending ids")
				}
			}
			require.Equal(t, []string{a.header.Get("Link")}, a.header.Values("Link"), "exactly one Link header, even on the last page")
			link := a.header.Get("Link")
			if tc.nextID == "" {
				assert.Empty(t, link)
				return
			}
			assert.Contains(t, link, `rel="next"`)
			assert.NotContains(t, link, `rel="last"`)
			assert.NotContains(t, link, "page=")
			assert.Contains(t, link, "pageId="+tc.nextID+"&")
			assert.Contains(t, link, tc.linkHolds)
		})
	}

	t.Run("a deletion between pages shifts nothing", func(t *testing.T) {
		s := start(t, LargeDataset(1, 30, 0, 0, testToday), Options{})
		first := get(t, s, "/company/companies", url.Values{"pageSize": {"10"}}, askForwardOnly)
		require.Len(t, rows(t, first), 10)
		ids := s.CompanyIDs()
		require.NoError(t, s.DeleteCompany(ids[0]))
		next, err := url.Parse(strings.Trim(strings.SplitN(first.header.Get("Link"), ";", 2)[0], "<>"))
		require.NoError(t, err)
		got := rows(t, get(t, s, "/company/companies", next.Query(), askForwardOnly))
		require.NotEmpty(t, got)
		assert.Equal(t, float64(ids[10]), got[0]["id"], "the row after the first page is not skipped")
	})

	t.Run("without the header pageId is not honoured: navigable paging", func(t *testing.T) {
		a := get(t, s, "/company/companies", url.Values{"pageSize": {"10"}, "pageId": {"1500"}})
		got := rows(t, a)
		assert.Equal(t, float64(1000), got[0]["id"])
		assert.Contains(t, a.header.Get("Link"), "page=2&")
	})

	t.Run("a bad pageId is a bad query", func(t *testing.T) {
		a := get(t, s, "/company/companies", url.Values{"pageId": {"x"}}, askForwardOnly)
		assert.Equal(t, http.StatusBadRequest, a.status)
	})

	t.Run("OmitLinkHeader leaves the header out", func(t *testing.T) {
		s := start(t, LargeDataset(1, 30, 0, 0, testToday), Options{OmitLinkHeader: true})
		a := get(t, s, "/company/companies", url.Values{"pageSize": {"10"}}, askForwardOnly)
		assert.Len(t, rows(t, a), 10)
		assert.Empty(t, a.header.Values("Link"))
	})

	t.Run("additions of one agreement", func(t *testing.T) {
		s := start(t, LargeDataset(1, 5, 5, 200, testToday), Options{})
		ag := s.AgreementIDs()[0]
		adds := s.AdditionIDs(ag)
		require.Greater(t, len(adds), 2)
		path := "/finance/agreements/" + strconv.Itoa(ag) + "/additions"
		a := get(t, s, path, url.Values{"pageSize": {"1"}, "pageId": {strconv.Itoa(adds[0])}}, askForwardOnly)
		got := rows(t, a)
		require.Len(t, got, 1)
		assert.Equal(t, float64(adds[1]), got[0]["id"])
		assert.Contains(t, a.header.Get("Link"), "pageId="+strconv.Itoa(adds[1]))
	})
}

func TestOmitLinkHeader(t *testing.T) {
	s := start(t, LargeDataset(1, 30, 0, 0, testToday), Options{OmitLinkHeader: true})
	a := get(t, s, "/company/companies", nil)
	assert.Len(t, rows(t, a), 25)
	assert.Empty(t, a.header.Get("Link"))
}

func TestFieldsAndBadQueries(t *testing.T) {
	s := start(t, DemoDataset(testToday), Options{})
	got := rows(t, get(t, s, "/finance/agreements", url.Values{"fields": {"id,_info/lastUpdated"}, "pageSize": {"2"}}))
	require.Len(t, got, 2)
	assert.Len(t, got[0], 2)
	assert.Contains(t, got[0], "id")
	assert.Equal(t, []string{"lastUpdated"}, keys(got[0]["_info"].(map[string]any)))

	for _, q := range []url.Values{
		{"conditions": {"colour = 1"}},
		{"conditions": {"lastUpdated > 2025"}},
		{"orderBy": {"colour asc"}},
		{"page": {"x"}},
	} {
		a := get(t, s, "/company/companies", q)
		assert.Equal(t, http.StatusBadRequest, a.status, q.Encode())
		var e apiError
		require.NoError(t, json.Unmarshal(a.body, &e))
		assert.Equal(t, "InvalidObject", e.Code)
		require.NotEmpty(t, e.Errors)
	}
	a := get(t, s, "/no/such/route", nil)
	assert.Equal(t, http.StatusNotFound, a.status)
	assert.Contains(t, string(a.body), `"code":"NotFound"`)
	a = get(t, s, "/finance/agreements/999999/additions", nil)
	assert.Equal(t, http.StatusNotFound, a.status)
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestFaults(t *testing.T) {
	s := start(t, DemoDataset(testToday), Options{})
	s.AddFault(Fault{PathContains: "/company/companies", Status: 429, Times: 2, RetryAfter: "3"})
	s.AddFault(Fault{PathContains: "/finance/agreements/1001/additions", Body: "{not json", Times: -1})
	for range 2 {
		a := get(t, s, "/company/companies", nil)
		assert.Equal(t, http.StatusTooManyRequests, a.status)
		assert.Equal(t, "3", a.header.Get("Retry-After"))
	}
	assert.Equal(t, http.StatusOK, get(t, s, "/company/companies", nil).status)
	for range 3 {
		a := get(t, s, "/finance/agreements/1001/additions", nil)
		assert.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "{not json", string(a.body))
	}
	assert.Equal(t, int64(3), s.RequestsFor("/finance/agreements/1001/additions"))
	assert.Equal(t, int64(6), s.Requests())
	s.ClearFaults()
	rows(t, get(t, s, "/finance/agreements/1001/additions", nil))
}

func TestMutations(t *testing.T) {
	now := testToday.Add(10 * time.Hour)
	s := start(t, DemoDataset(testToday), Options{Now: func() time.Time { return now }})
	since := url.Values{"conditions": {"lastUpdated > [" + testToday.Format(time.RFC3339) + "]"}}

	assert.Empty(t, rows(t, get(t, s, "/company/companies", since)))
	require.NoError(t, s.TouchCompany(101))
	changed := rows(t, get(t, s, "/company/companies", since))
	require.Len(t, changed, 1)
	assert.Equal(t, float64(101), changed[0]["id"])

	// Editing an addition bumps the addition only, as the real API does.
	adds := s.AdditionIDs(1001)
	require.NotEmpty(t, adds)
	require.NoError(t, s.SetAdditionQuantity(1001, adds[0], 77))
	assert.Empty(t, rows(t, get(t, s, "/finance/agreements", since)))
	got := rows(t, get(t, s, "/finance/agreements/1001/additions", since))
	require.Len(t, got, 1)
	assert.Equal(t, float64(77), got[0]["quantity"])
	assert.Error(t, s.SetAdditionQuantity(1002, adds[0], 1))

	// Deleting a company removes its agreements and their additions.
	require.NoError(t, s.DeleteCompany(101))
	assert.NotContains(t, s.CompanyIDs(), 101)
	assert.NotContains(t, s.AgreementIDs(), 1001)
	assert.Equal(t, http.StatusNotFound, get(t, s, "/finance/agreements/1001/additions", nil).status)
	assert.Error(t, s.DeleteCompany(101))
	assert.Error(t, s.TouchAgreement(1001))

	cs, as := s.ChangeFraction(0.1, 7)
	assert.NotEmpty(t, cs)
	assert.NotEmpty(t, as)
	changedAg := rows(t, get(t, s, "/finance/agreements", url.Values{"conditions": since["conditions"], "pageSize": {"1000"}}))
	assert.Len(t, changedAg, len(as))
}

func TestDemoDataset(t *testing.T) {
	d := DemoDataset(testToday)
	customers := sim.DemoCustomers()
	byName := map[string]Company{}
	for _, c := range d.Companies {
		byName[c.Name] = c
		assert.True(t, c.Info.LastUpdated.Before(testToday), "%s stamped in the future", c.Name)
	}
	agreements := map[int][]Agreement{}
	for _, a := range d.Agreements {
		agreements[a.Company.ID] = append(agreements[a.Company.ID], a)
	}
	additions := map[int][]Addition{}
	for _, a := range d.Additions {
		additions[a.AgreementID] = append(additions[a.AgreementID], a)
	}
	for _, c := range customers {
		co, ok := byName[c.Name]
		require.True(t, ok, c.Name)
		ag := agreements[co.ID][0]
		licences := 0
		for _, a := range additions[ag.ID] {
			if a.Product.ID >= productLicenceBase && a.Product.ID < productWorkstation {
				licences++
			}
		}
		switch c.Situation {
		case sim.Prospect:
			assert.Equal(t, "Prospect", co.Types[0].Name)
		case sim.VendorTagged:
			assert.Equal(t, TypeVendor, co.Types[0].ID)
		case sim.InactiveCompany:
			assert.Equal(t, "Inactive", co.Status.Name)
		case sim.ExpiredAgreement:
			assert.Equal(t, "Expired", ag.AgreementStatus)
			assert.Equal(t, "2026-10-31T00:00:00Z", ag.EndDate)
		case sim.FutureAgreement:
			assert.Equal(t, "2026-12-01T00:00:00Z", ag.StartDate)
		case sim.CancelledAgreement:
			assert.True(t, ag.CancelledFlag)
		case sim.ZeroQuantity:
			assert.True(t, hasAddition(additions[ag.ID], func(a Addition) bool { return a.Quantity == 0 }))
		case sim.CancelledAddition:
			assert.True(t, hasAddition(additions[ag.ID], func(a Addition) bool { return strings.HasPrefix(a.CancelledDate, "2026-10") }))
		case sim.VendorOnly:
			assert.Zero(t, licences, "%s's agreement bills no licence yet", c.Name)
		case sim.ProratingAgreement:
			assert.True(t, ag.ProrateFlag)
		case sim.NotBilledLine:
			assert.True(t, hasAddition(additions[ag.ID], func(a Addition) bool { return a.BillCustomer == "DoNotBill" && a.BilledQuantity == 0 }))
		case sim.IncludedSeats:
			assert.True(t, hasAddition(additions[ag.ID], func(a Addition) bool {
				return a.Product.ID == productLicenceBase && a.LessIncluded == sim.IncludedSeatCount
			}))
		default:
			assert.Equal(t, "Active", co.Status.Name)
			assert.Equal(t, "Active", ag.AgreementStatus)
			assert.True(t, ag.NoEndingDateFlag)
		}
		assert.True(t, hasAddition(additions[ag.ID], func(a Addition) bool { return a.Description == "Managed Workstation" }), c.Name)
	}
	_, partner := byName["Lakeshore IT Partners"]
	assert.True(t, partner)
}

func hasAddition(as []Addition, f func(Addition) bool) bool {
	for _, a := range as {
		if f(a) {
			return true
		}
	}
	return false
}

func TestLargeDatasetIsDeterministic(t *testing.T) {
	a := LargeDataset(3, 50, 80, 400, testToday)
	b := LargeDataset(3, 50, 80, 400, testToday)
	assert.Equal(t, a, b)
	assert.Len(t, a.Companies, 50)
	assert.Len(t, a.Agreements, 80)
	assert.Len(t, a.Additions, 400)
	ids := map[int]bool{}
	for _, c := range a.Companies {
		ids[c.ID] = true
	}
	for _, g := range a.Agreements {
		assert.True(t, ids[g.Company.ID])
	}
}

func BenchmarkAdditionsList(b *testing.B) {
	s := New(LargeDataset(1, 2000, 3000, 30000, testToday), Options{})
	h := s.Handler()
	c := DemoCredentials()
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(c.Company+"+"+c.PublicKey+":"+c.PrivateKey))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodGet, PathPrefix+"/finance/agreements/20001/additions?pageSize=1000", nil)
			req.Header.Set("Authorization", auth)
			req.Header.Set("clientId", c.ClientID)
			h.ServeHTTP(discard{}, req)
		}
	})
}

type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
