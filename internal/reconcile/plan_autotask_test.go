package reconcile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/trueup/trueup/internal/connector"
)

// atCard is a card on one Autotask contract service 812 (contract 9001, service 10) that
// bills psa units today and, when next is set, next units from nextFrom.
func atCard(t *testing.T, psa, vendor float64, next *float64, nextFrom Date) Card {
	t.Helper()
	var lines []PSALine
	if psa >= 0 {
		lines = []PSALine{{LineID: "812", AgreementID: "9001", AgreementName: "Acme - Recurring", Quantity: psa, UnitPrice: 28, UnitCost: 22,
			NextQuantity: next, NextFrom: nextFrom}}
	}
	res := BuildCards(mini(lines, []Subscription{{Quantity: vendor, UnitCost: 21.5}}))
	require.Len(t, res.Cards, 1)
	return res.Cards[0]
}

var atContract = Agreement{Integration: "cw", ID: "9001", Name: "Acme - Recurring", AccountID: "1", Prorates: true, Start: Date{2025, 1, 1}}

func atPlan(t *testing.T, r PlanRequest) Write {
	t.Helper()
	r.PSA, r.Cycle = connector.KindAutotask, Cycle{2026, 12}
	if r.Agreement.ID == "" {
		r.Agreement = atContract
	}
	p, err := BuildPlan(r)
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	return p.Writes[0]
}

func TestPlanAutotaskUnits(t *testing.T) {
	w := atPlan(t, PlanRequest{Card: atCard(t, 25, 27, nil, Date{})})
	assert.Equal(t, connector.KindAutotask, w.PSA)
	assert.Equal(t, WriteQuantity, w.Kind)
	assert.Equal(t, "POST", w.Method)
	assert.Equal(t, "/ContractServiceAdjustments", w.Path)
	assert.JSONEq(t, `{"contractID":9001,"contractServiceID":812,"serviceID":10,"unitChange":2,"effectiveDate":"2027-01-01T00:00:00Z"}`, string(w.Body),
		"exactly the bytes the push sends: a whole-number delta, dated the first of next month")
	assert.Equal(t, "units", w.Field)
	assert.Equal(t, "25", string(w.Expected), "the units on the effective date before")
	assert.Equal(t, "27", string(w.Target), "and after")
	assert.Equal(t, Date{2027, 1, 1}, w.Effective)
	assert.Equal(t, "10", w.ProductID)
	assert.Equal(t, "812", w.LineID)
	assert.Equal(t, `POST ContractServiceAdjustments: contract service 812 (M365 BP) on contract "Acme - Recurring": units 25 -> 27 (unitChange +2) effective 2027-01-01: Autotask bills the new units from 2027-01-01, the start of that billing period`, w.Preview)

	// A decrease is a negative delta.
	w = atPlan(t, PlanRequest{Card: atCard(t, 27, 20, nil, Date{})})
	assert.JSONEq(t, `{"contractID":9001,"contractServiceID":812,"serviceID":10,"unitChange":-7,"effectiveDate":"2027-01-01T00:00:00Z"}`, string(w.Body))
}

func TestPlanAutotaskEffectiveDates(t *testing.T) {
	c := atCard(t, 25, 27, nil, Date{})
	tests := []struct {
		name     string
		det      Detection
		contract Agreement
		override Date
		want     Date
		explain  string
		err      string
	}{
		{name: "default: the first of next month", contract: atContract, want: Date{2027, 1, 1}, explain: "the start of that billing period"},
		{name: "detected policy: the day it was seen, prorated", det: Detection{Cycle: Cycle{2026, 12}, DetectedOn: Date{2026, 12, 9}, Policy: PolicyDetected},
			contract: atContract, want: Date{2026, 12, 9}, explain: "prorates the rest of that period"},
		{name: "override mid-month", contract: atContract, override: Date{2026, 12, 20}, want: Date{2026, 12, 20}},
		{name: "contract starting later: clamped to its start", contract: Agreement{ID: "9001", Name: "Acme - Recurring", Start: Date{2027, 1, 15}},
			want: Date{2027, 1, 15}, explain: "the day the contract starts"},
		{name: "contract ending before: refused", contract: Agreement{ID: "9001", Name: "Acme - Recurring", End: Date{2026, 12, 31}},
			err: `effective date 2027-01-01 is after contract "Acme - Recurring" ends (2026-12-31), and Autotask takes dates inside the contract: choose a date up to 2026-12-31`},
		{name: "override before the contract: refused", contract: Agreement{ID: "9001", Name: "Acme - Recurring", Start: Date{2026, 12, 20}}, override: Date{2026, 12, 10},
			err: "before contract \"Acme - Recurring\" starts (2026-12-20)"},
		{name: "override in a past cycle: refused", contract: atContract, override: Date{2026, 11, 1}, err: "a period Autotask may have billed already"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := c
			card.Detection = tt.det
			p, err := BuildPlan(PlanRequest{Card: card, Cycle: Cycle{2026, 12}, PSA: connector.KindAutotask, Agreement: tt.contract, Effective: tt.override})
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.Writes[0].Effective)
			assert.Contains(t, string(p.Writes[0].Body), `"effectiveDate":"`+tt.want.MidnightUTC()+`"`)
			assert.Contains(t, p.Effective.Explanation, tt.explain)
		})
	}
}

// A change Autotask already holds from a later day counts on the card when it bills from
// the next cycle's start: a pushed card is in step at once.
func TestCardsCountScheduledUnits(t *testing.T) {
	next := 27.0
	c := atCard(t, 25, 27, &next, Date{2027, 1, 1})
	assert.Equal(t, StateNoChange, c.State, "27 from the next invoice is what the vendor counts")
	assert.Equal(t, Units(27), c.PSAQuantity)
	assert.Equal(t, Units(25), c.PSALines[0].Quantity, "the line still says what it bills today")

	later := atCard(t, 25, 27, &next, Date{2027, 1, 2})
	assert.Equal(t, StateReconcile, later.State, "a change dated after the next cycle's start has not reached the next invoice")
	assert.Equal(t, Units(25), later.PSAQuantity)

	// ConnectWise lines carry no schedule: counted as before.
	cw := acmeCard(t, 25, 27)
	assert.Equal(t, Units(25), cw.PSAQuantity)
}

func TestPlanAutotaskReadsTheUnitsOfItsDate(t *testing.T) {
	next := 27.0
	// The vendor moved on to 30 after the push of 27 from 2027-01-01: the card counts 27, and
	// a change dated mid-December reads today's 25 and adds the same +3, which Autotask
	// carries into the later period as well.
	c := atCard(t, 25, 30, &next, Date{2027, 1, 1})
	require.Equal(t, Units(27), c.PSAQuantity)
	w := atPlan(t, PlanRequest{Card: c, Effective: Date{2026, 12, 20}})
	assert.Equal(t, "25", string(w.Expected))
	assert.Equal(t, "28", string(w.Target))
	assert.Contains(t, string(w.Body), `"unitChange":3`)

	// The default date is the very day the earlier adjustment holds: refused with what to do.
	_, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, PSA: connector.KindAutotask, Agreement: atContract})
	assert.ErrorContains(t, err, "already changes to 27 units on 2027-01-01, and Autotask takes one adjustment of a service per date: approve with --effective 2027-01-02 or later")

	w = atPlan(t, PlanRequest{Card: c, Effective: Date{2027, 1, 2}})
	assert.Equal(t, "27", string(w.Expected), "the scheduled units are the pre-image from their day on")
	assert.Equal(t, "30", string(w.Target))
}

func TestPlanAutotaskRefusals(t *testing.T) {
	half := Units(26) + QtyUnit/2
	tests := []struct {
		name string
		r    PlanRequest
		err  string
	}{
		{name: "fractional quantity", r: PlanRequest{Card: atCard(t, 25, 27, nil, Date{}), Quantity: &half, Agreement: atContract}, err: "Autotask counts whole units"},
		{name: "already billed", r: PlanRequest{Card: atCard(t, 25, 27, nil, Date{}), Quantity: qp(Units(25)), Agreement: atContract}, err: "Autotask already bills 25"},
		{name: "below zero", r: PlanRequest{Card: twoLineCard(t), Quantity: qp(Units(2)), Agreement: atContract}, err: "below zero units"},
		{name: "no contract in the cache", r: PlanRequest{Card: atCard(t, 25, 27, nil, Date{})}, err: "is not in the cache: run a Full Sync"},
		{name: "New Revenue without a contract", r: PlanRequest{Card: atCard(t, -1, 12, nil, Date{})}, err: "choose the contract to add the service to (--agreement ID)"},
		{name: "New Revenue of 0", r: PlanRequest{Card: atCard(t, -1, 12, nil, Date{}), Quantity: qp(Units(0)), Agreement: atContract}, err: "a new service of 0 units bills nothing"},
		{name: "not an Autotask id", r: PlanRequest{Card: atCard(t, -1, 12, nil, Date{}), Agreement: Agreement{ID: "x1"}}, err: `"x1" is not an Autotask entity id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.r.PSA, tt.r.Cycle = connector.KindAutotask, Cycle{2026, 12}
			_, err := BuildPlan(tt.r)
			assert.ErrorContains(t, err, tt.err)
		})
	}
}

func twoLineCard(t *testing.T) Card {
	t.Helper()
	res := BuildCards(mini([]PSALine{
		{LineID: "812", AgreementID: "9001", Quantity: 20},
		{LineID: "813", AgreementID: "9002", Quantity: 5},
	}, []Subscription{{Quantity: 27}}))
	require.Len(t, res.Cards, 1)
	return res.Cards[0]
}

func TestPlanAutotaskNewService(t *testing.T) {
	w := atPlan(t, PlanRequest{Card: atCard(t, -1, 12, nil, Date{})})
	assert.Equal(t, WriteNewLine, w.Kind)
	assert.JSONEq(t, `{"contractID":9001,"serviceID":10,"unitChange":12,"effectiveDate":"2027-01-01T00:00:00Z","adjustedUnitPrice":28.00,"adjustedUnitCost":21.50}`, string(w.Body),
		"no contractServiceID: Autotask creates the contract service")
	assert.Equal(t, "0", string(w.Expected))
	assert.Equal(t, "12", string(w.Target))
	assert.Contains(t, w.Preview, `add M365 BP to contract "Acme - Recurring" with 12 units at 28.00 (cost 21.50) effective 2027-01-01: Autotask creates the contract service`)
}

func TestPlanAutotaskCost(t *testing.T) {
	row := CostRow{PSAIntegration: "at", ProductID: "10", ProductName: "M365 BP", CatalogCost: MoneyOf(22), VendorCost: MoneyOf(21.5)}
	p, err := PlanCost(row, connector.KindAutotask)
	require.NoError(t, err)
	w := p.Writes[0]
	assert.Equal(t, "PATCH", w.Method)
	assert.Equal(t, "/Services", w.Path)
	assert.JSONEq(t, `{"id":10,"unitCost":21.50}`, string(w.Body), "the id goes in the body; only unitCost changes")
	assert.Equal(t, "unitCost", w.Field)
	assert.Equal(t, "22.00", string(w.Expected))
	assert.Equal(t, "21.50", string(w.Target))
	assert.Contains(t, w.Preview, "PATCH Services 10 \"M365 BP\": unitCost 22.00 -> 21.50")

	rv, err := RevertWrite(w, "", Date{2026, 12, 14})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":10,"unitCost":22.00}`, string(rv.Body))
	assert.Equal(t, "21.50", string(rv.Expected))
	assert.Equal(t, w.Key+"/revert", rv.Key)

	row.VendorCost = row.CatalogCost
	_, err = PlanCost(row, connector.KindAutotask)
	assert.ErrorContains(t, err, "nothing to push")
}

func TestRevertAutotaskDates(t *testing.T) {
	tests := []struct {
		name      string
		effective Date
		today     Date
		want      Date
		bills     string
	}{
		{name: "pushed ahead: the day after it", effective: Date{2027, 1, 1}, today: Date{2026, 12, 14}, want: Date{2027, 1, 2},
			bills: "the pushed 27 units still bill for 2027-01-01 alone"},
		{name: "pushed today: tomorrow", effective: Date{2026, 12, 14}, today: Date{2026, 12, 14}, want: Date{2026, 12, 15},
			bills: "the pushed 27 units still bill for 2026-12-14 alone"},
		{name: "pushed yesterday: today", effective: Date{2026, 12, 13}, today: Date{2026, 12, 14}, want: Date{2026, 12, 14},
			bills: "the pushed 27 units still bill for 2026-12-13 alone"},
		{name: "pushed in the past: today", effective: Date{2026, 12, 1}, today: Date{2026, 12, 14}, want: Date{2026, 12, 14},
			bills: "the pushed 27 units still bill from 2026-12-01 to 2026-12-13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := atPlan(t, PlanRequest{Card: atCard(t, 25, 27, nil, Date{})})
			w.Effective = tt.effective
			rv, err := RevertWrite(w, "", tt.today)
			require.NoError(t, err)
			assert.Equal(t, tt.want, rv.Effective)
			assert.JSONEq(t, `{"contractID":9001,"contractServiceID":812,"serviceID":10,"unitChange":-2,"effectiveDate":"`+tt.want.MidnightUTC()+`"}`, string(rv.Body),
				"a counter-adjustment: adjustments cannot be deleted or edited")
			assert.Equal(t, "27", string(rv.Expected))
			assert.Equal(t, "25", string(rv.Target))
			assert.Equal(t, connector.KindAutotask, rv.PSA)
			assert.Contains(t, rv.Preview, tt.bills)
		})
	}

	// The revert of a new service names the contract service the push created.
	nw := atPlan(t, PlanRequest{Card: atCard(t, -1, 12, nil, Date{})})
	rv, err := RevertWrite(nw, "4711", Date{2026, 12, 14})
	require.NoError(t, err)
	assert.JSONEq(t, `{"contractID":9001,"contractServiceID":4711,"serviceID":10,"unitChange":-12,"effectiveDate":"2027-01-02T00:00:00Z"}`, string(rv.Body))
}

func qp(q Qty) *Qty { return &q }

func TestRebaseAutotaskUnits(t *testing.T) {
	w := atPlan(t, PlanRequest{Card: atCard(t, 25, 27, nil, Date{})})
	rv, err := RevertWrite(w, "", Date{2026, 12, 14})
	require.NoError(t, err)
	// Someone set 30 in Autotask after the push: the confirmed revert goes back to 25 from 30.
	rb, err := RebaseAutotaskUnits(rv, Units(30))
	require.NoError(t, err)
	assert.Equal(t, "30", string(rb.Expected))
	assert.Equal(t, "25", string(rb.Target))
	assert.Contains(t, string(rb.Body), `"unitChange":-5`)
	_, err = RebaseAutotaskUnits(rv, Units(25))
	assert.ErrorContains(t, err, "there is nothing to revert")
}
