package autotask

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var today = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

func start(t *testing.T, opts Options) *Server {
	t.Helper()
	s := New(DemoDataset(today), opts)
	_, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// do sends a request with the demo credentials and decodes the JSON answer.
func do(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	c := DemoCredentials()
	req.Header.Set("UserName", c.UserName)
	req.Header.Set("Secret", c.Secret)
	req.Header.Set("ApiIntegrationCode", c.IntegrationCode)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out
}

func names(out map[string]any) []string {
	var got []string
	for _, it := range out["items"].([]any) {
		got = append(got, it.(map[string]any)["companyName"].(string))
	}
	return got
}

func TestQueryFilters(t *testing.T) {
	s := start(t, Options{})
	url := s.ZoneURL() + "V1.0/Companies/query"
	tests := []struct {
		filter string
		want   []string
	}{
		{`[{"op":"eq","field":"companyname","value":"ACME DENTAL GROUP"}]`, []string{"Acme Dental Group"}},
		{`[{"op":"beginsWith","field":"companyName","value":"blue"}]`, []string{"Blue Harbor Logistics"}},
		{`[{"op":"endsWith","field":"companyName","value":"bakery"}]`, []string{"Maple Street Bakery"}},
		{`[{"op":"contains","field":"companyName","value":"vineyard"}]`, []string{"Willow Creek Vineyards"}},
		{`[{"op":"eq","field":"companyType","value":3}]`, []string{"Quarry Lane Studios"}},
		{`[{"op":"in","field":"companyType","value":[7,"8"]}]`, []string{"Silverline Telecom", "Lakeshore IT Partners"}},
		{`[{"op":"eq","field":"isActive","value":false}]`, []string{"Sagebrush Outfitters"}},
		{`[{"op":"noteq","field":"companyType","value":1},{"op":"eq","field":"isActive","value":true}]`, []string{"Quarry Lane Studios", "Silverline Telecom", "Lakeshore IT Partners"}},
		{`[{"op":"or","items":[{"op":"eq","field":"companyType","value":3},{"op":"and","items":[{"op":"eq","field":"companyType","value":8},{"op":"exist","field":"city"}]}]}]`, []string{"Quarry Lane Studios", "Lakeshore IT Partners"}},
		{`[{"op":"gt","field":"id","value":29684134},{"op":"lt","field":"id","value":"29684136"}]`, []string{"Willow Creek Vineyards"}},
		{`[{"op":"notExist","field":"phone"}]`, []string{"Lakeshore IT Partners"}},
	}
	for _, tc := range tests {
		status, out := do(t, "POST", url, `{"filter":`+tc.filter+`,"IncludeFields":["id","companyName"]}`)
		require.Equal(t, 200, status, "%s: %v", tc.filter, out)
		assert.ElementsMatch(t, tc.want, names(out), tc.filter)
	}
	// Dates compare as instants, whatever their spelling.
	status, out := do(t, "GET", s.ZoneURL()+"V1.0/Contracts/query?search="+`{"filter":[{"op":"gt","field":"startDate","value":"2026-11-30"}]}`, "")
	require.Equal(t, 200, status)
	assert.Len(t, out["items"], 1, "the future contract")
}

func TestQueryRefusals(t *testing.T) {
	s := start(t, Options{})
	url := s.ZoneURL() + "V1.0/Companies/query"
	for body, want := range map[string]string{
		`{"filter":[]}`: "A filter is required",
		`{"filter":[{"op":"like","field":"id","value":1}]}`:                      "Unrecognized query operation",
		`{"filter":[{"op":"eq","field":"nosuch","value":1}]}`:                    "Unable to find nosuch",
		`{"filter":[{"op":"gte","field":"id","value":0}],"IncludeFields":["x"]}`: "Unable to find x",
		`{"filter":[{"op":"in","field":"id","value":1}]}`:                        "must be a list",
		`not json`: "not valid JSON",
	} {
		status, out := do(t, "POST", url, body)
		assert.Equal(t, http.StatusInternalServerError, status, body)
		assert.Contains(t, out["errors"].([]any)[0], want, body)
	}
	status, _ := do(t, "GET", s.ZoneURL()+"V1.0/Nothing/query?search={}", "")
	assert.Equal(t, http.StatusNotFound, status)
}

func TestPagesAndIncludeFields(t *testing.T) {
	s := New(LargeDataset(1, 1201, 0, 0, today), Options{})
	_, err := s.Start()
	require.NoError(t, err)
	defer s.Close()
	url := s.ZoneURL() + "V1.0/Companies/query"
	status, out := do(t, "POST", url, `{"filter":[{"op":"gte","field":"id","value":0}],"IncludeFields":["companyName"]}`)
	assert.Equal(t, http.StatusInternalServerError, status, "id is needed to page: %v", out)
	var ids []float64
	next := ""
	for pages := 0; ; pages++ {
		if next == "" {
			status, out = do(t, "POST", url, `{"filter":[{"op":"gte","field":"id","value":0}],"IncludeFields":["id"]}`)
		} else {
			status, out = do(t, "GET", next, "")
		}
		require.Equal(t, 200, status, "%v", out)
		for _, it := range out["items"].([]any) {
			m := it.(map[string]any)
			assert.Len(t, m, 1, "only the fields asked for")
			ids = append(ids, m["id"].(float64))
		}
		pd := out["pageDetails"].(map[string]any)
		assert.Equal(t, float64(len(out["items"].([]any))), pd["count"])
		if pd["nextPageUrl"] == nil {
			assert.Equal(t, 2, pages)
			break
		}
		next = pd["nextPageUrl"].(string)
	}
	require.Len(t, ids, 1201)
	for i := 1; i < len(ids); i++ {
		assert.Less(t, ids[i-1], ids[i], "ascending id")
	}
	_, out = do(t, "POST", url, `{"filter":[{"op":"gte","field":"id","value":0}],"MaxRecords":2}`)
	assert.Len(t, out["items"], 2)
}

func TestZoneAuthAndThreshold(t *testing.T) {
	clock := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	s := start(t, Options{Now: now, Threshold: 100})
	resp, err := http.Get(s.BaseURL() + "/v1.0/ZoneInformation?user=" + DemoCredentials().UserName)
	require.NoError(t, err)
	var zi map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&zi))
	resp.Body.Close()
	assert.Equal(t, s.ZoneURL(), zi["url"])
	assert.NotEqual(t, s.BaseURL()+"/", zi["url"], "the zone is another path than the root")

	status, _ := do(t, "GET", s.BaseURL()+"/V1.0/ThresholdInformation", "")
	assert.Equal(t, http.StatusNotFound, status, "the root serves only the zone lookup")

	req, _ := http.NewRequest("GET", s.ZoneURL()+"V1.0/ThresholdInformation", nil)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	s.SetOtherUsage(40)
	_, out := do(t, "GET", s.ZoneURL()+"v1.0/thresholdinformation", "")
	assert.Equal(t, float64(100), out["externalRequestThreshold"])
	assert.Equal(t, float64(41), out["currentTimeframeRequestCount"], "every request counts, with the other integrations'")
	clock = clock.Add(61 * time.Minute)
	_, out = do(t, "GET", s.ZoneURL()+"V1.0/ThresholdInformation", "")
	assert.Equal(t, float64(41), out["currentTimeframeRequestCount"], "a rolling hour: the old request dropped out")
	s.SetOtherUsage(100)
	status, out = do(t, "GET", s.ZoneURL()+"V1.0/ThresholdInformation", "")
	assert.Equal(t, http.StatusTooManyRequests, status, "blocked over the threshold: %v", out)

	s.SetOtherUsage(0)
	s.SetUserState(UserLocked)
	status, out = do(t, "GET", s.ZoneURL()+"V1.0/ThresholdInformation", "")
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Contains(t, out["errors"].([]any)[0], "locked")
}

func TestUnitsOn(t *testing.T) {
	s := New(DemoDataset(today), Options{})
	cs := s.ContractServiceIDs()[0]
	u, ok := s.UnitsOn(cs, today)
	require.True(t, ok)
	assert.Equal(t, 24.0, u)
	require.NoError(t, s.SetUnitsFrom(cs, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 30))
	u, _ = s.UnitsOn(cs, today)
	assert.Equal(t, 24.0, u)
	u, _ = s.UnitsOn(cs, time.Date(2027, 2, 3, 0, 0, 0, 0, time.UTC))
	assert.Equal(t, 30.0, u)
	_, ok = s.UnitsOn(cs, time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.False(t, ok)
}

// FuzzFilter feeds arbitrary filters to the validator and the matcher: no panic.
func FuzzFilter(f *testing.F) {
	for _, s := range []string{
		`[{"op":"eq","field":"companyName","value":"Acme"}]`,
		`[{"op":"or","items":[{"op":"in","field":"id","value":[1,"2",true]},{"op":"exist","field":"city"}]}]`,
		`[{"op":"gt","field":"lastTrackedModifiedDateTime","value":"2026-11-01T00:00:00.000Z"}]`,
		`[{"op":"and","items":[]}]`, `[{"op":"contains","field":"isActive","value":1}]`,
	} {
		f.Add([]byte(s))
	}
	s := New(DemoDataset(today), Options{})
	t0 := s.table(EntityCompanies)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var conds []condition
		if json.Unmarshal(raw, &conds) != nil || check(t0, conds) != nil {
			return
		}
		for _, r := range t0.rows {
			_ = t0.matches(r, conds)
		}
	})
}
