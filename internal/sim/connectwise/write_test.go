package connectwise

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/sim"
)

// writeTenant is one customer with one agreement (1001) holding one addition (5001, 10
// seats) and a two-item catalog.
func writeTenant() *Dataset {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	return &Dataset{
		Companies:  []Company{{ID: 11, Identifier: "Acme", Name: "Acme", Info: Info{LastUpdated: at}}},
		Agreements: []Agreement{{ID: 1001, Name: "Managed", Company: Ref{ID: 11}, AgreementStatus: "Active", Info: Info{LastUpdated: at}}},
		Additions: []Addition{{ID: 5001, AgreementID: 1001, Product: Ref{ID: 301, Identifier: "M365-BP"}, Quantity: 10,
			UnitPrice: 22, UnitCost: 18.5, BillCustomer: "Billable", EffectiveDate: "2026-01-01T00:00:00Z",
			Description: "Microsoft 365 Business Premium", Info: Info{LastUpdated: at}}},
		Catalog: []CatalogItem{
			{ID: 301, Identifier: "M365-BP", Description: "Microsoft 365 Business Premium", Price: 22, Cost: 18.5, Info: Info{LastUpdated: at}},
			{ID: 302, Identifier: "M365-E3", Description: "Microsoft 365 E3", Price: 36, Cost: 33, Info: Info{LastUpdated: at}},
		},
	}
}

func send(t *testing.T, s *Server, method, path, body string, mutate ...func(*http.Request)) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.BaseURL()+path, strings.NewReader(body))
	require.NoError(t, err)
	c := DemoCredentials()
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.Company+"+"+c.PublicKey+":"+c.PrivateKey)))
	req.Header.Set("clientId", c.ClientID)
	req.Header.Set("Content-Type", "application/json")
	for _, m := range mutate {
		m(req)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{resp.StatusCode, resp.Header, b}
}

func errorBody(t *testing.T, a answer) apiError {
	t.Helper()
	var e apiError
	require.NoError(t, json.Unmarshal(a.body, &e), string(a.body))
	return e
}

func TestPatchAddition(t *testing.T) {
	const path = "/finance/agreements/1001/additions/5001"
	tests := []struct {
		name      string
		path      string
		body      string
		status    int
		code      string // errors[0].code
		field     string // errors[0].field
		wantQty   float64
		wantApply bool
	}{
		{name: "replace quantity", path: path, body: `[{"op":"replace","path":"quantity","value":27}]`, status: 200, wantQty: 27, wantApply: true},
		{name: "leading slash path", path: path, body: `[{"op":"replace","path":"/quantity","value":12}]`, status: 200, wantQty: 12, wantApply: true},
		{name: "add op", path: path, body: `[{"op":"add","path":"quantity","value":0}]`, status: 200, wantQty: 0, wantApply: true},
		{name: "object body", path: path, body: `{"quantity":27}`, status: 400, code: "InvalidObject", field: "patchOperation", wantQty: 10},
		{name: "unknown path", path: path, body: `[{"op":"replace","path":"seats","value":27}]`, status: 400, code: "InvalidField", field: "seats", wantQty: 10},
		{name: "negative quantity", path: path, body: `[{"op":"replace","path":"quantity","value":-1}]`, status: 400, code: "InvalidField", field: "quantity", wantQty: 10},
		{name: "quantity as text", path: path, body: `[{"op":"replace","path":"quantity","value":"27"}]`, status: 400, code: "InvalidField", field: "quantity", wantQty: 10},
		{name: "null quantity", path: path, body: `[{"op":"replace","path":"quantity","value":null}]`, status: 400, code: "InvalidField", field: "quantity", wantQty: 10},
		{name: "no value", path: path, body: `[{"op":"replace","path":"quantity"}]`, status: 400, code: "InvalidField", field: "quantity", wantQty: 10},
		{name: "remove op", path: path, body: `[{"op":"remove","path":"quantity"}]`, status: 400, code: "InvalidField", field: "op", wantQty: 10},
		{name: "second op bad: nothing applied", path: path, body: `[{"op":"replace","path":"quantity","value":27},{"op":"replace","path":"billCustomer","value":"Sometimes"}]`, status: 400, code: "InvalidField", field: "billCustomer", wantQty: 10},
		{name: "missing addition", path: "/finance/agreements/1001/additions/9999", body: `[{"op":"replace","path":"quantity","value":27}]`, status: 404, wantQty: 10},
		{name: "addition of another agreement", path: "/finance/agreements/1002/additions/5001", body: `[{"op":"replace","path":"quantity","value":27}]`, status: 404, wantQty: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := sim.NewClock(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
			s := start(t, writeTenant(), Options{Now: clock.Now})
			before, _ := s.Addition(1001, 5001)
			a := send(t, s, http.MethodPatch, tt.path, tt.body)
			require.Equal(t, tt.status, a.status, string(a.body))
			if tt.code != "" {
				e := errorBody(t, a)
				require.NotEmpty(t, e.Errors, string(a.body))
				assert.Equal(t, tt.code, e.Errors[0].Code)
				assert.Equal(t, tt.field, e.Errors[0].Field)
			}
			after, _ := s.Addition(1001, 5001)
			assert.Equal(t, tt.wantQty, after.Quantity)
			require.Len(t, s.Writes(), 1)
			assert.Equal(t, tt.wantApply, s.Writes()[0].Applied)
			if !tt.wantApply {
				assert.Equal(t, before, after, "a refused patch changes nothing")
				return
			}
			var got Addition
			require.NoError(t, json.Unmarshal(a.body, &got))
			assert.Equal(t, tt.wantQty, got.Quantity, "the answer is the updated addition")
			assert.True(t, got.Info.LastUpdated.After(before.Info.LastUpdated), "lastUpdated moves")
			one := get(t, s, tt.path, nil)
			require.Equal(t, http.StatusOK, one.status)
			assert.JSONEq(t, string(a.body), string(one.body), "the next GET sees the change")
		})
	}
}

func TestWriteStampMovesWithinOneSecond(t *testing.T) {
	clock := sim.NewClock(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	s := start(t, writeTenant(), Options{Now: clock.Now})
	var stamps []time.Time
	for _, q := range []string{"11", "12"} {
		a := send(t, s, http.MethodPatch, "/finance/agreements/1001/additions/5001", `[{"op":"replace","path":"quantity","value":`+q+`}]`)
		require.Equal(t, http.StatusOK, a.status, string(a.body))
		var got Addition
		require.NoError(t, json.Unmarshal(a.body, &got))
		stamps = append(stamps, got.Info.LastUpdated)
	}
	assert.True(t, stamps[1].After(stamps[0]), "two writes in the same second still get distinct stamps: %v", stamps)
}

func TestCreateAddition(t *testing.T) {
	const path = "/finance/agreements/1001/additions"
	tests := []struct {
		name   string
		path   string
		body   string
		status int
		code   string
		field  string
	}{
		{name: "created", path: path, body: `{"product":{"id":302},"quantity":3,"unitPrice":36,"unitCost":33,"billCustomer":"Billable","effectiveDate":"2027-01-01T00:00:00Z","description":"E3 (TrueUp p1)"}`, status: 201},
		{name: "by identifier", path: path, body: `{"product":{"identifier":"m365-e3"},"billCustomer":"NoCharge"}`, status: 201},
		{name: "no product", path: path, body: `{"quantity":3,"billCustomer":"Billable"}`, status: 400, code: "MissingRequiredField", field: "product"},
		{name: "no billCustomer", path: path, body: `{"product":{"id":302},"quantity":3}`, status: 400, code: "MissingRequiredField", field: "billCustomer"},
		{name: "product not in catalog", path: path, body: `{"product":{"id":777},"billCustomer":"Billable"}`, status: 400, code: "InvalidField", field: "product"},
		{name: "negative quantity", path: path, body: `{"product":{"id":302},"quantity":-2,"billCustomer":"Billable"}`, status: 400, code: "InvalidField", field: "quantity"},
		{name: "array body", path: path, body: `[{"product":{"id":302}}]`, status: 400},
		{name: "missing agreement", path: "/finance/agreements/4242/additions", body: `{"product":{"id":302},"billCustomer":"Billable"}`, status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, writeTenant(), Options{})
			a := send(t, s, http.MethodPost, tt.path, tt.body)
			require.Equal(t, tt.status, a.status, string(a.body))
			if tt.code != "" {
				e := errorBody(t, a)
				require.NotEmpty(t, e.Errors)
				assert.Equal(t, tt.code, e.Errors[0].Code)
				assert.Equal(t, tt.field, e.Errors[0].Field)
			}
			if tt.status != http.StatusCreated {
				assert.Equal(t, []int{5001}, s.AdditionIDs(1001), "nothing was created")
				return
			}
			var got Addition
			require.NoError(t, json.Unmarshal(a.body, &got))
			assert.Equal(t, 5002, got.ID)
			assert.Equal(t, 1001, got.AgreementID)
			assert.Equal(t, Ref{ID: 302, Identifier: "M365-E3"}, got.Product)
			assert.False(t, got.Info.LastUpdated.IsZero())
			list := rows(t, get(t, s, path, nil))
			require.Len(t, list, 2)
			assert.EqualValues(t, 5002, list[1]["id"], "the next GET lists it")
		})
	}
}

func TestPatchCatalogItem(t *testing.T) {
	s := start(t, writeTenant(), Options{})
	a := send(t, s, http.MethodPatch, "/procurement/catalog/301", `[{"op":"replace","path":"cost","value":19.25}]`)
	require.Equal(t, http.StatusOK, a.status, string(a.body))
	item, _ := s.CatalogItem(301)
	assert.Equal(t, 19.25, item.Cost)
	one := get(t, s, "/procurement/catalog/301", nil)
	assert.JSONEq(t, string(a.body), string(one.body))

	a = send(t, s, http.MethodPatch, "/procurement/catalog/301", `{"cost":1}`)
	assert.Equal(t, http.StatusBadRequest, a.status)
	a = send(t, s, http.MethodPatch, "/procurement/catalog/301", `[{"op":"replace","path":"margin","value":1}]`)
	require.Equal(t, http.StatusBadRequest, a.status)
	assert.Equal(t, "margin", errorBody(t, a).Errors[0].Field)
	a = send(t, s, http.MethodPatch, "/procurement/catalog/999", `[{"op":"replace","path":"cost","value":1}]`)
	assert.Equal(t, http.StatusNotFound, a.status)
	item, _ = s.CatalogItem(301)
	assert.Equal(t, 19.25, item.Cost, "refused patches change nothing")
}

func TestWritesNeedAuth(t *testing.T) {
	s := start(t, writeTenant(), Options{})
	a := send(t, s, http.MethodPatch, "/finance/agreements/1001/additions/5001", `[{"op":"replace","path":"quantity","value":27}]`,
		func(r *http.Request) {
			r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("trueupdemo+DemoPublicKey00001:nope")))
		})
	assert.Equal(t, http.StatusUnauthorized, a.status)
	got, _ := s.Addition(1001, 5001)
	assert.Equal(t, 10.0, got.Quantity)
	assert.Empty(t, s.Writes(), "a refused login never reaches a write handler")
}

func TestDeleteAddition(t *testing.T) {
	const path = "/finance/agreements/1001/additions/5001"
	tests := []struct {
		name   string
		path   string
		status int
		gone   bool // 5001 is gone afterwards
	}{
		{name: "deleted", path: path, status: http.StatusNoContent, gone: true},
		{name: "missing addition", path: "/finance/agreements/1001/additions/9999", status: http.StatusNotFound},
		{name: "addition of another agreement", path: "/finance/agreements/1002/additions/5001", status: http.StatusNotFound},
		{name: "not an id", path: "/finance/agreements/1001/additions/x", status: http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, writeTenant(), Options{})
			a := send(t, s, http.MethodDelete, tt.path, "")
			require.Equal(t, tt.status, a.status, string(a.body))
			_, still := s.Addition(1001, 5001)
			assert.Equal(t, !tt.gone, still)
			if !tt.gone {
				if tt.status == http.StatusNotFound {
					assert.Equal(t, "NotFound", errorBody(t, a).Code)
				}
				return
			}
			assert.Empty(t, a.body, "204 has no body")
			require.Len(t, s.Writes(), 1)
			assert.Equal(t, Write{Method: http.MethodDelete, Path: path, Status: http.StatusNoContent, Applied: true}, s.Writes()[0])
			assert.Equal(t, http.StatusNotFound, get(t, s, path, nil).status, "the next GET no longer finds it")
			assert.Empty(t, rows(t, get(t, s, "/finance/agreements/1001/additions", nil)), "nor lists it")

			again := send(t, s, http.MethodDelete, path, "")
			assert.Equal(t, http.StatusNotFound, again.status, "a second DELETE finds nothing")
			assert.Equal(t, "NotFound", errorBody(t, again).Code)
			assert.Equal(t, 1, s.AppliedWrites())
		})
	}
}

// A created addition never gets the id of one deleted before, as in ConnectWise.
func TestCreateAfterDeleteTakesANewID(t *testing.T) {
	s := start(t, writeTenant(), Options{})
	const body = `{"product":{"id":302},"quantity":3,"billCustomer":"Billable"}`
	a := send(t, s, http.MethodPost, "/finance/agreements/1001/additions", body)
	require.Equal(t, http.StatusCreated, a.status, string(a.body))
	require.Equal(t, http.StatusNoContent, send(t, s, http.MethodDelete, "/finance/agreements/1001/additions/5002", "").status)
	a = send(t, s, http.MethodPost, "/finance/agreements/1001/additions", body)
	require.Equal(t, http.StatusCreated, a.status, string(a.body))
	var got Addition
	require.NoError(t, json.Unmarshal(a.body, &got))
	assert.Equal(t, 5003, got.ID)
}

func TestWriteFaults(t *testing.T) {
	const path = "/finance/agreements/1001/additions/5001"
	const body = `[{"op":"replace","path":"quantity","value":27}]`
	tests := []struct {
		name    string
		mode    WriteFaultMode
		status  int // 0: the connection drops
		applied bool
	}{
		{"fail before applying", FailBeforeApply, 503, false},
		{"apply then fail", ApplyThenFail, 500, true},
		{"apply then drop", ApplyThenDrop, 0, true},
	}
	for _, method := range []string{http.MethodPatch, http.MethodDelete} {
		for _, tt := range tests {
			t.Run(method+" "+tt.name, func(t *testing.T) {
				s := start(t, writeTenant(), Options{})
				s.AddWriteFault(WriteFault{Fault: sim.Fault{PathContains: "/additions/5001", Status: tt.status}, Mode: tt.mode})
				require.Equal(t, http.StatusOK, get(t, s, path, nil).status, "reads are not hit by write faults")
				sent := body
				if method == http.MethodDelete {
					sent = ""
				}
				req, err := http.NewRequest(method, s.BaseURL()+path, strings.NewReader(sent))
				require.NoError(t, err)
				c := DemoCredentials()
				req.SetBasicAuth(c.Company+"+"+c.PublicKey, c.PrivateKey)
				req.Header.Set("clientId", c.ClientID)
				resp, err := http.DefaultClient.Do(req)
				if tt.status == 0 {
					require.Error(t, err, "the connection is closed without an answer")
				} else {
					require.NoError(t, err)
					_ = resp.Body.Close()
					assert.Equal(t, tt.status, resp.StatusCode)
				}
				got, present := s.Addition(1001, 5001)
				if method == http.MethodDelete {
					assert.Equal(t, tt.applied, !present, "deleted only when applied")
				} else {
					assert.Equal(t, tt.applied, got.Quantity == 27)
				}
				require.Len(t, s.Writes(), 1, "exactly one write arrived")
				assert.Equal(t, tt.applied, s.Writes()[0].Applied)
				assert.Equal(t, tt.status, s.Writes()[0].Status)
				assert.Equal(t, method, s.Writes()[0].Method)
				if method == http.MethodPatch {
					assert.JSONEq(t, body, s.Writes()[0].Body)
				}

				if method == http.MethodDelete && tt.applied {
					return // nothing left to delete
				}
				a := send(t, s, method, path, map[string]string{http.MethodPatch: `[{"op":"replace","path":"quantity","value":28}]`}[method])
				assert.Less(t, a.status, 300, "the fault was used up: %s", a.body)
			})
		}
	}
}
