package reconcile

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/connector"
)

// HaloPSA plans. Halo has no PATCH: a recurring invoice's lines change when its header is
// POSTed to /api/RecurringInvoice (a JSON array of InvoiceHeader) with its lines array, which
// is the header's whole set of lines (the schema has a separate add_lines for appending), so
// a line left out is a line removed. A plan therefore cannot hold the exact body: the other
// lines must be sent exactly as Halo holds them at send time, never as the cache remembers
// them. A Halo write holds the intent instead, and the push builds the body from a fresh read
// of the header right before it sends (push/halopsa.go):
//   - WriteQuantity: line LineID of header AgreementID, Field qty_order from Expected to Target.
//   - WriteNewLine: Body is the new line (an InvoiceDetail without id), appended to the
//     header's lines; its item_shortdescription ends with the marker's tag, so an unknown
//     outcome is settled by finding the line in a fresh read. Target is its qty_order.
//   - WriteRemoveLine (the revert of a new line): the header's lines without line LineID,
//     which must still carry the marker. Expected is its qty_order, Target 0.
//   - WriteCost: POST /api/Item [{id, recurringcost}] (Body exact: the item is one record),
//     Field recurringcost from Expected to Target. The read side takes an item's cost from
//     recurringcost (costprice only when that is 0): the cost a recurring invoice line of
//     the item is costed at, so that is the field a cost push sets.
// Sources: research/psa-write-apis.md §3 (the Halo API v2 swagger InvoiceHeader, InvoiceDetail
// and Item schemas; the full-set update pattern of jakesiney/HaloPSA-Update-Invoice-Lines).

// Halo's routes and fields a plan names, relative to the instance's /api root.
const (
	HaloRecurringInvoicePath = "/RecurringInvoice"
	HaloItemPath             = "/Item"
	HaloQtyField             = "qty_order"
	HaloCostField            = "recurringcost"
)

// HaloNewLine is the InvoiceDetail a New Revenue push appends to a recurring invoice: the
// item, its seats and prices, and the description that carries TrueUp's marker. Halo fills
// in the rest (item_code and the tax fields from the item).
type HaloNewLine struct {
	ItemID      int64  `json:"_itemid"`
	Description string `json:"item_shortdescription"`
	Quantity    Qty    `json:"qty_order"`
	UnitPrice   Money  `json:"unit_price"`
	UnitCost    Money  `json:"unit_cost"`
}

// haloNextRun is what a Halo preview says about when a change bills.
func haloNextRun(a Agreement) string {
	if a.NextInvoice.IsZero() {
		return "HaloPSA has no effective date on a line: the new quantity bills from the recurring invoice's next run"
	}
	return fmt.Sprintf("HaloPSA has no effective date on a line: the new quantity bills from the recurring invoice's next run on %s", a.NextInvoice)
}

// haloEffective is the effective date of a Halo change: the header's next invoice date when
// it is cached (zero otherwise). A date the user chose is refused: Halo cannot honour it.
func haloEffective(r PlanRequest) (Effective, error) {
	a := r.Agreement
	if !r.Effective.IsZero() && r.Effective != a.NextInvoice {
		when := "its next run"
		if !a.NextInvoice.IsZero() {
			when = "its next run on " + a.NextInvoice.String()
		}
		return Effective{}, fmt.Errorf("HaloPSA has no effective date on a recurring invoice line: the change bills from %s; approve without an effective date", when)
	}
	return Effective{Date: a.NextInvoice, Explanation: haloNextRun(a)}, nil
}

func buildHaloPlan(r PlanRequest) (Plan, error) {
	c := r.Card
	q := c.VendorQuantity
	if r.Quantity != nil {
		q = *r.Quantity
	}
	if err := validQuantity(q); err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	switch c.State {
	case StateNewRevenue:
		return planHaloNewLine(r, q)
	case StateReconcile:
		return planHaloQuantity(r, q)
	}
	return Plan{}, fmt.Errorf("card %s (%s, %s) is %s: there is nothing to push", c.ID, c.AccountName, c.ProductName, c.State)
}

// haloLine is the line a quantity change writes: the card's target, or the largest billable
// line on the agreement the user chose.
func haloLine(r PlanRequest) (*LineEvidence, error) {
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
			return nil, fmt.Errorf("card %s has no line on recurring invoice %s: choose one of the recurring invoices its lines are on", c.ID, r.Agreement.ID)
		}
	}
	if line == nil {
		return nil, fmt.Errorf("card %s has no line to change: approve it as New Revenue with a recurring invoice", c.ID)
	}
	return line, nil
}

func planHaloQuantity(r PlanRequest, q Qty) (Plan, error) {
	c := r.Card
	line, err := haloLine(r)
	if err != nil {
		return Plan{}, err
	}
	if r.Agreement.ID == "" {
		return Plan{}, fmt.Errorf("card %s: the recurring invoice of line %s is not in the cache: run a Full Sync of HaloPSA", c.ID, line.LineID)
	}
	if err := haloIDs(line.AgreementID, line.LineID); err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	delta := q - c.PSAQuantity
	if delta == 0 {
		return Plan{}, fmt.Errorf("card %s: HaloPSA already bills %s: acknowledge or dismiss it instead", c.ID, q)
	}
	newQty := line.Quantity + delta
	if newQty < 0 {
		return Plan{}, fmt.Errorf("card %s: billing %s in all would take line %s on %q from %s below zero: lower its other lines in HaloPSA first, or choose their recurring invoice", c.ID, q, line.LineID, line.AgreementName, line.Quantity)
	}
	if !newQty.IsWhole() {
		return Plan{}, fmt.Errorf("card %s: line %s would get a fractional quantity %s: fix the line's quantity in HaloPSA first", c.ID, line.LineID, newQty)
	}
	eff, err := haloEffective(r)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	exp, _ := line.Quantity.MarshalJSON()
	tgt, _ := newQty.MarshalJSON()
	inv := agreementLabel(r.Agreement, line.AgreementName)
	text, words := r.Invoice.render(connector.KindHaloPSA, c, newQty, haloPeriodStart(r, eff), haloTextRoom)
	w := Write{PSA: connector.KindHaloPSA, Kind: WriteQuantity, Method: "POST", Path: HaloRecurringInvoicePath, Field: HaloQtyField,
		Expected: exp, Target: tgt, Key: c.ID + "/" + r.Cycle.String() + "/quantity",
		AgreementID: line.AgreementID, AgreementName: inv, LineID: line.LineID, InvoiceText: text,
		Preview: fmt.Sprintf("POST recurring invoice %s %q with its lines as HaloPSA holds them at send time: line %s qty_order %s -> %s, every other line unchanged (%s)",
			line.AgreementID, inv, line.LineID, line.Quantity, newQty, eff.Explanation) + words}
	return Plan{CardID: c.ID, Cycle: r.Cycle, Effective: eff, Writes: []Write{w}}, nil
}

func planHaloNewLine(r PlanRequest, q Qty) (Plan, error) {
	c := r.Card
	a := r.Agreement
	if a.ID == "" {
		return Plan{}, fmt.Errorf("card %s (%s, %s) is New Revenue: choose the recurring invoice to add the line to (--agreement ID)", c.ID, c.AccountName, c.ProductName)
	}
	if a.AccountID != "" && a.AccountID != c.PSAAccountID {
		return Plan{}, fmt.Errorf("card %s: recurring invoice %q belongs to another client: choose one of %s", c.ID, a.Name, c.AccountName)
	}
	if q == 0 {
		return Plan{}, fmt.Errorf("card %s: a new line of quantity 0 bills nothing: give a quantity or dismiss the card", c.ID)
	}
	if err := haloIDs(a.ID); err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	item, err := haloID(c.PSAProductID)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: item: %w", c.ID, err)
	}
	eff, err := haloEffective(r)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	marker := MarkerKey(c.ID, r.Cycle, WriteNewLine)
	text, words := r.Invoice.render(connector.KindHaloPSA, c, q, haloPeriodStart(r, eff), haloTextRoom)
	name := c.ProductName
	if text != nil {
		name = *text // the template's text, still followed by the marker's tag
	}
	line := HaloNewLine{ItemID: item, Description: haloDescription(name, marker), Quantity: q, UnitPrice: c.UnitPrice, UnitCost: c.VendorUnitCost}
	body, err := json.Marshal(line)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: encoding the new line: %w", c.ID, err)
	}
	tgt, _ := q.MarshalJSON()
	inv := agreementLabel(a, "")
	return Plan{CardID: c.ID, Cycle: r.Cycle, Effective: eff, Writes: []Write{{
		PSA: connector.KindHaloPSA, Kind: WriteNewLine, Method: "POST", Path: HaloRecurringInvoicePath, Body: body, Field: HaloQtyField, Target: tgt,
		Marker: marker, Key: c.ID + "/" + r.Cycle.String() + "/new_line", AgreementID: a.ID, AgreementName: inv, InvoiceText: text,
		Preview: fmt.Sprintf("POST recurring invoice %s %q with its lines as HaloPSA holds them at send time plus a new line: %s, qty_order %s at %s (cost %s) (%s)",
			a.ID, inv, c.ProductName, q, c.UnitPrice, c.VendorUnitCost, eff.Explanation) + words,
	}}}, nil
}

// planHaloCost is PlanCost for HaloPSA: the item's recurringcost, POSTed as a one-item array
// (Halo's Item update; update_recurring_invoice_cost is left unset, so the lines keep their
// own unit_cost, as a ConnectWise addition keeps its own).
func planHaloCost(row CostRow) (Plan, error) {
	id, err := haloID(row.ProductID)
	if err != nil {
		return Plan{}, fmt.Errorf("item: %w", err)
	}
	if row.VendorCost < 0 {
		return Plan{}, fmt.Errorf("item %s: vendor cost %s is negative: check the vendor data", row.ProductID, row.VendorCost)
	}
	if row.VendorCost == row.CatalogCost {
		return Plan{}, fmt.Errorf("item %s %q already costs %s: nothing to push", row.ProductID, row.ProductName, row.CatalogCost)
	}
	w, err := haloCostWrite(id, row.CatalogCost, row.VendorCost)
	if err != nil {
		return Plan{}, err
	}
	w.Key = "cost/" + row.PSAIntegration + "/" + row.ProductID + "/" + row.VendorCost.String()
	w.Preview = fmt.Sprintf("POST item %s %q: recurringcost %s -> %s", row.ProductID, row.ProductName, row.CatalogCost, row.VendorCost)
	return Plan{Writes: []Write{w}}, nil
}

func haloCostWrite(id int64, before, after Money) (Write, error) {
	body, err := json.Marshal([]struct {
		ID   int64 `json:"id"`
		Cost Money `json:"recurringcost"`
	}{{id, after}})
	if err != nil {
		return Write{}, fmt.Errorf("encoding the cost of item %d: %w", id, err)
	}
	exp, _ := before.MarshalJSON()
	tgt, _ := after.MarshalJSON()
	return Write{PSA: connector.KindHaloPSA, Kind: WriteCost, Method: "POST", Path: HaloItemPath, Body: body, Field: HaloCostField,
		Expected: exp, Target: tgt, LineID: strconv.FormatInt(id, 10)}, nil
}

// revertHalo is the compensating write of a Halo push: the line's qty_order or the item's
// recurringcost set back, or the line TrueUp added taken out of the header's lines (Halo's API
// has no call that deletes one line, and the lines array is the header's whole set).
func revertHalo(w Write, createdID string, _ Date) (Write, error) {
	switch w.Kind {
	case WriteQuantity:
		return Write{PSA: w.PSA, Kind: WriteQuantity, Method: "POST", Path: w.Path, Field: w.Field, Expected: w.Target, Target: w.Expected,
			Key: w.Key + "/revert", AgreementID: w.AgreementID, AgreementName: w.AgreementName, LineID: w.LineID,
			Preview: fmt.Sprintf("POST recurring invoice %s %q with its lines as HaloPSA holds them at send time: line %s qty_order %s -> %s (revert), every other line unchanged",
				w.AgreementID, w.AgreementName, w.LineID, w.Target, w.Expected)}, nil
	case WriteCost:
		id, err := haloID(w.LineID)
		if err != nil {
			return Write{}, fmt.Errorf("the revert of %s: item: %w", w.Key, err)
		}
		var before, after Money
		if err := json.Unmarshal(w.Expected, &before); err != nil {
			return Write{}, fmt.Errorf("the revert of %s: %w", w.Key, err)
		}
		if err := json.Unmarshal(w.Target, &after); err != nil {
			return Write{}, fmt.Errorf("the revert of %s: %w", w.Key, err)
		}
		r, err := haloCostWrite(id, after, before)
		if err != nil {
			return Write{}, err
		}
		r.Key = w.Key + "/revert"
		r.Preview = fmt.Sprintf("POST item %s: recurringcost %s -> %s (revert)", w.LineID, after, before)
		return r, nil
	case WriteNewLine:
		if err := haloIDs(createdID); err != nil {
			return Write{}, fmt.Errorf("the revert of %s needs the id of the line it created: %w", w.Key, err)
		}
		return Write{PSA: w.PSA, Kind: WriteRemoveLine, Method: "POST", Path: w.Path, Field: w.Field, Expected: w.Target, Target: json.RawMessage("0"),
			Marker: w.Marker, Key: w.Key + "/revert", AgreementID: w.AgreementID, AgreementName: w.AgreementName, LineID: createdID,
			Preview: fmt.Sprintf("POST recurring invoice %s %q with its lines as HaloPSA holds them at send time, without line %s: remove the line TrueUp added (%s)",
				w.AgreementID, w.AgreementName, createdID, w.Marker)}, nil
	}
	return Write{}, fmt.Errorf("a %s write cannot be reverted: change it in HaloPSA", w.Kind)
}

// haloTextRoom is how much of a Halo line's description the template's text may take: the
// rest is kept for TrueUp's marker tag, which a line TrueUp added keeps after the text
// (MarkerKey's keys are at most 24 characters) so a later revert still finds its line.
const haloTextRoom = haloInvoiceLimit - len("(TrueUp ") - 24 - len(")") - 1

// haloPeriodStart is the first day a Halo change bills: the header's next run, else the
// next cycle's first day.
func haloPeriodStart(r PlanRequest, eff Effective) Date {
	if !eff.Date.IsZero() {
		return eff.Date
	}
	return r.Cycle.Next().Start()
}

// haloDescription is a new line's item_shortdescription: the product name a person reads,
// then the marker's tag whole, which the unknown-outcome lookup searches for. Halo documents
// no length limit for it, so nothing is cut.
func haloDescription(product, marker string) string {
	tag := MarkerTag(marker)
	if name := strings.TrimSpace(product); name != "" {
		return name + " " + tag
	}
	return tag
}

// haloID reads a Halo record id: a positive integer (InvoiceHeader, InvoiceDetail and Item
// ids are int32 in Halo's schema), which also keeps anything else out of a request.
func haloID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 32)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a HaloPSA record id: run a Full Sync of HaloPSA", id)
	}
	return n, nil
}

func haloIDs(ids ...string) error {
	for _, id := range ids {
		if _, err := haloID(id); err != nil {
			return err
		}
	}
	return nil
}
