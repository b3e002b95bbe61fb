package pax8

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/sim"
)

var testToday = time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)

func start(t *testing.T, data *Dataset, opts Options) (*Server, string) {
	t.Helper()
	s := New(data, opts)
	base, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(s.Close)
	require.Equal(t, base, s.BaseURL())
	require.True(t, strings.HasPrefix(base, "http://127.0.0.1:") && strings.HasSuffix(base, "/v1"), base)
	return s, base
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(a.body, &m), "body: %s", a.body)
	return m
}

func do(t *testing.T, method, url, token string, body any) answer {
	t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = strings.NewReader(b)
		default:
			raw, err := json.Marshal(b)
			require.NoError(t, err)
			rd = bytes.NewReader(raw)
		}
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: raw}
}

func tokenBody(c Credentials) map[string]string {
	return map[string]string{"client_id": c.ClientID, "client_secret": c.ClientSecret, "audience": "https://api.pax8.com", "grant_type": "client_credentials"}
}

func login(t *testing.T, base string) string {
	t.Helper()
	a := do(t, http.MethodPost, base+"/token", "", tokenBody(DemoCredentials()))
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	tok, _ := a.json(t)["access_token"].(string)
	require.NotEmpty(t, tok)
	return tok
}

func assertEnvelope(t *testing.T, a answer, status int, typ string) {
	t.Helper()
	require.Equal(t, status, a.status, "%s", a.body)
	m := a.json(t)
	assert.Equal(t, typ, m["type"])
	assert.NotEmpty(t, m["message"])
	assert.NotEmpty(t, m["instance"])
	assert.EqualValues(t, status, m["status"])
	assert.IsType(t, []any{}, m["details"])
}

func TestToken(t *testing.T) {
	_, base := start(t, DemoDataset(testToday), Options{TokenTTL: time.Hour})
	good := DemoCredentials()
	bad := good
	bad.ClientSecret = "wrong"
	tests := []struct {
		name   string
		body   any
		status int
		errKey string
	}{
		{"good credentials", tokenBody(good), http.StatusOK, ""},
		{"wrong secret", tokenBody(bad), http.StatusUnauthorized, "access_denied"},
		{"missing credentials", map[string]string{"audience": "https://api.pax8.com", "grant_type": "client_credentials"}, http.StatusUnauthorized, "access_denied"},
		{"wrong grant type", func() any { b := tokenBody(good); b["grant_type"] = "password"; return b }(), http.StatusBadRequest, "unsupported_grant_type"},
		{"wrong audience", func() any { b := tokenBody(good); b["audience"] = "api://usage"; return b }(), http.StatusBadRequest, "invalid_request"},
		{"not JSON", "client_id=x", http.StatusBadRequest, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, http.MethodPost, base+"/token", "", tt.body)
			require.Equal(t, tt.status, a.status, "%s", a.body)
			m := a.json(t)
			if tt.errKey != "" {
				assert.Equal(t, tt.errKey, m["error"])
				assert.NotEmpty(t, m["error_description"])
				return
			}
			assert.NotEmpty(t, m["access_token"])
			assert.EqualValues(t, 3600, m["expires_in"])
			assert.Equal(t, "Bearer", m["token_type"])
		})
	}
}

func TestTokenDefaultTTLIsDocumented(t *testing.T) {
	_, base := start(t, &Dataset{}, Options{})
	a := do(t, http.MethodPost, base+"/token", "", tokenBody(DemoCredentials()))
	assert.EqualValues(t, 86400, a.json(t)["expires_in"])
}

func TestBearerRequired(t *testing.T) {
	clk := sim.NewClock(testToday)
	s, base := start(t, DemoDataset(testToday), Options{TokenTTL: time.Hour, Now: clk.Now})
	tok := login(t, base)

	assertEnvelope(t, do(t, http.MethodGet, base+"/companies", "", nil), http.StatusUnauthorized, "UNAUTHORIZED")
	assertEnvelope(t, do(t, http.MethodGet, base+"/companies", "made-up", nil), http.StatusUnauthorized, "UNAUTHORIZED")
	require.Equal(t, http.StatusOK, do(t, http.MethodGet, base+"/companies", tok, nil).status)

	clk.Advance(time.Hour)
	assertEnvelope(t, do(t, http.MethodGet, base+"/companies", tok, nil), http.StatusUnauthorized, "UNAUTHORIZED")

	tok = login(t, base)
	s.ExpireTokens()
	assertEnvelope(t, do(t, http.MethodGet, base+"/subscriptions", tok, nil), http.StatusUnauthorized, "UNAUTHORIZED")
}

type page struct {
	Content []map[string]any `json:"content"`
	Page    struct {
		Size          int `json:"size"`
		TotalElements int `json:"totalElements"`
		TotalPages    int `json:"totalPages"`
		Number        int `json:"number"`
	} `json:"page"`
}

func getPage(t *testing.T, url, tok string) page {
	t.Helper()
	a := do(t, http.MethodGet, url, tok, nil)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	var p page
	require.NoError(t, json.Unmarshal(a.body, &p))
	return p
}

func TestPaging(t *testing.T) {
	_, base := start(t, LargeDataset(7, 5, 401, testToday), Options{})
	tok := login(t, base)
	tests := []struct {
		query                      string
		size, number, pages, count int
	}{
		{"", 10, 0, 41, 10},
		{"?size=200", 200, 0, 3, 200},
		{"?size=200&page=2", 200, 2, 3, 1},
		{"?size=200&page=3", 200, 3, 3, 0},
		{"?size=1&page=400", 1, 400, 401, 1},
		{"?page=7&size=50", 50, 7, 9, 50},
		{"?page=8&size=50", 50, 8, 9, 1},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p := getPage(t, base+"/subscriptions"+tt.query, tok)
			assert.Equal(t, tt.size, p.Page.Size)
			assert.Equal(t, tt.number, p.Page.Number)
			assert.Equal(t, 401, p.Page.TotalElements)
			assert.Equal(t, tt.pages, p.Page.TotalPages)
			assert.Len(t, p.Content, tt.count)
			assert.NotNil(t, p.Content, "content must be [] rather than null")
		})
	}
	for _, q := range []string{"?size=201", "?size=0", "?page=-1", "?size=abc", "?size=1.5"} {
		t.Run("rejects "+q, func(t *testing.T) {
			assertEnvelope(t, do(t, http.MethodGet, base+"/subscriptions"+q, tok, nil), http.StatusBadRequest, "INVALID_PARAM")
		})
	}
}

func TestFiltersAndLookups(t *testing.T) {
	s, base := start(t, DemoDataset(testToday), Options{})
	tok := login(t, base)
	data := s.Snapshot()
	first := data.Subscriptions[0]

	all := getPage(t, base+"/subscriptions?size=200", tok)
	require.Len(t, all.Content, len(data.Subscriptions))

	byCompany := getPage(t, base+"/subscriptions?size=200&companyId="+first.CompanyID, tok)
	require.NotEmpty(t, byCompany.Content)
	for _, c := range byCompany.Content {
		assert.Equal(t, first.CompanyID, c["companyId"])
	}
	byProduct := getPage(t, base+"/subscriptions?size=200&productId="+first.ProductID, tok)
	for _, c := range byProduct.Content {
		assert.Equal(t, first.ProductID, c["productId"])
	}
	trials := getPage(t, base+"/subscriptions?status=Trial", tok)
	assert.Equal(t, 1, trials.Page.TotalElements)
	annual := getPage(t, base+"/subscriptions?size=200&billingTerm=Annual", tok)
	require.NotEmpty(t, annual.Content)
	for _, c := range annual.Content {
		assert.Equal(t, "Annual", c["billingTerm"])
		assert.NotNil(t, c["commitmentTerm"])
	}
	sorted := getPage(t, base+"/subscriptions?size=200&sort=quantity,desc", tok)
	for i := 1; i < len(sorted.Content); i++ {
		assert.GreaterOrEqual(t, sorted.Content[i-1]["quantity"].(float64), sorted.Content[i]["quantity"].(float64))
	}
	assertEnvelope(t, do(t, http.MethodGet, base+"/subscriptions?status=Sleeping", tok, nil), http.StatusBadRequest, "INVALID_PARAM")
	assertEnvelope(t, do(t, http.MethodGet, base+"/subscriptions?sort=updatedDate,desc", tok, nil), http.StatusBadRequest, "INVALID_PARAM")

	inactive := getPage(t, base+"/companies?status=Inactive", tok)
	var names []any
	for _, c := range inactive.Content {
		assert.Equal(t, "Inactive", c["status"])
		names = append(names, c["name"])
	}
	assert.Contains(t, names, "Old Mill Print Shop")
	assert.Len(t, names, 4, "the former customer and the three customers who left")

	one := do(t, http.MethodGet, base+"/subscriptions/"+first.ID, tok, nil)
	require.Equal(t, http.StatusOK, one.status)
	assert.Equal(t, first.ID, one.json(t)["id"])
	co := do(t, http.MethodGet, base+"/companies/"+first.CompanyID, tok, nil)
	require.Equal(t, http.StatusOK, co.status)
	assert.Equal(t, "Active", co.json(t)["status"])

	prod := do(t, http.MethodGet, base+"/products/"+first.ProductID, tok, nil)
	require.Equal(t, http.StatusOK, prod.status)
	pm := prod.json(t)
	assert.Equal(t, first.ProductName, pm["name"])
	assert.NotEmpty(t, pm["vendorName"])
	assert.NotEmpty(t, pm["sku"])
	assert.NotEmpty(t, pm["description"])

	products := getPage(t, base+"/products?size=200&vendorName=microsoft", tok)
	require.NotEmpty(t, products.Content)
	for _, p := range products.Content {
		assert.Equal(t, "Microsoft", p["vendorName"])
	}
	assert.Len(t, getPage(t, base+"/products?size=200", tok).Content, len(data.Products))

	for _, path := range []string{"/subscriptions/nope", "/companies/nope", "/products/nope", "/invoices"} {
		assertEnvelope(t, do(t, http.MethodGet, base+path, tok, nil), http.StatusNotFound, "NOT_FOUND")
	}
}

func TestTimeShapesFollowTheDocs(t *testing.T) {
	s, base := start(t, DemoDataset(testToday), Options{})
	tok := login(t, base)
	sub := s.Snapshot().Subscriptions[0]
	m := do(t, http.MethodGet, base+"/subscriptions/"+sub.ID, tok, nil).json(t)
	assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[-+]\d{4}$`, m["updatedDate"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[-+]\d{4}$`, m["createdDate"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, m["startDate"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\d$`, m["billingStart"])
	for _, k := range []string{"id", "companyId", "productId", "quantity", "status", "price", "partnerCost", "currencyCode", "billingTerm", "productName"} {
		assert.Contains(t, m, k)
	}
}

func TestFaults(t *testing.T) {
	s, base := start(t, DemoDataset(testToday), Options{})
	tok := login(t, base)

	s.AddFault(Fault{PathContains: "/v1/companies", Status: http.StatusServiceUnavailable, Times: 2})
	assertEnvelope(t, do(t, http.MethodGet, base+"/companies", tok, nil), http.StatusServiceUnavailable, "INTERNAL_SERVER_ERROR")
	assertEnvelope(t, do(t, http.MethodGet, base+"/companies", tok, nil), http.StatusServiceUnavailable, "INTERNAL_SERVER_ERROR")
	assert.Equal(t, http.StatusOK, do(t, http.MethodGet, base+"/companies", tok, nil).status)

	s.AddFault(Fault{PathContains: "page=1", Status: http.StatusTooManyRequests, RetryAfter: "3"})
	a := do(t, http.MethodGet, base+"/subscriptions?page=1", tok, nil)
	assertEnvelope(t, a, http.StatusTooManyRequests, "TOO_MANY_REQUESTS")
	assert.Equal(t, "3", a.header.Get("Retry-After"))
	assert.Equal(t, http.StatusOK, do(t, http.MethodGet, base+"/subscriptions?page=1", tok, nil).status)

	s.AddFault(Fault{PathContains: "/v1/subscriptions", Status: http.StatusOK, Body: "{not json", Times: -1})
	for range 3 {
		a := do(t, http.MethodGet, base+"/subscriptions", tok, nil)
		assert.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "{not json", string(a.body))
	}
	s.ClearFaults()
	assert.Equal(t, http.StatusOK, do(t, http.MethodGet, base+"/subscriptions", tok, nil).status)

	assert.EqualValues(t, 3, s.RequestsFor("/v1/companies"))
	assert.EqualValues(t, 1, s.RequestsFor("/v1/token"))
	assert.EqualValues(t, 2, s.RequestsFor("page=1"))
	assert.EqualValues(t, 1+3+2+4, s.Requests())
}

func TestMutations(t *testing.T) {
	clk := sim.NewClock(testToday.Add(12 * time.Hour))
	s := New(DemoDataset(testToday), Options{Now: clk.Now})
	subs := s.Snapshot().Subscriptions
	a, b, c := subs[0], subs[1], subs[2]

	require.NoError(t, s.SetQuantity(a.ID, a.Quantity+3))
	clk.Advance(time.Minute)
	require.NoError(t, s.TouchSubscription(b.ID))
	clk.Advance(time.Minute)
	require.NoError(t, s.CancelSubscription(c.ID))
	require.NoError(t, s.DeleteSubscription(subs[3].ID))
	require.Error(t, s.DeleteSubscription(subs[3].ID))
	require.Error(t, s.SetQuantity("nope", 1))

	after := s.Snapshot()
	find := func(id string) *Subscription {
		for i := range after.Subscriptions {
			if after.Subscriptions[i].ID == id {
				return &after.Subscriptions[i]
			}
		}
		return nil
	}
	assert.Equal(t, a.Quantity+3, find(a.ID).Quantity)
	assert.Equal(t, testToday.Add(12*time.Hour), find(a.ID).UpdatedDate)
	assert.Equal(t, b.Quantity, find(b.ID).Quantity)
	assert.Equal(t, testToday.Add(12*time.Hour+time.Minute), find(b.ID).UpdatedDate)
	assert.Equal(t, "Cancelled", find(c.ID).Status)
	assert.False(t, find(c.ID).EndDate.IsZero())
	assert.Nil(t, find(subs[3].ID))
	assert.Len(t, after.Subscriptions, len(subs)-1)

	company := a.CompanyID
	require.NoError(t, s.DeleteCompany(company))
	after = s.Snapshot()
	for _, co := range after.Companies {
		if co.ID == company {
			assert.Equal(t, "Deleted", co.Status)
		}
	}
	for _, sub := range after.Subscriptions {
		if sub.CompanyID == company {
			assert.Equal(t, "Cancelled", sub.Status)
		}
	}
	require.Error(t, s.DeleteCompany("nope"))
}

func TestConcurrentUse(t *testing.T) {
	s, base := start(t, LargeDataset(3, 20, 300, testToday), Options{})
	tok := login(t, base)
	ids := s.Snapshot().Subscriptions
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := range 10 {
				_ = s.SetQuantity(ids[(i*10+j)%len(ids)].ID, float64(j))
				a := do(t, http.MethodGet, base+"/subscriptions?size=200", tok, nil)
				assert.Equal(t, http.StatusOK, a.status)
			}
		}(i)
	}
	wg.Wait()
	assert.EqualValues(t, 81, s.Requests())
}
