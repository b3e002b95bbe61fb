package autotask

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
)

// writeData is one customer whose Recurring Service contract 3001 (the contract year of
// testToday) bills 25 units of service 501 on contract service 4001, monthly.
func writeData() *atsim.Dataset {
	d := &atsim.Dataset{
		Companies: []atsim.Company{{ID: 1001, CompanyName: "Acme", CompanyType: atsim.CompanyTypeCustomer, IsActive: true,
			LastTrackedModifiedDateTime: "2026-11-01T08:00:00.000Z"}},
		Contracts: []atsim.Contract{{ID: 3001, CompanyID: 1001, ContractName: "Managed Services", ContractType: atsim.ContractTypeRecurringService,
			Status: atsim.ContractStatusActive, StartDate: "2026-06-01T00:00:00Z", EndDate: "2027-05-31T00:00:00Z", LastModifiedDateTime: "2026-11-01T08:00:00.000Z"}},
		ContractServices: []atsim.ContractService{{ID: 4001, ContractID: 3001, ServiceID: 501, UnitPrice: 28, UnitCost: 22, AdjustedPrice: 28}},
		Services: []atsim.Service{
			{ID: 501, Name: "M365 Business Premium", UnitPrice: 28, UnitCost: 22, IsActive: true, PeriodType: 2, LastModifiedDate: "2026-11-01T08:00:00.000Z"},
			{ID: 502, Name: "Backup", UnitPrice: 20, UnitCost: 10, IsActive: true, PeriodType: 2, LastModifiedDate: "2026-11-01T08:00:00.000Z"},
		},
	}
	for m := 0; m < 12; m++ {
		start := time.Date(2026, time.Month(6+m), 1, 0, 0, 0, 0, time.UTC)
		d.Units = append(d.Units, atsim.ContractServiceUnit{ID: 6001 + m, ContractID: 3001, ContractServiceID: 4001, ServiceID: 501, Units: 25,
			StartDate: atsim.Date(start), EndDate: atsim.Date(start.AddDate(0, 1, -1)), Price: 28, Cost: 22})
	}
	return d
}

func TestWriterUnitsAndAdjust(t *testing.T) {
	s := startSim(t, writeData(), atsim.Options{Now: func() time.Time { return testToday }})
	c, _ := newConn(t, s, atsim.DemoCredentials())
	w := c.Writer()
	ctx := context.Background()

	id, n, row, err := w.Units(ctx, "3001", "501", "", "2026-12-01")
	require.NoError(t, err)
	assert.Equal(t, "4001", id, "found by contract and service")
	assert.Equal(t, int64(25), n)
	assert.Contains(t, string(row), `"startDate":"2026-12-01T00:00:00Z"`)

	item, err := w.Adjust(ctx, []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":2,"effectiveDate":"2026-12-01T00:00:00Z"}`))
	require.NoError(t, err)
	assert.Equal(t, "700001", item)
	_, n, _, err = w.Units(ctx, "3001", "501", "4001", "2026-12-01")
	require.NoError(t, err)
	assert.Equal(t, int64(27), n)
	_, n, _, err = w.Units(ctx, "3001", "501", "4001", "2026-11-30")
	require.NoError(t, err)
	assert.Equal(t, int64(25), n, "the day before still bills 25")

	id, n, _, err = w.Units(ctx, "3001", "502", "", "2026-12-01")
	require.NoError(t, err)
	assert.Equal(t, "", id, "the contract has no Backup: it bills none")
	assert.Zero(t, n)

	_, _, _, err = w.Units(ctx, "3001", "501", "", "1 Dec")
	assert.ErrorContains(t, err, "is not a day")
	_, _, _, err = w.Units(ctx, "3001 or 1=1", "501", "", "2026-12-01")
	assert.ErrorContains(t, err, "is not an Autotask entity id")
}

// After a push dated the 1st of next month, a sync keeps today's units and shows the
// scheduled ones from that day: the card stays in step.
func TestSyncAfterAnAdjustmentShowsTheScheduledUnits(t *testing.T) {
	s := startSim(t, writeData(), atsim.Options{Now: func() time.Time { return testToday }})
	c, _ := newConn(t, s, atsim.DemoCredentials())
	_, err := c.Writer().Adjust(context.Background(), []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":2,"effectiveDate":"2026-12-01T00:00:00Z"}`))
	require.NoError(t, err)
	rec := fullSync(t, c)
	require.Len(t, rec.ServiceLines, 1)
	l := rec.ServiceLines[0]
	assert.Equal(t, 25.0, l.Quantity)
	require.NotNil(t, l.NextQuantity)
	assert.Equal(t, 27.0, *l.NextQuantity)
	assert.Equal(t, "2026-12-01", l.NextFrom, "the adjustment's date, not the last period's")

	// A revert dated the next day: the later units are today's again.
	_, err = c.Writer().Adjust(context.Background(), []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":-2,"effectiveDate":"2026-12-02T00:00:00Z"}`))
	require.NoError(t, err)
	rec = fullSync(t, c)
	require.Len(t, rec.ServiceLines, 1)
	assert.Nil(t, rec.ServiceLines[0].NextQuantity)
}

func TestWriterErrors(t *testing.T) {
	s := startSim(t, writeData(), atsim.Options{Now: func() time.Time { return testToday }})
	c, _ := newConn(t, s, atsim.DemoCredentials())
	w := c.Writer()
	ctx := context.Background()
	body := []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2027-07-01T00:00:00Z"}`)

	_, err := w.Adjust(ctx, body)
	var refused *RefusedWriteError
	require.ErrorAs(t, err, &refused, "HTTP 500 with errors is Autotask's validation answer")
	assert.Contains(t, err.Error(), "choose a date inside the contract's dates")
	assert.Contains(t, refused.Said, "must be within the contract's start date")
	assert.False(t, errors.As(err, new(*httpx.UnknownOutcomeError)), "nothing was applied")
	assert.Len(t, s.Writes(), 1, "not retried")

	s.AddWriteFault(atsim.WriteFault{Mode: atsim.ApplyThenFail, Fault: atsim.Fault{PathContains: "contractserviceadjustments"}})
	_, err = w.Adjust(ctx, []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2026-12-01T00:00:00Z"}`))
	require.ErrorAs(t, err, new(*httpx.UnknownOutcomeError), "a gateway's 503 after sending: unknown")
	assert.Contains(t, err.Error(), "Autotask may or may not have applied the adjustment")
	assert.Len(t, s.Writes(), 2, "sent once")

	s.AddWriteFault(atsim.WriteFault{Mode: atsim.FailBeforeApply, Fault: atsim.Fault{PathContains: "contractserviceadjustments", Status: http.StatusOK, Body: `{"itemId":0}`}})
	_, err = w.Adjust(ctx, []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2026-12-02T00:00:00Z"}`))
	require.ErrorAs(t, err, new(*httpx.UnknownOutcomeError), "a success without an itemId: unknown")
	assert.Contains(t, err.Error(), "without the adjustment's itemId")

	s.AddWriteFault(atsim.WriteFault{Mode: atsim.FailBeforeApply, Fault: atsim.Fault{PathContains: "contractserviceadjustments", Status: http.StatusOK, Body: `{"errors":["Something odd."]}`}})
	_, err = w.Adjust(ctx, []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2026-12-03T00:00:00Z"}`))
	require.ErrorAs(t, err, new(*httpx.UnknownOutcomeError), "errors on a 2xx: unknown")

	bad, _ := newConn(t, s, badCreds())
	before, adjustments := s.Requests(), s.RequestsFor("ContractServiceAdjustments")
	_, err = bad.Writer().Adjust(ctx, body)
	require.True(t, connector.IsAuth(err), "%v", err)
	assert.NotContains(t, err.Error(), badCreds().Secret)
	sent := s.Requests()
	assert.Greater(t, sent, before)
	_, err = bad.Writer().Adjust(ctx, body)
	require.True(t, connector.IsAuth(err))
	assert.Equal(t, sent, s.Requests(), "after a 401 nothing more is sent")
	assert.Equal(t, adjustments, s.RequestsFor("ContractServiceAdjustments"), "the budget's usage reading got the 401 before any adjustment went out")
}

func TestWriterFollowsAMovedZone(t *testing.T) {
	s := startSim(t, writeData(), atsim.Options{Now: func() time.Time { return testToday }})
	c, _ := newConn(t, s, atsim.DemoCredentials())
	w := c.Writer()
	ctx := context.Background()
	_, _, _, err := w.Units(ctx, "3001", "501", "4001", "2026-12-01")
	require.NoError(t, err)
	s.MoveZone()
	_, err = w.Adjust(ctx, []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":1,"effectiveDate":"2026-12-01T00:00:00Z"}`))
	require.NoError(t, err, "the old zone's 404 applied nothing: sent to the new zone")
	assert.Len(t, s.AppliedAdjustments(4001), 1)
}

func TestWriterServiceCost(t *testing.T) {
	s := startSim(t, writeData(), atsim.Options{Now: func() time.Time { return testToday }})
	c, _ := newConn(t, s, atsim.DemoCredentials())
	w := c.Writer()
	ctx := context.Background()
	require.NoError(t, w.PatchService(ctx, []byte(`{"id":501,"unitCost":21.5}`)))
	body, err := w.Service(ctx, "501")
	require.NoError(t, err)
	assert.Contains(t, string(body), `"unitCost":21.5`)
	_, err = w.Service(ctx, "999")
	require.ErrorAs(t, err, new(*connector.NotFoundError))
}
