package halopsa

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/sim"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

var today = time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)

func start(t *testing.T, d *Dataset, opts Options) (*Server, string) {
	t.Helper()
	s := New(d, opts)
	base, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s, base
}

func token(t *testing.T, base string, creds Credentials) (int, map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {creds.ClientID},
		"client_secret": {creds.ClientSecret}, "scope": {"all"}}
	resp, err := http.Post(base+"/auth/token?tenant="+url.QueryEscape(creds.Tenant), "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body
}

func get(t *testing.T, base, tok, path string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	require.NoError(t, err)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(b, &body), string(b))
	return resp.StatusCode, body
}

func TestTokenEndpoint(t *testing.T) {
	_, base := start(t, DemoDataset(today), Options{})
	status, body := token(t, base, DemoCredentials())
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Bearer", body["token_type"])
	assert.EqualValues(t, 3600, body["expires_in"])
	assert.NotEmpty(t, body["access_token"])

	for name, creds := range map[string]Credentials{
		"wrong secret": {Tenant: "trueupdemo", ClientID: DemoCredentials().ClientID, ClientSecret: "nope"},
		"wrong tenant": {Tenant: "other", ClientID: DemoCredentials().ClientID, ClientSecret: DemoCredentials().ClientSecret},
	} {
		status, body := token(t, base, creds)
		assert.Equal(t, http.StatusUnauthorized, status, name)
		assert.Equal(t, "invalid_client", body["error"], name)
	}
}

func TestAPIAuthAndLists(t *testing.T) {
	clk := sim.NewClock(today)
	_, base := start(t, DemoDataset(today), Options{Now: clk.Now})
	_, tb := token(t, base, DemoCredentials())
	tok := tb["access_token"].(string)

	status, body := get(t, base, "", "/api/Client")
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "Authorization has been denied for this request.", body["message"])

	status, body = get(t, base, tok, "/api/client?pageinate=true&page_size=5&page_no=1")
	require.Equal(t, http.StatusOK, status, "paths are case-insensitive")
	assert.Len(t, body["clients"], 5)
	active := body["record_count"].(float64)

	_, body = get(t, base, tok, "/api/Client?includeinactive=true")
	assert.Greater(t, body["record_count"].(float64), active, "inactive clients only with includeinactive")

	_, body = get(t, base, tok, "/api/Client?pageinate=true&page_size=5&page_no=0")
	_, first := get(t, base, tok, "/api/Client?pageinate=true&page_size=5&page_no=1")
	assert.Equal(t, first["clients"], body["clients"], "page_no 0 is page 1: pages start at 1")

	_, body = get(t, base, tok, "/api/Client?pageinate=true&page_size=5&page_no=999")
	assert.Empty(t, body["clients"])

	_, body = get(t, base, tok, "/api/RecurringInvoice?pageinate=true&page_size=2&page_no=1")
	for _, inv := range body["invoices"].([]any) {
		assert.NotContains(t, inv.(map[string]any), "lines", "lines only with includelines")
	}
	_, body = get(t, base, tok, "/api/RecurringInvoice?includelines=true&client_id=101")
	invs := body["invoices"].([]any)
	require.NotEmpty(t, invs)
	inv := invs[0].(map[string]any)
	assert.EqualValues(t, 101, inv["client_id"])
	line := inv["lines"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "ihid", "_itemid", "item_code", "item_shortdescription", "qty_order", "unit_price", "unit_cost", "isinactive"} {
		assert.Contains(t, line, k)
	}

	status, one := get(t, base, tok, "/api/RecurringInvoice/2001?includedetails=true")
	require.Equal(t, http.StatusOK, status)
	assert.NotEmpty(t, one["lines"])
	status, _ = get(t, base, tok, "/api/RecurringInvoice/99999")
	assert.Equal(t, http.StatusNotFound, status)

	clk.Advance(61 * time.Minute)
	status, _ = get(t, base, tok, "/api/Item")
	assert.Equal(t, http.StatusUnauthorized, status, "an expired token is refused")
}

// The Halo demo instance describes the same MSP as the ConnectWise demo tenant: the same
// customers, and for every customer the same seats and price of every billed licence
// product on its current, visible lines, so the demo's cards do not depend on the PSA.
func TestDemoDatasetMirrorsConnectWise(t *testing.T) {
	cw := cwsim.DemoDataset(today)
	halo := DemoDataset(today)
	type key struct {
		client  int
		product string
	}
	licence := map[string]bool{}
	for _, p := range append(sim.DemoProducts(), sim.DemoNewProduct()) {
		licence[p.PSAName] = true
	}

	cwAgreement := map[int]cwsim.Agreement{}
	for _, a := range cw.Agreements {
		cwAgreement[a.ID] = a
	}
	cwCatalog := map[int]string{}
	for _, c := range cw.Catalog {
		cwCatalog[c.ID] = c.Description
	}
	// Prospects and vendors bill nothing in either PSA (Halo has no contract for them).
	customer := map[int]bool{}
	for _, c := range cw.Companies {
		customer[c.ID] = len(c.Types) > 0 && c.Types[0].ID == cwsim.TypeCustomer
	}
	cwBilled, cwPrice := map[key]float64{}, map[key]float64{}
	for _, a := range cw.Additions {
		name := cwCatalog[a.Product.ID]
		ag := cwAgreement[a.AgreementID]
		if !licence[name] || a.CancelledDate != "" || ag.CancelledFlag || a.BillCustomer != "Billable" || !customer[ag.Company.ID] {
			continue
		}
		k := key{ag.Company.ID, name}
		cwBilled[k] += a.Quantity // the seats: cards compare them, whatever the agreement includes
		cwPrice[k] = a.UnitPrice
	}

	haloBilled, haloPrice := map[key]float64{}, map[key]float64{}
	items := map[int]string{}
	for _, it := range halo.Items {
		items[it.ID] = it.Name
	}
	for _, inv := range halo.Invoices {
		if inv.Disabled {
			continue
		}
		for _, l := range inv.Lines {
			if !licence[items[l.ItemID]] || l.IsInactive {
				continue
			}
			k := key{inv.ClientID, items[l.ItemID]}
			haloBilled[k] += l.QtyOrder
			haloPrice[k] = l.UnitPrice
		}
	}
	assert.Equal(t, cwBilled, haloBilled)
	assert.Equal(t, cwPrice, haloPrice)

	names := map[int]string{}
	for _, c := range cw.Companies {
		names[c.ID] = c.Name
	}
	for _, c := range halo.Clients {
		assert.Equal(t, names[c.ID], c.Name, "client %d", c.ID)
	}
	for i, c := range sim.DemoCustomers() {
		if id, ok := DemoCatalogID(sim.DemoProducts()[0].PSAName); assert.True(t, ok) {
			want, _ := cwsim.DemoCatalogID(sim.DemoProducts()[0].PSAName)
			assert.Equal(t, want, id)
		}
		assert.Equal(t, cwsim.DemoCompanyID(i), DemoCompanyID(i), c.Name)
	}
}
