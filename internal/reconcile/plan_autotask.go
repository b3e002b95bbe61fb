package reconcile

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/trueup/trueup/internal/connector"
)

// Autotask plans speak Autotask REST v1.0 (psa-write-apis.md section 2):
//   - units change by POST ContractServiceAdjustments, a dated whole-number delta
//     (unitChange is int32) that bills from effectiveDate, inside the contract's window;
//     Autotask keeps one adjustment per contract service and date, and an adjustment of a
//     service the contract does not have yet creates the contract service (New Revenue);
//   - a catalog cost changes by PATCH Services {id, unitCost}, which Autotask silently
//     ignores when the API user cannot see costs (the push reads it back).
// https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServiceAdjustmentsEntity.htm
// https://autotask.net/help/developerhelp/content/apis/REST/Entities/ServicesEntity.htm
//
// A delta is not idempotent, so the plan fixes the pre-image and the target (the units the
// service bills on the effective date before and after) and the push reads the units of
// that date right before it writes: the target already there is done, anything but the
// pre-image is a conflict, and only the pre-image gets the adjustment, whose unitChange is
// Target - Expected exactly as previewed.

// Paths of the Autotask writes, relative to the zone's REST root (".../V1.0").
const (
	AutotaskAdjustmentsPath = "/ContractServiceAdjustments"
	AutotaskServicesPath    = "/Services"
)

// autotaskAdjustment is the body of POST ContractServiceAdjustments. contractServiceID is
// left out for a service the contract does not have yet: Autotask creates it.
type autotaskAdjustment struct {
	ContractID        int64  `json:"contractID"`
	ContractServiceID int64  `json:"contractServiceID,omitempty"`
	ServiceID         int64  `json:"serviceID"`
	UnitChange        int64  `json:"unitChange"`
	EffectiveDate     string `json:"effectiveDate"`
	AdjustedUnitPrice *Money `json:"adjustedUnitPrice,omitempty"`
	AdjustedUnitCost  *Money `json:"adjustedUnitCost,omitempty"`
}

// autotaskServicePatch is the body of PATCH Services: the id goes in the body, and only the
// fields sent change.
type autotaskServicePatch struct {
	ID       int64 `json:"id"`
	UnitCost Money `json:"unitCost"`
}

func buildAutotaskPlan(r PlanRequest) (Plan, error) {
	c := r.Card
	q := c.VendorQuantity
	if r.Quantity != nil {
		q = *r.Quantity
	}
	if err := validQuantity(q); err != nil {
		return Plan{}, fmt.Errorf("card %s: Autotask counts whole units: %w", c.ID, err)
	}
	switch c.State {
	case StateReconcile:
		return planAutotaskUnits(r, q)
	case StateNewRevenue:
		return planAutotaskNewService(r, q)
	}
	return Plan{}, fmt.Errorf("card %s (%s, %s) is %s: there is nothing to push", c.ID, c.AccountName, c.ProductName, c.State)
}

func planAutotaskUnits(r PlanRequest, q Qty) (Plan, error) {
	c := r.Card
	line := c.Target
	if r.Agreement.ID != "" && (line == nil || line.AgreementID != r.Agreement.ID) {
		line = nil
		for i := range c.PSALines {
			l := &c.PSALines[i]
			if l.AgreementID == r.Agreement.ID && l.Billable() && (line == nil || l.Quantity > line.Quantity) {
				line = l
			}
		}
		if line == nil {
			return Plan{}, fmt.Errorf("card %s has no contract service on contract %s: choose one of the contracts its services are on", c.ID, r.Agreement.ID)
		}
	}
	if line == nil {
		return Plan{}, fmt.Errorf("card %s has no contract service to adjust: approve it as New Revenue with a contract", c.ID)
	}
	if r.Agreement.ID == "" {
		return Plan{}, fmt.Errorf("card %s: the contract of contract service %s is not in the cache: run a Full Sync of the PSA", c.ID, line.LineID)
	}
	ids, err := autotaskIDs(line.AgreementID, line.LineID, c.PSAProductID)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	delta := q - c.PSAQuantity
	if delta == 0 {
		return Plan{}, fmt.Errorf("card %s: Autotask already bills %s: acknowledge or dismiss it instead", c.ID, q)
	}
	eff, err := autotaskEffective(c.Detection, r.Cycle, r.Agreement, r.Effective)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	agr := agreementLabel(r.Agreement, line.AgreementName)
	if line.NextQuantity != nil && line.NextFrom == eff.Date {
		// Autotask refuses a second adjustment of one service on one date ("duplicate data
		// into contract_service_period"), and an adjustment cannot be edited: the change
		// already there must be followed by one on another day.
		return Plan{}, fmt.Errorf("card %s: contract service %s on %q already changes to %s units on %s, and Autotask takes one adjustment of a service per date: approve with --effective %s or later, or revert that push first",
			c.ID, line.LineID, agr, *line.NextQuantity, eff.Date, eff.Date.AddDays(1))
	}
	before := line.UnitsOn(eff.Date)
	after := before + delta
	if after < 0 {
		return Plan{}, fmt.Errorf("card %s: billing %s in all would take contract service %s on %q from %s below zero units: lower its other contract services in Autotask first, or choose their contract",
			c.ID, q, line.LineID, agr, before)
	}
	if !before.IsWhole() {
		return Plan{}, fmt.Errorf("card %s: contract service %s bills a fractional %s units: fix it in Autotask first", c.ID, line.LineID, before)
	}
	body, err := json.Marshal(autotaskAdjustment{ContractID: ids[0], ContractServiceID: ids[1], ServiceID: ids[2],
		UnitChange: int64(delta / QtyUnit), EffectiveDate: eff.Date.MidnightUTC()})
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: encoding the adjustment: %w", c.ID, err)
	}
	text, words := r.Invoice.render(connector.KindAutotask, c, after, eff.Date, InvoiceFieldOf(connector.KindAutotask).Limit)
	if text != nil {
		words = " then PATCH ContractServices" + words
	}
	w := Write{PSA: connector.KindAutotask, Kind: WriteQuantity, Method: "POST", Path: AutotaskAdjustmentsPath, Body: body,
		Field: "units", Expected: qtyJSON(before), Target: qtyJSON(after), Key: c.ID + "/" + r.Cycle.String() + "/units",
		AgreementID: line.AgreementID, AgreementName: agr, LineID: line.LineID, ProductID: c.PSAProductID, Effective: eff.Date, InvoiceText: text,
		Preview: fmt.Sprintf("POST ContractServiceAdjustments: contract service %s (%s) on contract %q: units %s -> %s (unitChange %+d) effective %s: %s",
			line.LineID, c.ProductName, agr, before, after, int64(delta/QtyUnit), eff.Date, eff.Explanation) + words}
	return Plan{CardID: c.ID, Cycle: r.Cycle, Effective: eff, Writes: []Write{w}}, nil
}

func planAutotaskNewService(r PlanRequest, q Qty) (Plan, error) {
	c := r.Card
	a := r.Agreement
	if a.ID == "" {
		return Plan{}, fmt.Errorf("card %s (%s, %s) is New Revenue: choose the contract to add the service to (--agreement ID)", c.ID, c.AccountName, c.ProductName)
	}
	if a.AccountID != "" && a.AccountID != c.PSAAccountID {
		return Plan{}, fmt.Errorf("card %s: contract %q belongs to another company: choose a contract of %s", c.ID, a.Name, c.AccountName)
	}
	if q == 0 {
		return Plan{}, fmt.Errorf("card %s: a new service of 0 units bills nothing: give a quantity or dismiss the card", c.ID)
	}
	ids, err := autotaskIDs(a.ID, c.PSAProductID)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	eff, err := autotaskEffective(c.Detection, r.Cycle, a, r.Effective)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	adj := autotaskAdjustment{ContractID: ids[0], ServiceID: ids[1], UnitChange: int64(q / QtyUnit), EffectiveDate: eff.Date.MidnightUTC()}
	price, cost := c.UnitPrice, c.VendorUnitCost
	if price != 0 {
		adj.AdjustedUnitPrice = &price
	}
	if cost != 0 {
		adj.AdjustedUnitCost = &cost
	}
	body, err := json.Marshal(adj)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: encoding the adjustment: %w", c.ID, err)
	}
	agr := agreementLabel(a, "")
	text, words := r.Invoice.render(connector.KindAutotask, c, q, eff.Date, InvoiceFieldOf(connector.KindAutotask).Limit)
	if text != nil {
		words = "; then PATCH the new contract service" + words
	}
	return Plan{CardID: c.ID, Cycle: r.Cycle, Effective: eff, Writes: []Write{{
		PSA: connector.KindAutotask, Kind: WriteNewLine, Method: "POST", Path: AutotaskAdjustmentsPath, Body: body,
		Field: "units", Expected: qtyJSON(0), Target: qtyJSON(q), Key: c.ID + "/" + r.Cycle.String() + "/new_service",
		AgreementID: a.ID, AgreementName: agr, ProductID: c.PSAProductID, Effective: eff.Date, InvoiceText: text,
		Preview: fmt.Sprintf("POST ContractServiceAdjustments: add %s to contract %q with %s units at %s (cost %s) effective %s: Autotask creates the contract service; %s",
			c.ProductName, agr, q, price, cost, eff.Date, eff.Explanation) + words,
	}}}, nil
}

// autotaskEffective decides the adjustment's date. Autotask prorates a units change from
// its effective date, so any day can be honest; TrueUp's default is the first of next month
// (the next billing period), or the day the change was detected under the detected policy.
// The date must lie inside the contract: a default before the contract starts moves to its
// start, and no date after its end is accepted.
func autotaskEffective(det Detection, cycle Cycle, a Agreement, override Date) (Effective, error) {
	e := Effective{Date: cycle.Next().Start()}
	switch {
	case !override.IsZero():
		if override.Before(cycle.Start()) {
			return Effective{}, fmt.Errorf("effective date %s is before the cycle being reconciled (%s to %s), a period Autotask may have billed already: choose a date from %s",
				override, cycle.Start(), cycle.End(), cycle.Start())
		}
		if !a.Start.IsZero() && override.Before(a.Start) {
			return Effective{}, fmt.Errorf("effective date %s is before contract %q starts (%s): Autotask takes dates inside the contract: choose a date from %s", override, a.Name, a.Start, a.Start)
		}
		e.Date = override
	case det.Policy == PolicyDetected && cycle.Contains(det.DetectedOn):
		e.Date = det.DetectedOn
	}
	clamped := false
	if !a.Start.IsZero() && e.Date.Before(a.Start) {
		e.Date, clamped = a.Start, true
	}
	if !a.End.IsZero() && e.Date.After(a.End) {
		return Effective{}, fmt.Errorf("effective date %s is after contract %q ends (%s), and Autotask takes dates inside the contract: choose a date up to %s, or extend the contract in Autotask and sync",
			e.Date, a.Name, a.End, a.End)
	}
	e.Prorated = e.Date.D != 1
	switch {
	case clamped:
		e.Explanation = fmt.Sprintf("Autotask bills the new units from %s, the day the contract starts", e.Date)
	case e.Prorated:
		e.Explanation = fmt.Sprintf("Autotask bills the new units from %s and prorates the rest of that period", e.Date)
	default:
		e.Explanation = fmt.Sprintf("Autotask bills the new units from %s, the start of that billing period", e.Date)
	}
	return e, nil
}

func planAutotaskCost(row CostRow) (Plan, error) {
	ids, err := autotaskIDs(row.ProductID)
	if err != nil {
		return Plan{}, fmt.Errorf("service %s: %w", row.ProductID, err)
	}
	if row.VendorCost < 0 {
		return Plan{}, fmt.Errorf("service %s: vendor cost %s is negative: check the vendor data", row.ProductID, row.VendorCost)
	}
	if row.VendorCost == row.CatalogCost {
		return Plan{}, fmt.Errorf("service %s %q already costs %s: nothing to push", row.ProductID, row.ProductName, row.CatalogCost)
	}
	w, err := autotaskCostWrite(ids[0], row.CatalogCost, row.VendorCost)
	if err != nil {
		return Plan{}, fmt.Errorf("service %s: %w", row.ProductID, err)
	}
	w.Key = "cost/" + row.PSAIntegration + "/" + row.ProductID + "/" + row.VendorCost.String()
	w.Preview = fmt.Sprintf("PATCH Services %s %q: unitCost %s -> %s (TrueUp reads it back: Autotask ignores a cost the API user cannot see)",
		row.ProductID, row.ProductName, row.CatalogCost, row.VendorCost)
	return Plan{Writes: []Write{w}}, nil
}

func autotaskCostWrite(id int64, before, after Money) (Write, error) {
	body, err := json.Marshal(autotaskServicePatch{ID: id, UnitCost: after})
	if err != nil {
		return Write{}, fmt.Errorf("encoding the cost: %w", err)
	}
	exp, _ := before.MarshalJSON()
	tgt, _ := after.MarshalJSON()
	return Write{PSA: connector.KindAutotask, Kind: WriteCost, Method: "PATCH", Path: AutotaskServicesPath, Body: body,
		Field: "unitCost", Expected: exp, Target: tgt, ProductID: strconv.FormatInt(id, 10)}, nil
}

// revertAutotask is a counter-adjustment (Autotask cannot delete or edit an adjustment) or
// the cost patched back. The counter-adjustment goes on the earliest day Autotask takes:
// not the original's own date (one adjustment per service and date), so the day after it
// while that is still ahead, otherwise today. createdID is the contract service the push
// adjusted or created.
func revertAutotask(w Write, createdID string, today Date) (Write, error) {
	switch w.Kind {
	case WriteCost:
		var before, after Money
		if err := json.Unmarshal(w.Expected, &before); err != nil {
			return Write{}, fmt.Errorf("push %s: its cost cannot be read: %w", w.Key, err)
		}
		if err := json.Unmarshal(w.Target, &after); err != nil {
			return Write{}, fmt.Errorf("push %s: its cost cannot be read: %w", w.Key, err)
		}
		ids, err := autotaskIDs(w.ProductID)
		if err != nil {
			return Write{}, fmt.Errorf("push %s: %w", w.Key, err)
		}
		r, err := autotaskCostWrite(ids[0], after, before)
		if err != nil {
			return Write{}, err
		}
		r.Key = w.Key + "/revert"
		r.Preview = fmt.Sprintf("PATCH Services %s: unitCost %s -> %s (revert)", w.ProductID, after, before)
		return r, nil
	case WriteQuantity, WriteNewLine:
	default:
		return Write{}, fmt.Errorf("push %s: a %s write cannot be reverted: change it in Autotask", w.Key, w.Kind)
	}
	var before, after Qty
	if err := json.Unmarshal(w.Expected, &before); err != nil {
		return Write{}, fmt.Errorf("push %s: its units cannot be read: %w", w.Key, err)
	}
	if err := json.Unmarshal(w.Target, &after); err != nil {
		return Write{}, fmt.Errorf("push %s: its units cannot be read: %w", w.Key, err)
	}
	if w.Effective.IsZero() {
		return Write{}, fmt.Errorf("push %s has no effective date: counter-adjust the units in Autotask", w.Key)
	}
	line := w.LineID
	if line == "" {
		line = createdID
	}
	ids, err := autotaskIDs(w.AgreementID, w.ProductID)
	if err != nil {
		return Write{}, fmt.Errorf("push %s: %w", w.Key, err)
	}
	adj := autotaskAdjustment{ContractID: ids[0], ServiceID: ids[1], UnitChange: int64((before - after) / QtyUnit)}
	if line != "" {
		cs, err := autotaskIDs(line)
		if err != nil {
			return Write{}, fmt.Errorf("push %s: %w", w.Key, err)
		}
		adj.ContractServiceID = cs[0]
	}
	day := AutotaskRevertDate(w.Effective, today)
	adj.EffectiveDate = day.MidnightUTC()
	body, err := json.Marshal(adj)
	if err != nil {
		return Write{}, fmt.Errorf("encoding the revert of %s: %w", w.Key, err)
	}
	return Write{PSA: connector.KindAutotask, Kind: WriteQuantity, Method: "POST", Path: AutotaskAdjustmentsPath, Body: body,
		Field: "units", Expected: w.Target, Target: w.Expected, Key: w.Key + "/revert",
		AgreementID: w.AgreementID, AgreementName: w.AgreementName, LineID: line, ProductID: w.ProductID, Effective: day,
		Preview: fmt.Sprintf("POST ContractServiceAdjustments: contract service %s on contract %q: units %s -> %s (unitChange %+d) effective %s (revert: %s)",
			lineOrNew(line), w.AgreementName, after, before, adj.UnitChange, day, AutotaskBilledDays(w.Effective, day, after))}, nil
}

// AutotaskRevertDate is the day a counter-adjustment of an adjustment dated effective goes
// on when planned on today: the day after effective while that is still ahead, otherwise
// today (Autotask keeps one adjustment per contract service and date).
func AutotaskRevertDate(effective, today Date) Date {
	if next := effective.AddDays(1); !next.Before(today) {
		return next
	}
	return today
}

// AutotaskBilledDays says for which days a pushed count still bills once its revert, dated
// revertOn, is in: from the push's effective date to the day before the revert.
func AutotaskBilledDays(effective, revertOn Date, units Qty) string {
	last := revertOn.AddDays(-1)
	if last == effective {
		return fmt.Sprintf("the pushed %s units still bill for %s alone", units, effective)
	}
	return fmt.Sprintf("the pushed %s units still bill from %s to %s", units, effective, last)
}

// autotaskIDs checks that ids are Autotask entity ids (positive integers), which also keeps
// anything but a number out of a request body.
func autotaskIDs(ids ...string) ([]int64, error) {
	out := make([]int64, len(ids))
	for i, id := range ids {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not an Autotask entity id: run a Full Sync of the PSA", id)
		}
		out[i] = n
	}
	return out, nil
}

func qtyJSON(q Qty) json.RawMessage {
	b, _ := q.MarshalJSON()
	return b
}

func lineOrNew(s string) string {
	if s == "" {
		return "(new)"
	}
	return s
}

// RebaseAutotaskUnits is an Autotask units write re-planned from what Autotask bills now on
// its effective date (current), keeping its target: a revert the user confirms over a newer
// change still ends at the units from before the push, so its delta is re-computed (a
// delta planned from a stale pre-image would land somewhere else).
func RebaseAutotaskUnits(w Write, current Qty) (Write, error) {
	var target Qty
	if err := json.Unmarshal(w.Target, &target); err != nil {
		return Write{}, fmt.Errorf("push %s: its units cannot be read: %w", w.Key, err)
	}
	var adj autotaskAdjustment
	if err := json.Unmarshal(w.Body, &adj); err != nil {
		return Write{}, fmt.Errorf("push %s: its adjustment cannot be read: %w", w.Key, err)
	}
	if !current.IsWhole() || current < 0 {
		return Write{}, fmt.Errorf("push %s: Autotask bills %s units, not a whole number TrueUp can adjust: change it in Autotask", w.Key, current)
	}
	if current == target {
		return Write{}, fmt.Errorf("push %s: Autotask already bills %s units on %s: there is nothing to revert", w.Key, target, w.Effective)
	}
	adj.UnitChange = int64((target - current) / QtyUnit)
	body, err := json.Marshal(adj)
	if err != nil {
		return Write{}, fmt.Errorf("encoding the revert of %s: %w", w.Key, err)
	}
	w.Body, w.Expected = body, qtyJSON(current)
	w.Preview = fmt.Sprintf("POST ContractServiceAdjustments: contract service %s on contract %q: units %s -> %s (unitChange %+d) effective %s (revert over a newer change: you confirmed)",
		lineOrNew(w.LineID), w.AgreementName, current, target, adj.UnitChange, w.Effective)
	return w, nil
}
