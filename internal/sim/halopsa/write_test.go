package halopsa_test

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

	halosim "github.com/trueup/trueup/internal/sim/halopsa"
)

// writeTenant is one client with one recurring invoice (300) of two lines, and two items.
func writeTenant() *halosim.Dataset {
	return &halosim.Dataset{
		Clients: []halosim.Client{{ID: 11, Name: "Acme"}},
		Invoices: []halosim.RecurringInvoice{{ID: 300, ClientID: 11, ClientName: "Acme", Reference: "Acme monthly", Lines: []halosim.InvoiceLine{
			{ID: 5001, IHID: 300, ItemID: 21, ItemCode: "M365-BP", ItemShortDescription: "Microsoft 365 Business Premium", QtyOrder: 25, UnitPrice: 22, UnitCost: 18.5, SequenceID: 1},
			{ID: 5002, IHID: 300, ItemID: 22, ItemCode: "BACKUP", ItemShortDescription: "Backup", QtyOrder: 4, UnitPrice: 10, UnitCost: 6, SequenceID: 2},
		}}},
		Items: []halosim.Item{{ID: 21, Name: "Microsoft 365 Business Premium", RecurringPrice: 22, RecurringCost: 18.5, CostPrice: 18.5},
			{ID: 23, Name: "Microsoft 365 E3", RecurringPrice: 36, RecurringCost: 33, CostPrice: 33}},
	}
}

type writeClient struct {
	t     *testing.T
	s     *halosim.Server
	base  string
	token string
	hc    *http.Client
}

func newWriteClient(t *testing.T) *writeClient {
	t.Helper()
	s := halosim.New(writeTenant(), halosim.Options{})
	base, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(s.Close)
	c := &writeClient{t: t, s: s, base: base, hc: &http.Client{Timeout: 2 * time.Second}}
	creds := halosim.DemoCredentials()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {creds.ClientID}, "client_secret": {creds.ClientSecret}, "scope": {"all"}}
	resp, err := c.hc.PostForm(base+halosim.TokenPath+"?tenant="+creds.Tenant, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	c.token = tok.AccessToken
	return c
}

func (c *writeClient) post(path, body string) (int, string, error) {
	req, err := http.NewRequest(http.MethodPost, c.base+halosim.PathPrefix+path, strings.NewReader(body))
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

func TestPostRecurringInvoiceLinesAreTheWholeSet(t *testing.T) {
	c := newWriteClient(t)
	// Line 5001 changes, 5002 is left out, and a line without id is created.
	status, body, err := c.post("/RecurringInvoice", `[{"id":300,"lines":[
		{"id":5001,"ihid":300,"_itemid":21,"item_code":"M365-BP","item_shortdescription":"Microsoft 365 Business Premium","qty_order":27,"unit_price":22,"unit_cost":18.5,"unknown_field":"kept out"},
		{"_itemid":23,"item_shortdescription":"Microsoft 365 E3 (TrueUp k1)","qty_order":3,"unit_price":36,"unit_cost":33}]}]`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, status, body)

	inv, ok := c.s.Invoice(300)
	require.True(t, ok)
	require.Len(t, inv.Lines, 2, "the line left out is removed")
	assert.Equal(t, 27.0, inv.Lines[0].QtyOrder)
	assert.Equal(t, 5001, inv.Lines[0].ID)
	assert.Equal(t, 5003, inv.Lines[1].ID, "a new id, never one in use")
	assert.Equal(t, 300, inv.Lines[1].IHID)
	assert.Equal(t, "Microsoft 365 E3 (TrueUp k1)", inv.Lines[1].ItemShortDescription)
	assert.Equal(t, 108.0, inv.Lines[1].NetAmount)
	assert.Len(t, c.s.LinesDescribed(300, "(TrueUp k1)"), 1)

	// The removed line's id is never handed out again.
	status, body, err = c.post("/RecurringInvoice", `[{"id":300,"add_lines":[{"_itemid":21,"qty_order":1}]}]`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, status, body)
	inv, _ = c.s.Invoice(300)
	require.Len(t, inv.Lines, 3)
	assert.Equal(t, 5004, inv.Lines[2].ID)
	assert.Equal(t, 22.0, inv.Lines[2].UnitPrice, "a new line's price defaults to the item's")

	w := c.s.Writes()
	require.Len(t, w, 2)
	assert.Equal(t, "/RecurringInvoice", w[0].Path)
	assert.True(t, w[0].Applied)
	assert.Equal(t, 2, c.s.AppliedWrites())
}

func TestPostRecurringInvoiceRefusesInvalidInputAndChangesNothing(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"not an array", `{"id":300}`, "must be a JSON array of InvoiceHeader"},
		{"an unknown invoice", `[{"id":999,"lines":[]}]`, "Recurring Invoice 999 does not exist"},
		{"a line of another invoice", `[{"id":300,"lines":[{"id":7777,"qty_order":1}]}]`, "Line 7777 is not a line of Recurring Invoice 300"},
		{"a new line without a valid item", `[{"id":300,"lines":[{"id":5001,"qty_order":1},{"_itemid":99,"qty_order":1}]}]`, "valid Item"},
		{"a quantity that is not a number", `[{"id":300,"lines":[{"id":5001,"qty_order":"many"}]}]`, "qty_order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newWriteClient(t)
			status, body, err := c.post("/RecurringInvoice", tc.body)
			require.NoError(t, err)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Contains(t, body, tc.want)
			assert.Contains(t, body, `"message"`)
			inv, _ := c.s.Invoice(300)
			assert.Len(t, inv.Lines, 2, "all or nothing")
			assert.Equal(t, 25.0, inv.Lines[0].QtyOrder)
			assert.Zero(t, c.s.AppliedWrites())
			assert.Len(t, c.s.Writes(), 1)
		})
	}
}

func TestPostItemCost(t *testing.T) {
	c := newWriteClient(t)
	status, body, err := c.post("/Item", `[{"id":21,"costprice":19.25}]`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, status, body)
	it, ok := c.s.CatalogItem(21)
	require.True(t, ok)
	assert.Equal(t, 19.25, it.CostPrice)
	assert.Equal(t, "Microsoft 365 Business Premium", it.Name, "fields not sent stay")

	status, body, err = c.post("/Item", `[{"id":98,"costprice":1}]`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "Item 98 does not exist")
}

func TestWriteFaults(t *testing.T) {
	const change = `[{"id":300,"lines":[{"id":5001,"qty_order":26},{"id":5002}]}]`
	for _, tc := range []struct {
		mode    halosim.WriteFaultMode
		status  int
		dropped bool
		applied bool
	}{
		{mode: halosim.FailBeforeApply, status: http.StatusInternalServerError},
		{mode: halosim.ApplyThenFail, status: http.StatusBadGateway, applied: true},
		{mode: halosim.ApplyThenDrop, dropped: true, applied: true},
		{mode: halosim.ApplyThenHang, dropped: true, applied: true},
	} {
		c := newWriteClient(t)
		c.hc.Timeout = 300 * time.Millisecond
		st := tc.status
		if tc.mode == halosim.ApplyThenFail {
			st = http.StatusBadGateway
		}
		c.s.AddWriteFault(halosim.WriteFault{Fault: halosim.Fault{PathContains: "/RecurringInvoice", Status: st}, Mode: tc.mode})
		status, _, err := c.post("/RecurringInvoice", change)
		if tc.dropped {
			assert.Error(t, err, "no answer")
		} else {
			require.NoError(t, err)
			assert.Equal(t, tc.status, status)
		}
		l, _ := c.s.Line(300, 5001)
		if tc.applied {
			assert.Equal(t, 26.0, l.QtyOrder, "mode %d applies", tc.mode)
		} else {
			assert.Equal(t, 25.0, l.QtyOrder, "mode %d changes nothing", tc.mode)
		}
		assert.Equal(t, btoi(tc.applied), c.s.AppliedWrites())
		// The fault was used up: the same request now goes through.
		status, _, err = c.post("/RecurringInvoice", change)
		require.NoError(t, err)
		assert.Equal(t, http.StatusCreated, status)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
