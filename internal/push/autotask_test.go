package push_test

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors/autotask"
	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
	"github.com/trueup/trueup/internal/store"
)

// atToday is the day the Autotask push tests run on: the default effective date of a push
// is the first of next month, 2027-01-01.
var atToday = time.Date(2026, 12, 14, 10, 0, 0, 0, time.UTC)

// atDatabase is one customer with a Recurring Service contract 3001 for 2026 and 2027, on
// which contract service 4001 bills units of service 501 (M365 BP) in monthly periods;
// service 502 (Backup) is in the catalog but not on the contract.
func atDatabase(units float64) *atsim.Dataset {
	d := &atsim.Dataset{
		Companies: []atsim.Company{{ID: 1001, CompanyName: "Acme", CompanyType: atsim.CompanyTypeCustomer, IsActive: true}},
		Contracts: []atsim.Contract{{ID: 3001, CompanyID: 1001, ContractName: "Managed Services", ContractType: atsim.ContractTypeRecurringService,
			Status: atsim.ContractStatusActive, StartDate: "2026-01-01T00:00:00Z", EndDate: "2027-12-31T00:00:00Z"}},
		ContractServices: []atsim.ContractService{{ID: 4001, ContractID: 3001, ServiceID: 501, UnitPrice: 28, UnitCost: 22, AdjustedPrice: 28}},
		Services: []atsim.Service{
			{ID: 501, Name: "M365 Business Premium", UnitPrice: 28, UnitCost: 22, IsActive: true, PeriodType: 2},
			{ID: 502, Name: "Backup", UnitPrice: 20, UnitCost: 10, IsActive: true, PeriodType: 2},
		},
	}
	for m := 0; m < 24; m++ {
		start := time.Date(2026, time.Month(1+m), 1, 0, 0, 0, 0, time.UTC)
		d.Units = append(d.Units, atsim.ContractServiceUnit{ID: 6001 + m, ContractID: 3001, ContractServiceID: 4001, ServiceID: 501, Units: units,
			StartDate: atsim.Date(start), EndDate: atsim.Date(start.AddDate(0, 1, -1)), Price: 28, Cost: 22})
	}
	return d
}

// atFixture is a simulated Autotask database and a real SQLite store that has synced it.
type atFixture struct {
	sim    *atsim.Server
	store  *store.Store
	dbPath string
	in     store.Integration
}

func newATFixture(t *testing.T, units float64) *atFixture {
	t.Helper()
	s := atsim.New(atDatabase(units), atsim.Options{Now: func() time.Time { return atToday }})
	_, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	f := &atFixture{sim: s, dbPath: filepath.Join(t.TempDir(), "trueup.db")}
	f.store = openStore(t, f.dbPath)
	f.in, err = f.store.CreateIntegration(context.Background(), store.Integration{Name: "Autotask", Kind: string(connector.KindAutotask), BaseURL: s.BaseURL()})
	require.NoError(t, err)
	ctx := context.Background()
	put := func(recs []connector.Record, err error) {
		require.NoError(t, err)
		require.NoError(t, f.store.UpdateCachedRecord(ctx, f.in.ID, recs[0]))
	}
	put(connector.Encode(connector.Agreement{ID: "3001", AccountID: "1001", Name: "Managed Services", Status: "Active", Raw: json.RawMessage(`{}`)}))
	put(connector.Encode(connector.ServiceLine{ID: "4001", AgreementID: "3001", AccountID: "1001", ProductID: "501",
		ProductName: "M365 Business Premium", Quantity: units, UnitPrice: 28, UnitCost: 22, Raw: json.RawMessage(`{}`)}))
	put(connector.Encode(connector.Product{ID: "501", Name: "M365 Business Premium", Price: 28, Cost: 22, Raw: json.RawMessage(`{}`)}))
	put(connector.Encode(connector.Product{ID: "502", Name: "Backup", Price: 20, Cost: 10, Raw: json.RawMessage(`{}`)}))
	return f
}

func atConfig(base string, creds atsim.Credentials, hc *http.Client) connector.Config {
	return connector.Config{Name: "Autotask", BaseURL: base, HTTPClient: hc,
		Settings: map[string]string{autotask.SettingUserName: creds.UserName},
		Secrets:  map[string]string{autotask.SecretIntegrationCode: creds.IntegrationCode, autotask.SecretSecret: creds.Secret}}
}

func (f *atFixture) writer(t *testing.T, creds atsim.Credentials, timeout time.Duration) *autotask.Writer {
	t.Helper()
	c, err := autotask.New(atConfig(f.sim.BaseURL(), creds, &http.Client{Timeout: timeout}))
	require.NoError(t, err)
	return c.Writer()
}

func (f *atFixture) worker(t *testing.T, hooks push.Hooks) *push.Worker {
	t.Helper()
	return &push.Worker{IntegrationID: f.in.ID, PSA: f.writer(t, atsim.DemoCredentials(), 10*time.Second), Outbox: f.store, Hooks: hooks,
		Now: func() time.Time { return atToday }}
}

func (f *atFixture) approve(t *testing.T, writes ...reconcile.Write) []store.OutboxEntry {
	t.Helper()
	var entries []store.NewOutboxEntry
	for _, w := range writes {
		b, err := json.Marshal(w)
		require.NoError(t, err)
		entries = append(entries, store.NewOutboxEntry{IntegrationID: f.in.ID, Key: w.Key, Write: b})
	}
	_, out, err := f.store.Approve(context.Background(), store.Decision{CardID: "c1", Cycle: "2026-12", Action: store.ActionApprove,
		VendorQuantity: "27", PSAQuantity: "25", TargetQuantity: "27", OSUser: "dana"}, entries)
	require.NoError(t, err)
	return out
}

func (f *atFixture) entry(t *testing.T, id int64) store.OutboxEntry {
	t.Helper()
	e, err := f.store.OutboxEntry(context.Background(), id)
	require.NoError(t, err)
	return e
}

func (f *atFixture) unitsOn(t *testing.T, cs int, y int, m time.Month, d int) float64 {
	t.Helper()
	u, ok := f.sim.UnitsOn(cs, time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
	require.True(t, ok)
	return u
}

func (f *atFixture) cachedLine(t *testing.T, id string) connector.ServiceLine {
	t.Helper()
	rec, err := f.store.CachedRecord(context.Background(), f.in.ID, connector.EntityServiceLines, id)
	require.NoError(t, err)
	l, err := connector.Decode[connector.ServiceLine](rec)
	require.NoError(t, err)
	return l
}

// atPlan is the plan's write for a card on contract service 4001 going to target units
// (from 25), or a new service 502 of target units when newService.
func atPlan(t *testing.T, target float64, newService bool) reconcile.Write {
	t.Helper()
	lines := []reconcile.PSALine{{Integration: "at", LineID: "4001", AgreementID: "3001", AgreementName: "Managed Services", AccountID: "1001",
		AccountName: "Acme", ProductID: "501", ProductName: "M365 Business Premium", Quantity: 25, UnitPrice: 28, UnitCost: 22, BillCustomer: reconcile.Billable}}
	product := "501"
	if newService {
		lines, product = nil, "502"
	}
	res := reconcile.BuildCards(reconcile.Inputs{Cycle: reconcile.Cycle{Y: 2026, M: 12}, Today: reconcile.Date{Y: 2026, M: 12, D: 14}, Lines: lines,
		Subscriptions: []reconcile.Subscription{{Integration: "pax8", ID: "s1", AccountID: "va", ProductID: "vp", Quantity: target, Active: true, UnitCost: 21.5}},
		Accounts:      []reconcile.PSAAccount{{Integration: "at", ID: "1001", Name: "Acme"}},
		Catalog:       []reconcile.CatalogItem{{Integration: "at", ID: "501", Name: "M365 Business Premium", Cost: 22, Price: 28}, {Integration: "at", ID: "502", Name: "Backup", Cost: 10, Price: 20}},
		Mappings: []reconcile.Mapping{
			{VendorIntegration: "pax8", Kind: reconcile.KindAccount, VendorID: "va", PSAIntegration: "at", PSAID: "1001"},
			{VendorIntegration: "pax8", Kind: reconcile.KindProduct, VendorID: "vp", PSAIntegration: "at", PSAID: product},
		}})
	require.Len(t, res.Cards, 1)
	p, err := reconcile.BuildPlan(reconcile.PlanRequest{Card: res.Cards[0], Cycle: reconcile.Cycle{Y: 2026, M: 12}, PSA: connector.KindAutotask,
		Agreement: reconcile.Agreement{Integration: "at", ID: "3001", Name: "Managed Services", AccountID: "1001", Prorates: true,
			Start: reconcile.Date{Y: 2026, M: 1, D: 1}, End: reconcile.Date{Y: 2027, M: 12, D: 31}}})
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	return p.Writes[0]
}

func TestAutotaskPushAdjustsOnceAndTheCardSettles(t *testing.T) {
	f := newATFixture(t, 25)
	e := f.approve(t, atPlan(t, 27, false))[0]
	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	require.Equal(t, push.Result{Pushed: 1}, res)

	assert.Equal(t, 25.0, f.unitsOn(t, 4001, 2026, 12, 31), "December still bills 25")
	assert.Equal(t, 27.0, f.unitsOn(t, 4001, 2027, 1, 1), "27 from the effective date")
	assert.Equal(t, 27.0, f.unitsOn(t, 4001, 2027, 6, 1), "and on")
	adj := f.sim.AppliedAdjustments(4001)
	require.Len(t, adj, 1)
	assert.Equal(t, 2, adj[0].UnitChange)
	assert.Equal(t, "2027-01-01", adj[0].EffectiveDate)

	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxPushed, got.State)
	require.NotNil(t, got.Answer)
	assert.Equal(t, "4001", got.Answer.RecordID)
	assert.JSONEq(t, "27", string(got.Answer.Value), "verified by reading the units back")
	assert.False(t, got.Answer.Read)
	assert.Contains(t, got.Answer.Note, "Autotask adjustment 700001")

	l := f.cachedLine(t, "4001")
	assert.Equal(t, 25.0, l.Quantity, "the cache bills 25 today")
	require.NotNil(t, l.NextQuantity, "and shows the scheduled units, so the card is in step at once")
	assert.Equal(t, 27.0, *l.NextQuantity)
	assert.Equal(t, "2027-01-01", l.NextFrom)

	res, err = f.worker(t, push.Hooks{}).Pass(context.Background(), true)
	require.NoError(t, err)
	assert.Equal(t, push.Result{}, res)
	assert.Len(t, f.sim.Writes(), 1, "nothing more is sent")
}

func TestAutotaskPushReadsBeforeItWrites(t *testing.T) {
	t.Run("already there", func(t *testing.T) {
		f := newATFixture(t, 25)
		require.NoError(t, f.sim.SetServiceUnits(4001, 27))
		e := f.approve(t, atPlan(t, 27, false))[0]
		res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
		require.NoError(t, err)
		assert.Equal(t, push.Result{Pushed: 1}, res)
		got := f.entry(t, e.ID)
		require.NotNil(t, got.Answer)
		assert.True(t, got.Answer.Read, "settled by reading")
		assert.Empty(t, f.sim.Writes(), "no adjustment of +2 on top of 27")
	})
	t.Run("changed since the review", func(t *testing.T) {
		f := newATFixture(t, 25)
		require.NoError(t, f.sim.SetServiceUnits(4001, 30))
		e := f.approve(t, atPlan(t, 27, false))[0]
		res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
		require.NoError(t, err)
		assert.Equal(t, push.Result{Conflicts: 1}, res)
		got := f.entry(t, e.ID)
		assert.Equal(t, store.OutboxConflict, got.State)
		assert.Contains(t, got.LastError, `Autotask now bills 30 units of contract service 4001 on contract "Managed Services" on 2027-01-01, you approved 25 -> 27`)
		assert.Empty(t, f.sim.Writes())
	})
}

// An adjustment whose answer never came (dropped, a gateway's 5xx, a hung answer) stays
// "sending"; the next attempt reads the units, finds the target and sends nothing.
func TestAutotaskUnknownOutcomeIsSettledByReading(t *testing.T) {
	for _, mode := range []atsim.WriteFaultMode{atsim.ApplyThenDrop, atsim.ApplyThenFail, atsim.ApplyThenHang} {
		t.Run(modeName(mode), func(t *testing.T) {
			f := newATFixture(t, 25)
			f.sim.AddWriteFault(atsim.WriteFault{Mode: mode, Fault: atsim.Fault{PathContains: "contractserviceadjustments"}})
			e := f.approve(t, atPlan(t, 27, false))[0]
			w := &push.Worker{IntegrationID: f.in.ID, PSA: f.writer(t, atsim.DemoCredentials(), time.Second), Outbox: f.store,
				Now: func() time.Time { return atToday }}
			res, err := w.Pass(context.Background(), false)
			require.NoError(t, err)
			assert.Equal(t, 1, res.Waiting)
			mid := f.entry(t, e.ID)
			assert.Equal(t, store.OutboxSending, mid.State, "may have been applied: read before anything is sent")
			assert.Contains(t, mid.LastError, "Autotask may or may not have applied the adjustment")

			res, err = f.worker(t, push.Hooks{}).Pass(context.Background(), true)
			require.NoError(t, err)
			assert.Equal(t, push.Result{Pushed: 1}, res)
			got := f.entry(t, e.ID)
			require.NotNil(t, got.Answer)
			assert.True(t, got.Answer.Read)
			assert.Len(t, f.sim.AppliedAdjustments(4001), 1, "applied exactly once")
			assert.Len(t, f.sim.Writes(), 1, "and sent once")
			assert.Equal(t, 27.0, f.unitsOn(t, 4001, 2027, 1, 1))
		})
	}
}

func modeName(m atsim.WriteFaultMode) string {
	switch m {
	case atsim.ApplyThenDrop:
		return "dropped"
	case atsim.ApplyThenFail:
		return "5xx after applying"
	case atsim.ApplyThenHang:
		return "hung"
	}
	return "before applying"
}

// A 5xx that applied nothing is unknown too: the read finds the pre-image, and only then is
// the adjustment sent again.
func TestAutotaskUnknownOutcomeNotAppliedIsSentAfterReading(t *testing.T) {
	f := newATFixture(t, 25)
	f.sim.AddWriteFault(atsim.WriteFault{Mode: atsim.FailBeforeApply, Fault: atsim.Fault{PathContains: "contractserviceadjustments", Status: http.StatusBadGateway}})
	e := f.approve(t, atPlan(t, 27, false))[0]
	_, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, store.OutboxSending, f.entry(t, e.ID).State)
	_, err = f.worker(t, push.Hooks{}).Pass(context.Background(), true)
	require.NoError(t, err)
	assert.Equal(t, store.OutboxPushed, f.entry(t, e.ID).State)
	assert.Len(t, f.sim.AppliedAdjustments(4001), 1)
	assert.Len(t, f.sim.Writes(), 2, "the first never applied")
}

// Autotask's validation errors (HTTP 500 with errors) fail the push with its text and are
// never retried.
func TestAutotaskValidationErrorFailsWithAutotasksText(t *testing.T) {
	f := newATFixture(t, 25)
	// Someone's adjustment of 0 units on the same date: the units are still 25, and
	// Autotask takes no second adjustment of the service on 2027-01-01.
	_, err := f.writer(t, atsim.DemoCredentials(), 5*time.Second).Adjust(context.Background(),
		[]byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":0,"effectiveDate":"2027-01-01T00:00:00Z"}`))
	require.NoError(t, err)
	e := f.approve(t, atPlan(t, 27, false))[0]
	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Failed: 1}, res)
	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxFailed, got.State)
	assert.Contains(t, got.LastError, `Autotask said "Attempt to insert duplicate data into contract_service_period."`)
	assert.Contains(t, got.LastError, "approve the card again with another effective date")
	_, err = f.worker(t, push.Hooks{}).Pass(context.Background(), true)
	require.NoError(t, err)
	assert.Len(t, f.sim.Writes(), 2, "no retry")
}

func TestAutotaskNewServiceIsCreatedByTheAdjustment(t *testing.T) {
	f := newATFixture(t, 25)
	e := f.approve(t, atPlan(t, 12, true))[0]
	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	require.Equal(t, push.Result{Pushed: 1}, res)
	cs := f.sim.ContractServiceOf(3001, 502)
	require.NotZero(t, cs)
	assert.Equal(t, 12.0, f.unitsOn(t, cs, 2027, 1, 1))
	got := f.entry(t, e.ID)
	require.NotNil(t, got.Answer)
	assert.Equal(t, itoa(cs), got.Answer.RecordID, "the contract service Autotask created, for the revert")
	l := f.cachedLine(t, itoa(cs))
	assert.Equal(t, "3001", l.AgreementID)
	assert.Equal(t, "1001", l.AccountID)
	assert.Equal(t, "Backup", l.ProductName)
	require.NotNil(t, l.NextQuantity)
	assert.Equal(t, 12.0, *l.NextQuantity)

	// Its revert counter-adjusts the service it created.
	rv, err := reconcile.RevertWrite(atPlan(t, 12, true), got.Answer.RecordID, reconcile.Date{Y: 2026, M: 12, D: 14})
	require.NoError(t, err)
	f.approve(t, rv)
	res, err = f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	require.Equal(t, push.Result{Pushed: 1}, res)
	assert.Equal(t, 12.0, f.unitsOn(t, cs, 2027, 1, 1), "the pushed count bills its one day")
	assert.Equal(t, 0.0, f.unitsOn(t, cs, 2027, 1, 2), "and nothing from the revert's day")
}

func TestAutotaskRevertCounterAdjustsTheDayAfter(t *testing.T) {
	f := newATFixture(t, 25)
	w := atPlan(t, 27, false)
	f.approve(t, w)
	_, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)

	rv, err := reconcile.RevertWrite(w, "4001", reconcile.Date{Y: 2026, M: 12, D: 14})
	require.NoError(t, err)
	e := f.approve(t, rv)[0]
	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	require.Equal(t, push.Result{Pushed: 1}, res)
	assert.Equal(t, 27.0, f.unitsOn(t, 4001, 2027, 1, 1))
	assert.Equal(t, 25.0, f.unitsOn(t, 4001, 2027, 1, 2))
	adj := f.sim.AppliedAdjustments(4001)
	require.Len(t, adj, 2)
	assert.Equal(t, -2, adj[1].UnitChange)
	assert.Equal(t, "2027-01-02", adj[1].EffectiveDate, "not the original's date: Autotask takes one per service and date")
	assert.Equal(t, store.OutboxPushed, f.entry(t, e.ID).State)
	l := f.cachedLine(t, "4001")
	assert.Equal(t, 25.0, l.Quantity)
	assert.Nil(t, l.NextQuantity, "nothing scheduled that differs from today's units")
}

func TestAutotaskCostIsReadBack(t *testing.T) {
	cost := func(t *testing.T) reconcile.Write {
		p, err := reconcile.PlanCost(reconcile.CostRow{PSAIntegration: "at", ProductID: "501", ProductName: "M365 Business Premium",
			CatalogCost: reconcile.MoneyOf(22), VendorCost: reconcile.MoneyOf(21.5)}, connector.KindAutotask)
		require.NoError(t, err)
		return p.Writes[0]
	}
	t.Run("applied", func(t *testing.T) {
		f := newATFixture(t, 25)
		e := f.approve(t, cost(t))[0]
		res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
		require.NoError(t, err)
		require.Equal(t, push.Result{Pushed: 1}, res)
		sv, _ := f.sim.Service(501)
		assert.Equal(t, 21.5, sv.UnitCost)
		got := f.entry(t, e.ID)
		require.NotNil(t, got.Answer)
		assert.Equal(t, "501", got.Answer.RecordID)
		rec, err := f.store.CachedRecord(context.Background(), f.in.ID, connector.EntityProducts, "501")
		require.NoError(t, err)
		p, err := connector.Decode[connector.Product](rec)
		require.NoError(t, err)
		assert.Equal(t, 21.5, p.Cost, "the cached catalog settles at once")
	})
	t.Run("silently ignored", func(t *testing.T) {
		f := newATFixture(t, 25)
		f.sim.SetCostsHidden(true)
		e := f.approve(t, cost(t))[0]
		res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
		require.NoError(t, err)
		assert.Equal(t, push.Result{Failed: 1}, res)
		got := f.entry(t, e.ID)
		assert.Equal(t, store.OutboxFailed, got.State)
		assert.Contains(t, got.LastError, "Autotask did not apply the cost: the API user cannot see costs")
		sv, _ := f.sim.Service(501)
		assert.Equal(t, 22.0, sv.UnitCost)
	})
}

func TestAutotaskRefusedCredentialsWait(t *testing.T) {
	f := newATFixture(t, 25)
	bad := atsim.DemoCredentials()
	bad.Secret = "wrong"
	e := f.approve(t, atPlan(t, 27, false))[0]
	w := &push.Worker{IntegrationID: f.in.ID, PSA: f.writer(t, bad, 5*time.Second), Outbox: f.store, Now: func() time.Time { return atToday }}
	res, err := w.Pass(context.Background(), false)
	require.NoError(t, err)
	assert.NotEmpty(t, res.Refused)
	assert.Equal(t, store.OutboxQueued, f.entry(t, e.ID).State, "waits for the credentials to be fixed")
	assert.Empty(t, f.sim.Writes())
}

func itoa(n int) string { return strconv.Itoa(n) }
