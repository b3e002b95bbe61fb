package connectwise

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/sim"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

// writeTenant is one agreement (1001) with one addition (5001, 10 seats) and a catalog.
func writeTenant() *cwsim.Dataset {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	return &cwsim.Dataset{
		Companies:  []cwsim.Company{{ID: 11, Identifier: "Acme", Name: "Acme", Info: cwsim.Info{LastUpdated: at}}},
		Agreements: []cwsim.Agreement{{ID: 1001, Name: "Managed", Company: cwsim.Ref{ID: 11}, AgreementStatus: "Active", Info: cwsim.Info{LastUpdated: at}}},
		Additions: []cwsim.Addition{{ID: 5001, AgreementID: 1001, Product: cwsim.Ref{ID: 301, Identifier: "M365-BP"}, Quantity: 10,
			LessIncluded: 1, UnitPrice: 22, UnitCost: 18.5, BillCustomer: "Billable", EffectiveDate: "2026-01-01T00:00:00Z",
			Description: "Microsoft 365 Business Premium", Info: cwsim.Info{LastUpdated: at}}},
		Catalog: []cwsim.CatalogItem{
			{ID: 301, Identifier: "M365-BP", Description: "Microsoft 365 Business Premium", Price: 22, Cost: 18.5, Info: cwsim.Info{LastUpdated: at}},
			{ID: 302, Identifier: "M365-E3", Description: "Microsoft 365 E3", Price: 36, Cost: 33, Info: cwsim.Info{LastUpdated: at}},
		},
	}
}

// newWriter starts a simulator holding writeTenant and a Writer for it; its retry waits
// are recorded, not slept.
func newWriter(t *testing.T, creds cwsim.Credentials) (*Writer, *cwsim.Server) {
	t.Helper()
	clock := sim.NewClock(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	s := startSim(t, writeTenant(), cwsim.Options{Now: clock.Now})
	c, _ := newConn(t, s, creds)
	return c.Writer(), s
}

func TestPatchAdditionQuantityRoundTrip(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	before, err := w.ReadAddition(t.Context(), 1001, 5001)
	require.NoError(t, err)
	assert.Equal(t, Addition{ID: 5001, AgreementID: 1001, ProductID: 301, ProductIdentifier: "M365-BP", Quantity: 10,
		LessIncluded: 1, UnitPrice: 22, UnitCost: 18.5, BillCustomer: "Billable", EffectiveDate: "2026-01-01",
		Description: "Microsoft 365 Business Premium", LastUpdated: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)}, before)

	after, err := w.PatchAdditionQuantity(t.Context(), 1001, 5001, 27)
	require.NoError(t, err)
	assert.Equal(t, 27.0, after.Quantity, "the answer is the updated addition")
	assert.True(t, after.LastUpdated.After(before.LastUpdated), "lastUpdated moved")

	again, err := w.ReadAddition(t.Context(), 1001, 5001)
	require.NoError(t, err)
	assert.Equal(t, after, again, "the next GET sees the change")

	writes := s.Writes()
	require.Len(t, writes, 1)
	assert.Equal(t, http.MethodPatch, writes[0].Method)
	assert.Equal(t, "/finance/agreements/1001/additions/5001", writes[0].Path)
	assert.JSONEq(t, `[{"op":"replace","path":"quantity","value":27}]`, writes[0].Body, "a JSON Patch array with a plain number")
}

func TestPatchRefusesImpossibleQuantitiesWithoutSending(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	for _, q := range []float64{-1, math.NaN(), math.Inf(1)} {
		_, err := w.PatchAdditionQuantity(t.Context(), 1001, 5001, q)
		require.Error(t, err, "%v", q)
		assert.NotErrorAs(t, err, new(*httpx.UnknownOutcomeError))
	}
	assert.Empty(t, s.Writes())
}

func TestCreateAdditionRoundTrip(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	created, err := w.CreateAddition(t.Context(), 1001, NewAddition{ProductID: 302, Quantity: 3, UnitPrice: 36, UnitCost: 33,
		BillCustomer: "Billable", EffectiveDate: "2027-01-01", Description: "Microsoft 365 E3", Marker: "p42-7f3a"})
	require.NoError(t, err)
	assert.Equal(t, int64(5002), created.ID)
	assert.Equal(t, int64(1001), created.AgreementID)
	assert.Equal(t, int64(302), created.ProductID)
	assert.Equal(t, 3.0, created.Quantity)
	assert.Equal(t, "2027-01-01", created.EffectiveDate)
	assert.Equal(t, "Microsoft 365 E3 (TrueUp p42-7f3a)", created.Description, "the marker rides in description")
	assert.Equal(t, "Microsoft 365 E3", created.InvoiceDescription, "the invoice text carries no marker")
	assert.False(t, created.LastUpdated.IsZero())

	read, err := w.ReadAddition(t.Context(), 1001, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created, read)

	writes := s.Writes()
	require.Len(t, writes, 1)
	var sent map[string]any
	require.NoError(t, json.Unmarshal([]byte(writes[0].Body), &sent))
	assert.Equal(t, "2027-01-01T00:00:00Z", sent["effectiveDate"], "a civil date goes out as midnight UTC")
	assert.Equal(t, map[string]any{"id": 302.0}, sent["product"])
	assert.Equal(t, "Billable", sent["billCustomer"])
}

func TestCreateAdditionRefusesBadInputWithoutSending(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	ok := NewAddition{ProductID: 302, Quantity: 1, BillCustomer: "Billable", EffectiveDate: "2027-01-01", Description: "E3", Marker: "p1"}
	tests := []struct {
		name   string
		change func(*NewAddition)
	}{
		{"no product", func(n *NewAddition) { n.ProductID = 0 }},
		{"no billCustomer", func(n *NewAddition) { n.BillCustomer = "" }},
		{"negative quantity", func(n *NewAddition) { n.Quantity = -3 }},
		{"date with a time", func(n *NewAddition) { n.EffectiveDate = "2027-01-01T00:00:00Z" }},
		{"marker with a wildcard", func(n *NewAddition) { n.Marker = "p%42" }},
		{"marker with a quote", func(n *NewAddition) { n.Marker = `p"42` }},
		{"marker too long", func(n *NewAddition) { n.Marker = strings.Repeat("a", 25) }},
		{"marker without a description", func(n *NewAddition) { n.Description = " " }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := ok
			tt.change(&n)
			_, err := w.CreateAddition(t.Context(), 1001, n)
			require.Error(t, err)
		})
	}
	assert.Empty(t, s.Writes())
}

func TestDescriptionKeepsTheMarkerWhole(t *testing.T) {
	got := describe(strings.Repeat("Very long product description ", 5), "(TrueUp p42-7f3a)")
	assert.LessOrEqual(t, len([]rune(got)), maxDescription)
	assert.True(t, strings.HasSuffix(got, " (TrueUp p42-7f3a)"), got)
	assert.Equal(t, "(TrueUp p1)", describe("", "(TrueUp p1)"))
	assert.Equal(t, "Backup", describe("Backup", ""))
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name   string
		creds  cwsim.Credentials
		fault  *cwsim.Fault
		call   func(w *Writer) error
		check  func(t *testing.T, err error)
		wantIn []string
	}{
		{
			name: "400 names the field",
			call: func(w *Writer) error {
				_, err := w.PatchAddition(t.Context(), 1001, 5001, []PatchOperation{{Op: "replace", Path: "seats", Value: 3}})
				return err
			},
			check: func(t *testing.T, err error) {
				var re *RefusedError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, "seats", re.Field())
				assert.Equal(t, http.StatusBadRequest, re.Status)
			},
			wantIn: []string{"ConnectWise refused the value of seats for addition 5001 of agreement 1001", "seats is not a field of addition"},
		},
		{
			name: "400 on create names the missing product",
			call: func(w *Writer) error {
				_, err := w.CreateAddition(t.Context(), 1001, NewAddition{ProductID: 777, Quantity: 1, BillCustomer: "Billable"})
				return err
			},
			check: func(t *testing.T, err error) {
				var re *RefusedError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, "product", re.Field())
			},
			wantIn: []string{"refused the value of product", "not found in the product catalog"},
		},
		{
			name:  "401",
			creds: badCreds(),
			call: func(w *Writer) error {
				_, err := w.PatchAdditionQuantity(t.Context(), 1001, 5001, 27)
				return err
			},
			check:  func(t *testing.T, err error) { assert.True(t, connector.IsAuth(err)) },
			wantIn: []string{"the API keys were refused", "System > Members > API Members"},
		},
		{
			name:  "403 on an addition",
			fault: &cwsim.Fault{PathContains: "/additions/5001", Status: http.StatusForbidden, Times: -1},
			call: func(w *Writer) error {
				_, err := w.PatchAdditionQuantity(t.Context(), 1001, 5001, 27)
				return err
			},
			check:  func(t *testing.T, err error) { assert.True(t, connector.IsAuth(err)) },
			wantIn: []string{"the API member lacks the permission to change addition 5001 of agreement 1001", "Security Roles", "Finance > Agreements: Edit"},
		},
		{
			name:  "403 on a read",
			fault: &cwsim.Fault{PathContains: "/additions/5001", Status: http.StatusForbidden, Times: -1},
			call: func(w *Writer) error {
				_, err := w.ReadAddition(t.Context(), 1001, 5001)
				return err
			},
			check:  func(t *testing.T, err error) { assert.True(t, connector.IsAuth(err)) },
			wantIn: []string{"lacks the permission to read addition 5001 of agreement 1001", "Finance > Agreements (Inquire Level: All)"},
		},
		{
			name:  "403 on the catalog",
			fault: &cwsim.Fault{PathContains: "/procurement/catalog/301", Status: http.StatusForbidden, Times: -1},
			call: func(w *Writer) error {
				_, err := w.PatchCatalogCost(t.Context(), 301, 19)
				return err
			},
			check:  func(t *testing.T, err error) { assert.True(t, connector.IsAuth(err)) },
			wantIn: []string{"lacks the permission to change catalog item 301", "Procurement > Product Catalog: Edit"},
		},
		{
			name: "404 on patch",
			call: func(w *Writer) error {
				_, err := w.PatchAdditionQuantity(t.Context(), 1001, 5999, 27)
				return err
			},
			check:  func(t *testing.T, err error) { assert.ErrorAs(t, err, new(*connector.NotFoundError)) },
			wantIn: []string{"the addition no longer exists in ConnectWise: sync and review again"},
		},
		{
			name: "404 on read",
			call: func(w *Writer) error {
				_, err := w.ReadAddition(t.Context(), 1001, 5999)
				return err
			},
			check:  func(t *testing.T, err error) { assert.ErrorAs(t, err, new(*connector.NotFoundError)) },
			wantIn: []string{"the addition no longer exists in ConnectWise: sync and review again"},
		},
		{
			name: "404 on create: the agreement is gone",
			call: func(w *Writer) error {
				_, err := w.CreateAddition(t.Context(), 4242, NewAddition{ProductID: 302, BillCustomer: "Billable"})
				return err
			},
			check:  func(t *testing.T, err error) { assert.ErrorAs(t, err, new(*connector.NotFoundError)) },
			wantIn: []string{"the agreement no longer exists in ConnectWise"},
		},
		{
			name: "404 on find: the agreement is gone",
			call: func(w *Writer) error {
				_, err := w.FindAdditions(t.Context(), 4242, "p1")
				return err
			},
			check:  func(t *testing.T, err error) { assert.ErrorAs(t, err, new(*connector.NotFoundError)) },
			wantIn: []string{"the agreement no longer exists in ConnectWise"},
		},
		{
			name:  "409",
			fault: &cwsim.Fault{PathContains: "/additions/5001", Status: http.StatusConflict},
			call: func(w *Writer) error {
				_, err := w.PatchAdditionQuantity(t.Context(), 1001, 5001, 27)
				return err
			},
			check: func(t *testing.T, err error) {
				var re *RefusedError
				require.ErrorAs(t, err, &re)
				assert.NotErrorAs(t, err, new(*httpx.UnknownOutcomeError))
			},
			wantIn: []string{"changed while TrueUp was writing it: sync and review again"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creds := tt.creds
			if creds == (cwsim.Credentials{}) {
				creds = cwsim.DemoCredentials()
			}
			w, s := newWriter(t, creds)
			if tt.fault != nil {
				s.AddFault(*tt.fault)
			}
			err := tt.call(w)
			require.Error(t, err)
			tt.check(t, err)
			for _, want := range tt.wantIn {
				assert.Contains(t, connector.UserMessage(err), want)
			}
			assert.NotErrorAs(t, err, new(*httpx.UnknownOutcomeError), "a refusal is a known outcome")
			assert.Zero(t, s.AppliedWrites())
		})
	}
}

// A write that may have been applied comes back as an unknown outcome, and is never sent
// a second time: the simulator must have received it exactly once.
func TestWriteUnknownOutcomeIsSentOnce(t *testing.T) {
	tests := []struct {
		name    string
		mode    cwsim.WriteFaultMode
		status  int
		applied bool
	}{
		{"5xx after applying", cwsim.ApplyThenFail, http.StatusInternalServerError, true},
		{"502 from a gateway after applying", cwsim.ApplyThenFail, http.StatusBadGateway, true},
		{"dropped connection after applying", cwsim.ApplyThenDrop, 0, true},
		{"5xx before applying (the client cannot tell)", cwsim.FailBeforeApply, http.StatusServiceUnavailable, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, s := newWriter(t, cwsim.DemoCredentials())
			s.AddWriteFault(cwsim.WriteFault{Fault: cwsim.Fault{PathContains: "/additions/5001", Status: tt.status, Times: -1}, Mode: tt.mode})
			_, err := w.PatchAdditionQuantity(t.Context(), 1001, 5001, 27)
			require.Error(t, err)
			var unknown *httpx.UnknownOutcomeError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, http.MethodPatch, unknown.Method)
			assert.Contains(t, err.Error(), "may or may not have applied the change")
			require.Len(t, s.Writes(), 1, "sent exactly once")
			assert.Equal(t, tt.applied, s.Writes()[0].Applied)

			now, err := w.ReadAddition(t.Context(), 1001, 5001)
			require.NoError(t, err, "reads still work: the push reads before it resends")
			assert.Equal(t, tt.applied, now.Quantity == 27)
		})
	}
}

// A DELETE that may have been applied is an unknown outcome too, sent once; reading then
// tells: a 404 means it was applied.
func TestDeleteAdditionUnknownOutcomeIsSentOnce(t *testing.T) {
	tests := []struct {
		name    string
		mode    cwsim.WriteFaultMode
		status  int
		applied bool
	}{
		{"5xx after applying", cwsim.ApplyThenFail, http.StatusInternalServerError, true},
		{"dropped connection after applying", cwsim.ApplyThenDrop, 0, true},
		{"5xx before applying (the client cannot tell)", cwsim.FailBeforeApply, http.StatusServiceUnavailable, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, s := newWriter(t, cwsim.DemoCredentials())
			s.AddWriteFault(cwsim.WriteFault{Fault: cwsim.Fault{PathContains: "/additions/5001", Status: tt.status, Times: -1}, Mode: tt.mode})
			err := w.DeleteAddition(t.Context(), 1001, 5001)
			var unknown *httpx.UnknownOutcomeError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, http.MethodDelete, unknown.Method)
			require.Len(t, s.Writes(), 1, "sent exactly once")
			assert.Equal(t, tt.applied, s.Writes()[0].Applied)

			_, err = w.ReadAddition(t.Context(), 1001, 5001)
			if tt.applied {
				require.ErrorAs(t, err, new(*connector.NotFoundError), "reading tells it was applied")
			} else {
				require.NoError(t, err, "still there")
			}
		})
	}
}

func TestDeleteAdditionWithoutThePermissionNamesIt(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	s.AddWriteFault(cwsim.WriteFault{Fault: cwsim.Fault{PathContains: "/additions/5001", Status: http.StatusForbidden}, Mode: cwsim.FailBeforeApply})
	err := w.DeleteAddition(t.Context(), 1001, 5001)
	var auth *connector.AuthError
	require.ErrorAs(t, err, &auth)
	assert.Contains(t, connector.UserMessage(err), "Finance > Agreements: Delete")
	_, still := s.Addition(1001, 5001)
	assert.True(t, still)
}

// A 429 with Retry-After says the request was not processed: that one is waited for and
// sent again, and the change is applied once.
func TestWriteRetriesOnlyARateLimitAnswer(t *testing.T) {
	clock := sim.NewClock(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	s := startSim(t, writeTenant(), cwsim.Options{Now: clock.Now})
	c, waits := newConn(t, s, cwsim.DemoCredentials())
	s.AddFault(cwsim.Fault{PathContains: "/additions/5001", Status: http.StatusTooManyRequests, RetryAfter: "7"})
	got, err := c.Writer().PatchAdditionQuantity(t.Context(), 1001, 5001, 27)
	require.NoError(t, err)
	assert.Equal(t, 27.0, got.Quantity)
	assert.Equal(t, []time.Duration{7 * time.Second}, waits.All())
	assert.Equal(t, 1, s.AppliedWrites())
}

func TestFindAdditionsAfterUnknownCreate(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	s.AddWriteFault(cwsim.WriteFault{Fault: cwsim.Fault{PathContains: "/agreements/1001/additions"}, Mode: cwsim.ApplyThenDrop})
	_, err := w.CreateAddition(t.Context(), 1001, NewAddition{ProductID: 302, Quantity: 3, UnitPrice: 36, UnitCost: 33,
		BillCustomer: "Billable", EffectiveDate: "2027-01-01", Description: "Microsoft 365 E3", Marker: "p42"})
	require.ErrorAs(t, err, new(*httpx.UnknownOutcomeError))
	require.Len(t, s.Writes(), 1, "sent exactly once")

	found, err := w.FindAdditions(t.Context(), 1001, "p42")
	require.NoError(t, err)
	require.Len(t, found, 1, "the create did arrive")
	assert.Equal(t, int64(5002), found[0].ID)
	assert.Equal(t, 3.0, found[0].Quantity)

	for _, other := range []string{"p4", "P42", "p421"} {
		none, err := w.FindAdditions(t.Context(), 1001, other)
		require.NoError(t, err)
		assert.Empty(t, none, "marker %s matches only its own tag", other)
	}
	q := s.RequestsFor(`/agreements/1001/additions?conditions=description like "%(TrueUp p42)%"`)
	assert.Positive(t, q, "the marker is looked up with conditions on the server")
	assert.Len(t, s.Writes(), 1, "looking up sends nothing")
}

func TestCatalogCostAndPrice(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	before, err := w.ReadCatalogItem(t.Context(), 301)
	require.NoError(t, err)
	assert.Equal(t, 18.5, before.Cost)
	assert.Equal(t, "M365-BP", before.Identifier)

	after, err := w.PatchCatalogCost(t.Context(), 301, 19.25)
	require.NoError(t, err)
	assert.Equal(t, 19.25, after.Cost)
	assert.Equal(t, 22.0, after.Price)
	assert.True(t, after.LastUpdated.After(before.LastUpdated))

	priced, err := w.PatchCatalogPrice(t.Context(), 301, 24)
	require.NoError(t, err)
	assert.Equal(t, 24.0, priced.Price)
	assert.Equal(t, 19.25, priced.Cost)

	read, err := w.ReadCatalogItem(t.Context(), 301)
	require.NoError(t, err)
	assert.Equal(t, priced, read)
	writes := s.Writes()
	require.Len(t, writes, 2)
	assert.JSONEq(t, `[{"op":"replace","path":"cost","value":19.25}]`, writes[0].Body)
	assert.Equal(t, "/procurement/catalog/301", writes[0].Path)

	_, err = w.PatchCatalogCost(t.Context(), 999, 1)
	assert.ErrorAs(t, err, new(*connector.NotFoundError))
	assert.Contains(t, connector.UserMessage(err), "no longer exists in the ConnectWise product catalog")
}

// Gateways echo the request into error bodies: a write's error must not carry the keys,
// whether ConnectWise refused the change or its outcome is unknown.
func TestWriteErrorsRedactEchoedSecrets(t *testing.T) {
	creds := cwsim.DemoCredentials()
	creds.PublicKey, creds.PrivateKey = connectortest.NewSecret(), connectortest.NewSecret()
	clock := sim.NewClock(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	s := startSim(t, writeTenant(), cwsim.Options{Credentials: creds, Now: clock.Now})
	c, _ := newConn(t, s, creds)
	w := c.Writer()
	joined := creds.Company + "+" + creds.PublicKey + ":" + creds.PrivateKey
	secrets := []string{creds.PublicKey, creds.PrivateKey, joined, strings.TrimPrefix(c.auth, "Basic ")}
	echo, err := json.Marshal(map[string]any{
		"code":    "InvalidObject",
		"message": "Request rejected. Authorization: " + c.auth,
		"errors":  []map[string]string{{"code": "InvalidField", "field": "quantity", "message": "user " + joined + " may not"}},
	})
	require.NoError(t, err)

	tests := []struct {
		name  string
		add   func()
		check func(t *testing.T, err error)
	}{
		{"refused", func() {
			s.AddFault(cwsim.Fault{PathContains: "/additions/5001", Status: http.StatusBadRequest, Body: string(echo)})
		}, func(t *testing.T, err error) {
			var re *RefusedError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, "quantity", re.Field())
			for _, f := range re.Fields {
				assert.Empty(t, connectortest.Leaks(f.Message, secrets...))
			}
		}},
		{"unknown outcome", func() {
			s.AddWriteFault(cwsim.WriteFault{Fault: cwsim.Fault{PathContains: "/additions/5001", Status: http.StatusInternalServerError, Body: string(echo)}, Mode: cwsim.ApplyThenFail})
		}, func(t *testing.T, err error) {
			assert.ErrorAs(t, err, new(*httpx.UnknownOutcomeError))
		}},
		{"forbidden", func() {
			s.AddFault(cwsim.Fault{PathContains: "/additions/5001", Status: http.StatusForbidden, Body: string(echo)})
		}, func(t *testing.T, err error) { assert.True(t, connector.IsAuth(err)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.add()
			_, err := w.PatchAdditionQuantity(t.Context(), 1001, 5001, 27)
			require.Error(t, err)
			tt.check(t, err)
			for _, text := range []string{err.Error(), connector.UserMessage(err)} {
				assert.Empty(t, connectortest.Leaks(text, secrets...), text)
				assert.Contains(t, text, "ConnectWise said", "the server's words are kept, minus the secrets")
			}
		})
	}
}

func TestNewWriterValidatesConfig(t *testing.T) {
	_, err := NewWriter(connector.Config{BaseURL: "https://cw.example.com/v4_6_release/apis/3.0"})
	var ce *connector.ConfigError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, SettingCompany, ce.Field)

	s := startSim(t, writeTenant(), cwsim.Options{})
	w, err := NewWriter(config(s.BaseURL(), cwsim.DemoCredentials()))
	require.NoError(t, err)
	a, err := w.ReadAddition(t.Context(), 1001, 5001)
	require.NoError(t, err)
	assert.Equal(t, 10.0, a.Quantity)
}

// A server that ignores conditions (or matches LIKE loosely, as ConnectWise's
// case-insensitive LIKE does) returns every addition: only the exact tag may match.
func TestFindAdditionsMatchesTheExactTag(t *testing.T) {
	var asked string
	base := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = r.URL.Query().Get("conditions")
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Link", "") // forward-only: the last page
		_, _ = w.Write([]byte(`[
			{"id":1,"description":"E3 (TrueUp p421)","quantity":1},
			{"id":2,"description":"E3 (trueup p42)","quantity":2},
			{"id":3,"description":"E3 (TrueUp p42)","quantity":3},
			{"id":4,"description":"E3","quantity":4}]`))
	}))
	w, err := NewWriter(config(base+"/v4_6_release/apis/3.0", cwsim.DemoCredentials()))
	require.NoError(t, err)
	found, err := w.FindAdditions(t.Context(), 1001, "p42")
	require.NoError(t, err)
	require.Len(t, found, 1)
	assert.Equal(t, int64(3), found[0].ID)
	assert.Equal(t, int64(1001), found[0].AgreementID, "the child route implies the agreement")
	assert.Equal(t, `description like "%(TrueUp p42)%"`, asked)
}
