package autotask

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeSim is one company with a Recurring Service contract for 2026 (contract 3001), a
// contract service 4001 of service 501 billing 25 units in monthly periods, service 502
// not on the contract, and a Time & Materials contract 3002.
func writeSim(t *testing.T) *Server {
	t.Helper()
	d := &Dataset{
		Companies: []Company{{ID: 1001, CompanyName: "Acme", CompanyType: CompanyTypeCustomer, IsActive: true}},
		Contracts: []Contract{
			{ID: 3001, CompanyID: 1001, ContractName: "Managed Services", ContractType: ContractTypeRecurringService, Status: ContractStatusActive,
				StartDate: "2026-01-01T00:00:00Z", EndDate: "2026-12-31T00:00:00Z"},
			{ID: 3002, CompanyID: 1001, ContractName: "T&M", ContractType: ContractTypeTimeAndMaterials, Status: ContractStatusActive,
				StartDate: "2026-01-01T00:00:00Z", EndDate: "2026-12-31T00:00:00Z"},
		},
		ContractServices: []ContractService{{ID: 4001, ContractID: 3001, ServiceID: 501, UnitPrice: 28, UnitCost: 22, AdjustedPrice: 28}},
		Services: []Service{
			{ID: 501, Name: "M365 Business Premium", UnitPrice: 28, UnitCost: 22, IsActive: true, PeriodType: periodMonthly},
			{ID: 502, Name: "Backup", UnitPrice: 20, UnitCost: 10, IsActive: true, PeriodType: periodMonthly},
		},
	}
	for m := 1; m <= 12; m++ {
		start := time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		d.Units = append(d.Units, ContractServiceUnit{ID: 5000 + m, ContractID: 3001, ContractServiceID: 4001, ServiceID: 501, Units: 25,
			StartDate: Date(start), EndDate: Date(start.AddDate(0, 1, -1)), Price: 28, Cost: 22})
	}
	s := New(d, Options{Now: func() time.Time { return time.Date(2026, 11, 14, 10, 0, 0, 0, time.UTC) }})
	_, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func send(t *testing.T, s *Server, method, path, body string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.ZoneURL()+path, bytes.NewReader([]byte(body)))
	require.NoError(t, err)
	c := DemoCredentials()
	req.Header.Set("ApiIntegrationCode", c.IntegrationCode)
	req.Header.Set("UserName", c.UserName)
	req.Header.Set("Secret", c.Secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestAdjustmentSplitsThePeriodAndCarriesOn(t *testing.T) {
	s := writeSim(t)
	status, body := send(t, s, "POST", "V1.0/ContractServiceAdjustments",
		`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":2,"effectiveDate":"2026-11-20T00:00:00Z"}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `{"itemId":700001}`, body)

	for _, tc := range []struct {
		on   time.Time
		want float64
	}{{day(2026, 11, 19), 25}, {day(2026, 11, 20), 27}, {day(2026, 11, 30), 27}, {day(2026, 12, 1), 27}, {day(2026, 10, 1), 25}} {
		got, ok := s.UnitsOn(4001, tc.on)
		require.True(t, ok, tc.on)
		assert.Equal(t, tc.want, got, tc.on.Format("2006-01-02"))
	}
	applied := s.AppliedAdjustments(4001)
	require.Len(t, applied, 1)
	assert.Equal(t, "2026-11-20", applied[0].EffectiveDate)
	assert.Equal(t, 2, applied[0].UnitChange)

	// The child route of the contract takes a second one on another day.
	status, body = send(t, s, "POST", "V1.0/Contracts/3001/ServiceAdjustments",
		`{"contractServiceID":4001,"serviceID":501,"unitChange":-3,"effectiveDate":"2026-12-01T00:00:00Z"}`)
	require.Equal(t, http.StatusOK, status, body)
	got, _ := s.UnitsOn(4001, day(2026, 12, 1))
	assert.Equal(t, 24.0, got)
}

func TestAdjustmentRefusals(t *testing.T) {
	s := writeSim(t)
	status, body := send(t, s, "POST", "V1.0/ContractServiceAdjustments",
		`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2026-12-01T00:00:00Z"}`)
	require.Equal(t, http.StatusOK, status, body)
	tests := []struct {
		name, body, want string
	}{
		{"same service and date", `{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2026-12-01T00:00:00Z"}`,
			"Attempt to insert duplicate data into contract_service_period."},
		{"after the contract", `{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2027-01-01T00:00:00Z"}`,
			"must be within the contract's start date"},
		{"fractional", `{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1.5,"effectiveDate":"2026-12-02T00:00:00Z"}`,
			`unitChange: the value "1.5" is not a valid Int32.`},
		{"below zero", `{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":-30,"effectiveDate":"2026-12-02T00:00:00Z"}`,
			"below zero"},
		{"not recurring", `{"contractID":3002,"serviceID":501,"unitChange":1,"effectiveDate":"2026-12-02T00:00:00Z"}`,
			"only be created for Recurring Service contracts"},
		{"unknown service", `{"contractID":3001,"serviceID":999,"unitChange":1,"effectiveDate":"2026-12-02T00:00:00Z"}`,
			"Value does not reference an existing entity for serviceID."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := send(t, s, "POST", "V1.0/ContractServiceAdjustments", tt.body)
			assert.Equal(t, http.StatusInternalServerError, status, "Autotask answers validation errors with HTTP 500")
			var e struct{ Errors []string }
			require.NoError(t, json.Unmarshal([]byte(body), &e), body)
			require.Len(t, e.Errors, 1)
			assert.Contains(t, e.Errors[0], tt.want)
		})
	}
	assert.Len(t, s.AppliedAdjustments(4001), 1, "no refusal changed anything")
	got, _ := s.UnitsOn(4001, day(2026, 12, 5))
	assert.Equal(t, 26.0, got)
}

func TestAdjustmentCreatesTheContractService(t *testing.T) {
	s := writeSim(t)
	status, body := send(t, s, "POST", "V1.0/ContractServiceAdjustments",
		`{"contractID":3001,"serviceID":502,"unitChange":12,"effectiveDate":"2026-12-01T00:00:00Z","adjustedUnitPrice":20.5}`)
	require.Equal(t, http.StatusOK, status, body)
	cs := s.ContractServiceOf(3001, 502)
	require.NotZero(t, cs, "the contract service exists now")
	got, ok := s.UnitsOn(cs, day(2026, 12, 1))
	require.True(t, ok)
	assert.Equal(t, 12.0, got)
	got, _ = s.UnitsOn(cs, day(2026, 11, 30))
	assert.Equal(t, 0.0, got, "nothing before the effective date")
}

func TestPatchServiceHonoursTheCostPermission(t *testing.T) {
	s := writeSim(t)
	status, body := send(t, s, "PATCH", "V1.0/Services", `{"id":501,"unitCost":21.5}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `{"itemId":501}`, body)
	sv, _ := s.Service(501)
	assert.Equal(t, 21.5, sv.UnitCost)

	s.SetCostsHidden(true)
	status, _ = send(t, s, "PATCH", "V1.0/Services", `{"id":501,"unitCost":20,"unitPrice":29}`)
	require.Equal(t, http.StatusOK, status, "Autotask answers success")
	sv, _ = s.Service(501)
	assert.Equal(t, 21.5, sv.UnitCost, "and silently keeps the cost")
	assert.Equal(t, 29.0, sv.UnitPrice)
}

func TestWriteFaultsAfterApplying(t *testing.T) {
	s := writeSim(t)
	s.AddWriteFault(WriteFault{Mode: ApplyThenDrop, Fault: Fault{PathContains: "contractserviceadjustments"}})
	status, _ := send(t, s, "POST", "V1.0/ContractServiceAdjustments",
		`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":2,"effectiveDate":"2026-12-01T00:00:00Z"}`)
	assert.Zero(t, status, "no answer")
	s.AddWriteFault(WriteFault{Mode: ApplyThenFail, Fault: Fault{PathContains: "contractserviceadjustments"}})
	status, body := send(t, s, "POST", "V1.0/ContractServiceAdjustments",
		`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2026-12-02T00:00:00Z"}`)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.NotContains(t, body, `"errors"`, "a gateway's answer, not Autotask's validation errors")
	s.AddWriteFault(WriteFault{Mode: FailBeforeApply, Fault: Fault{PathContains: "contractserviceadjustments"}})
	status, _ = send(t, s, "POST", "V1.0/ContractServiceAdjustments",
		`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2026-12-03T00:00:00Z"}`)
	assert.Equal(t, http.StatusInternalServerError, status)

	w := s.Writes()
	require.Len(t, w, 3)
	assert.True(t, w[0].Applied)
	assert.Zero(t, w[0].Status)
	assert.True(t, w[1].Applied)
	assert.False(t, w[2].Applied)
	got, _ := s.UnitsOn(4001, day(2026, 12, 3))
	assert.Equal(t, 28.0, got, "the two applied ones, not the refused one")
}

// PATCH ContractServices changes invoiceDescription (and adjustedPrice) only; other fields
// are read-only on update, and text longer than the field is refused.
func TestPatchContractServiceInvoiceDescription(t *testing.T) {
	s := writeSim(t)
	status, body := send(t, s, "PATCH", "V1.0/ContractServices", `{"id":4001,"invoiceDescription":"M365 BP: 27 seats <Dec>"}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `{"itemId":4001}`, body)
	cs, ok := s.ContractService(4001)
	require.True(t, ok)
	assert.Equal(t, "M365 BP: 27 seats <Dec>", cs.InvoiceDescription)
	status, body = send(t, s, "GET", "V1.0/ContractServices/4001", "")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"invoiceDescription":"M365 BP: 27 seats \u003cDec\u003e"`, "the read-back shows it")

	for _, c := range []struct{ body, says string }{
		{`{"id":4001,"unitPrice":30}`, "unitPrice: the field is read-only on update."},
		{`{"id":4001,"invoiceDescription":"` + string(bytes.Repeat([]byte("x"), 1001)) + `"}`, "longer than the 1000 characters"},
		{`{"id":4999,"invoiceDescription":"x"}`, "does not reference an existing entity"},
		{`{"invoiceDescription":"x"}`, "a PATCH must name the entity"},
	} {
		status, body := send(t, s, "PATCH", "V1.0/ContractServices", c.body)
		assert.Equal(t, http.StatusInternalServerError, status)
		assert.Contains(t, body, c.says)
	}
	cs, _ = s.ContractService(4001)
	assert.Equal(t, "M365 BP: 27 seats <Dec>", cs.InvoiceDescription, "a refused PATCH changes nothing")
}
