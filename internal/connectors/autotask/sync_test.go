package autotask

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/sim"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
)

func demoIndex(t *testing.T, name string) int {
	t.Helper()
	for i, c := range sim.DemoCustomers() {
		if c.Name == name {
			return i
		}
	}
	t.Fatalf("no demo customer %q", name)
	return 0
}

// A Full Sync of the demo database maps every entity, and the visibility rules hide
// exactly what the seed troubleshooting guide says they hide.
func TestFullSyncOfTheDemoDatabase(t *testing.T) {
	data := atsim.DemoDataset(testToday)
	srv := startSim(t, data, atsim.Options{})
	c, _ := newConn(t, srv, atsim.DemoCredentials())
	rec := fullSync(t, c)

	assert.Empty(t, rec.Failures)
	assert.Len(t, rec.Accounts, len(data.Companies))
	assert.Len(t, rec.Agreements, len(data.Contracts), "every demo contract is a Recurring Service one")
	assert.Len(t, rec.ServiceLines, len(data.ContractServices))
	assert.Len(t, rec.Products, len(data.Services))
	for _, s := range []connector.Entity{connector.EntityAccounts, connector.EntityAgreements, connector.EntityServiceLines, connector.EntityProducts} {
		assert.Contains(t, rec.Completed, connector.Scope{Entity: s})
	}

	acc := map[string]connector.Account{}
	for _, a := range rec.Accounts {
		acc[a.Name] = a
	}
	assert.Equal(t, connector.Account{ID: strconv.Itoa(atsim.DemoCompanyID(0)), Name: "Acme Dental Group", Status: "Active", Type: "Customer", Active: true},
		stripped(acc["Acme Dental Group"]))
	assert.True(t, acc["Quarry Lane Studios"].Prospect)
	assert.Equal(t, "Prospect", acc["Quarry Lane Studios"].Type)
	assert.True(t, acc["Silverline Telecom"].Vendor)
	assert.False(t, acc["Sagebrush Outfitters"].Active)
	partner := acc["Lakeshore IT Partners"]
	assert.Equal(t, "Partner", partner.Type)
	assert.True(t, partner.NotCustomer)
	assert.False(t, partner.Vendor, "a Partner is not a vendor: Type keeps the source's word")
	assert.Contains(t, reconcile.AccountHiddenReason(partner), "Company type is Partner: only customer")
	assert.Empty(t, reconcile.AccountHiddenReason(acc["Acme Dental Group"]))

	lines := reconcile.PSALines(rec.Accounts, rec.Agreements, rec.ServiceLines, testToday.Format("2006-01-02"))
	reasons := map[string]string{}
	visible := map[string]int{}
	for _, l := range lines {
		if l.Visible {
			visible[l.AccountName]++
		} else if reasons[l.AccountName] == "" {
			reasons[l.AccountName] = l.HiddenReason
		}
	}
	assert.Contains(t, reasons["Quarry Lane Studios"], "Prospect")
	assert.Contains(t, reasons["Silverline Telecom"], "Vendor")
	assert.Contains(t, reasons["Sagebrush Outfitters"], "not active")
	assert.Contains(t, reasons["Keystone Realty"], "not active (status: Inactive)")
	assert.Contains(t, reasons["Falcon Ridge Construction"], "ended on")
	assert.Contains(t, reasons["Harborview Orthodontics"], "future-dated agreements appear on their start date")
	assert.Contains(t, reasons["Copperline Engineering"], "Quantity is 0")
	assert.NotZero(t, visible["Acme Dental Group"])

	// The main licence of Acme bills the units of the period covering today, at its price.
	var acme connector.ServiceLine
	for _, l := range rec.ServiceLines {
		if l.AccountID == strconv.Itoa(atsim.DemoCompanyID(0)) && l.ProductName == sim.DemoProducts()[0].PSAName {
			acme = l
		}
	}
	id, _ := atsim.DemoCatalogID(sim.DemoProducts()[0].PSAName)
	assert.Equal(t, strconv.Itoa(id), acme.ProductID)
	assert.Equal(t, 24.0, acme.Quantity)
	assert.Equal(t, 26.40, acme.UnitPrice)
	assert.Equal(t, 22.00, acme.UnitCost)
	assert.Equal(t, "2026-11-01", acme.EffectiveDate, "the period covering today")
	assert.Nil(t, acme.NextQuantity)

	for _, p := range rec.Products {
		if p.ID == strconv.Itoa(id) {
			assert.Equal(t, sim.DemoProducts()[0].VendorSKU(), p.VendorSKU)
			assert.Equal(t, 26.40, p.Price)
			assert.Equal(t, 22.00, p.Cost)
		}
	}
	assert.Contains(t, strings.Join(logTexts(rec, secHTTP), "\n"), "Autotask API usage is at 0%")
}

func stripped(a connector.Account) connector.Account {
	a.Raw, a.UpdatedAt = nil, time.Time{}
	return a
}

// A units change dated after today (a push effective the 1st of next month) leaves
// today's quantity and shows as the line's next quantity.
func TestUnitsScheduledAfterTodayAreTheNextQuantity(t *testing.T) {
	srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{})
	cs := srv.ContractServiceIDs()[0]
	next := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, srv.SetUnitsFrom(cs, next, 30))
	c, _ := newConn(t, srv, atsim.DemoCredentials())
	rec := fullSync(t, c)
	for _, l := range rec.ServiceLines {
		if l.ID != strconv.Itoa(cs) {
			continue
		}
		assert.Equal(t, 24.0, l.Quantity)
		require.NotNil(t, l.NextQuantity)
		assert.Equal(t, 30.0, *l.NextQuantity)
		assert.Equal(t, "2026-12-01", l.NextFrom, "the latest later period has the new units; NextFrom is its start")
		return
	}
	t.Fatal("the contract service was not read")
}

// The latest later period wins over an earlier later one, and a period covering today
// that an adjustment split counts from its latest start.
func TestUnitsPicksThePeriods(t *testing.T) {
	ps := []period{
		{units: 10, start: "2026-11-01", end: "2026-11-30"},
		{units: 12, start: "2026-11-15", end: "2026-11-30"}, // an adjustment effective on the 15th
		{units: 14, start: "2026-12-01", end: "2026-12-31"},
		{units: 16, start: "2027-01-01", end: "2027-01-31"},
	}
	now, ok, next, nextOK := units(ps, "2026-11-20")
	require.True(t, ok)
	require.True(t, nextOK)
	assert.Equal(t, 12.0, now.units)
	assert.Equal(t, 16.0, next.units)
	assert.Equal(t, "2027-01-01", next.start)

	steady := append(ps[:2:2], period{units: 20, start: "2026-12-01", end: "2026-12-31"}, period{units: 20, start: "2027-01-01", end: "2027-01-31"})
	_, _, next, _ = units(steady, "2026-11-20")
	assert.Equal(t, period{units: 20, start: "2026-12-01", end: "2027-01-31"}, next, "billed from the first of the later periods that bill it")

	now, ok, _, _ = units(ps[2:], "2026-11-20")
	require.True(t, ok, "a contract not started yet shows its first period")
	assert.Equal(t, 14.0, now.units)

	_, ok, _, nextOK = units(nil, "2026-11-20")
	assert.False(t, ok)
	assert.False(t, nextOK)
}

// Paging follows nextPageUrl at the 500-record boundary: 0, 500, 501 and 1,000 records.
func TestPagingBoundaries(t *testing.T) {
	for _, n := range []int{0, 500, 501, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			srv := startSim(t, atsim.LargeDataset(1, n, 0, 0, testToday), atsim.Options{})
			c, _ := newConn(t, srv, atsim.DemoCredentials())
			rec := fullSync(t, c)
			assert.Len(t, rec.Accounts, n)
			seen := map[string]bool{}
			for _, a := range rec.Accounts {
				assert.False(t, seen[a.ID], "company %s read twice", a.ID)
				seen[a.ID] = true
			}
			pages := max(1, (n+499)/500)
			assert.Equal(t, int64(1), srv.RequestsFor("Companies/query")-srv.RequestsFor("Companies/query/next"), "the first page is a POST")
			assert.Equal(t, int64(pages-1), srv.RequestsFor("Companies/query/next"), "the other pages follow nextPageUrl")
		})
	}
}

// QuickSync reads companies and contracts changed since their watermarks, reaching back
// five minutes (stamps arrive out of order), sweeps their ids, and reads the contract
// services in full, saying so.
func TestQuickSyncUsesTheWatermarksWithAnOverlap(t *testing.T) {
	clock := sim.NewClock(testToday)
	set := func(at time.Time) { clock.Advance(at.Sub(clock.Now())) }
	srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{Now: clock.Now})
	ids := srv.CompanyIDs()
	contracts := srv.ContractIDs()
	mark := testToday.Add(-time.Hour)
	set(mark.Add(-3 * time.Minute))
	require.NoError(t, srv.TouchCompany(ids[0])) // inside the overlap
	require.NoError(t, srv.SetContract(contracts[1], func(*atsim.Contract) {}))
	set(mark.Add(-10 * time.Minute))
	require.NoError(t, srv.TouchCompany(ids[1])) // before it
	set(mark.Add(time.Minute))
	require.NoError(t, srv.TouchCompany(ids[2])) // after the watermark
	set(testToday)

	c, _ := newConn(t, srv, atsim.DemoCredentials())
	rec := &retainSink{}
	req := connector.Request{Mode: connector.ModeQuick, Since: mark, Watermarks: map[connector.Entity]time.Time{
		connector.EntityAccounts: mark, connector.EntityAgreements: mark}}
	require.NoError(t, c.Sync(context.Background(), req, rec))
	assert.ElementsMatch(t, []string{strconv.Itoa(ids[0]), strconv.Itoa(ids[2])}, rec.IDs(connector.EntityAccounts))
	assert.Equal(t, []string{strconv.Itoa(contracts[1])}, rec.IDs(connector.EntityAgreements))
	assert.Len(t, rec.Retained[connector.EntityAccounts], len(ids), "the id sweep lists every company")
	assert.Len(t, rec.Retained[connector.EntityAgreements], len(contracts))
	assert.Len(t, rec.ServiceLines, len(srv.ContractServiceIDs()), "contract services are read in full")
	assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines}, "a QuickSync completes each contract's lines, not the entity")
	assert.Contains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines, ParentID: strconv.Itoa(contracts[0])})
	assert.Contains(t, strings.Join(logTexts(rec, secSync), "\n"), "ContractServices, ContractServiceUnits and Services have no change filter in Autotask: read in full")
	assert.Contains(t, strings.Join(logTexts(rec, secSync), "\n"), "5-minute overlap")
}

// Only Recurring Service contracts are read: others bill no recurring services.
func TestOnlyRecurringServiceContractsAreRead(t *testing.T) {
	data := atsim.LargeDataset(3, 50, 200, 400, testToday)
	srv := startSim(t, data, atsim.Options{})
	c, _ := newConn(t, srv, atsim.DemoCredentials())
	rec := fullSync(t, c)
	want := 0
	for _, ct := range data.Contracts {
		if ct.ContractType == atsim.ContractTypeRecurringService {
			want++
		}
	}
	require.Less(t, want, len(data.Contracts), "the dataset holds other contract types")
	assert.Len(t, rec.Agreements, want)
	agreements := map[string]bool{}
	for _, a := range rec.Agreements {
		agreements[a.ID] = true
	}
	for _, l := range rec.ServiceLines {
		assert.True(t, agreements[l.AgreementID])
	}
}
