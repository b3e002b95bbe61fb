package reconcile

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/connector"
)

// Write plans are exactly what a push sends: method, path and body bytes, plus the pre-image
// the push reads before writing (skip when the PSA already holds Target, stop as a conflict
// when it holds neither) and a human preview. The push sends Body as it is; it never builds
// a request of its own, so what the user approved is what goes out. Each PSA's plans speak its
// own API: this file ConnectWise Manage REST 3.0; plan_autotask.go Autotask REST v1.0;
// plan_halopsa.go HaloPSA. Write.PSA says whose, and the push sends each to its own writer.
// HaloPSA's writes are the one exception to "Body as it is": Halo has no PATCH, so a Halo
// write holds the approved change (line, from, to) and the push sends it inside the header's
// lines as Halo holds them at send time (see plan_halopsa.go).

// WriteKind says what a write does.
type WriteKind string

const (
	WriteQuantity     WriteKind = "quantity"      // PATCH an addition's quantity
	WriteNewLine      WriteKind = "new_line"      // POST a new addition (New Revenue)
	WriteProratedLine WriteKind = "prorated_line" // POST the extra seats of a prorated increase for the rest of the period
	WriteCost         WriteKind = "cost"          // PATCH a catalog item's cost
	WriteRemoveLine   WriteKind = "remove_line"   // DELETE an addition TrueUp created (a revert)
)

// PatchOp is one JSON Patch operation. Value is any JSON value: ConnectWise takes a plain
// number for quantity and cost (its generated Go client's map-typed value cannot send one).
type PatchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// Write is one request of a plan.
type Write struct {
	// PSA is the kind of PSA the write speaks to; empty means ConnectWise (the writes queued
	// before TrueUp pushed to any other PSA carry none).
	PSA    connector.Kind `json:",omitempty"`
	Kind   WriteKind
	Method string
	Path   string
	Body   json.RawMessage // nil for DELETE
	// Field, Expected and Target are the pre-image and the intended value of a PATCH
	// (JSON numbers, compared numerically by the push).
	Field    string
	Expected json.RawMessage
	Target   json.RawMessage
	// Marker is the key (MarkerKey) whose tag "(TrueUp KEY)" ends a created addition's
	// description, so a POST whose outcome is unknown is found by reading the agreement's
	// additions (the ConnectWise writer's FindAdditions) before anything is sent again.
	Marker string
	// Key identifies the intended change across retries: the same key is never sent twice.
	Key     string
	Preview string
	// Context for a revert's preview.
	AgreementID   string
	AgreementName string
	LineID        string
	// ProductID is the catalog product the write is about (Autotask: the serviceID of an
	// adjustment, the Services id of a cost), and Effective the civil day a dated write bills
	// from (Autotask: the adjustment's effectiveDate, the day whose units the push reads).
	// Both are empty on ConnectWise writes, whose path and body say everything.
	ProductID string `json:",omitempty"`
	Effective Date   `json:",omitzero"`
	// InvoiceText, when set, is the invoice description the write gives its line (rendered
	// from the template; a revert's may be "", the empty description the line had). nil sends
	// none, so a description a person wrote in the PSA is left alone when no template is set.
	// ConnectWise's PATCH and POST bodies carry it already; Autotask and HaloPSA writes send it
	// in their own way (push/autotask.go, push/halopsa.go).
	InvoiceText *string `json:",omitempty"`
}

// Plan is everything one decision pushes.
type Plan struct {
	CardID    string
	Cycle     Cycle
	Effective Effective
	Writes    []Write
}

// Preview is the plan as the user reads it before approving.
func (p Plan) Preview() []string {
	out := make([]string, len(p.Writes))
	for i, w := range p.Writes {
		out[i] = w.Preview
	}
	return out
}

// PlanRequest is an approval turned into a plan.
type PlanRequest struct {
	Card  Card
	Cycle Cycle
	// Quantity is the PSA quantity to bill (nil: the vendor quantity).
	Quantity *Qty
	// Agreement is the target agreement: for a Reconcile card the agreement of the line to
	// change (zero: the card's target line), for New Revenue the one to add the line to.
	Agreement Agreement
	// Effective overrides the effective date (zero: from the card's detection and policy).
	Effective Date
	// PSA is the kind of the card's PSA integration (empty: ConnectWise).
	PSA connector.Kind
	// Invoice is the invoice description template of the PSA integration (zero: none).
	Invoice InvoiceText
}

// PSAOf is the kind a write or request names, with empty meaning ConnectWise.
func PSAOf(k connector.Kind) connector.Kind {
	if k == "" {
		return connector.KindConnectWise
	}
	return k
}

// MarkerKey is the key that identifies the addition a POST of kind creates for card in
// cycle: "<card id>-<YYYYMM><N|P>", e.g. "0a1b2c3d4e5f6789-202612N" (N: the new line of New
// Revenue, P: the prorated line of an increase). A new line and a prorated line of one card
// can both exist in one cycle, so the kind is part of the key: the unknown-outcome lookup of
// one must never find the other. The key is 24 letters, digits and hyphens, the most the
// ConnectWise writer's MarkerTag takes (card ids are 16 hex digits, see CardID).
func MarkerKey(cardID string, cycle Cycle, kind WriteKind) string {
	k := "N"
	if kind == WriteProratedLine {
		k = "P"
	}
	return fmt.Sprintf("%s-%04d%02d%s", cardID, cycle.Y, cycle.M, k)
}

// MarkerTag is the text a marker key puts into a created addition's description; it is the
// ConnectWise writer's tag (connectwise.MarkerTag), which FindAdditions searches for.
func MarkerTag(key string) string { return "(TrueUp " + key + ")" }

// BuildPlan turns an approval into the writes a push sends, in the API of the card's PSA.
func BuildPlan(r PlanRequest) (Plan, error) {
	switch PSAOf(r.PSA) {
	case connector.KindConnectWise:
		return buildConnectWisePlan(r)
	case connector.KindAutotask:
		return buildAutotaskPlan(r)
	case connector.KindHaloPSA:
		return buildHaloPlan(r)
	}
	return Plan{}, fmt.Errorf("card %s: TrueUp cannot push to a %s PSA: make the change there", r.Card.ID, r.PSA)
}

// buildConnectWisePlan is BuildPlan for ConnectWise Manage.
func buildConnectWisePlan(r PlanRequest) (Plan, error) {
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
		return planNewLine(r, q)
	case StateReconcile:
		return planQuantity(r, q)
	}
	return Plan{}, fmt.Errorf("card %s (%s, %s) is %s: there is nothing to push", c.ID, c.AccountName, c.ProductName, c.State)
}

func planQuantity(r PlanRequest, q Qty) (Plan, error) {
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
			return Plan{}, fmt.Errorf("card %s has no billable line on agreement %s: choose one of the agreements its lines are on", c.ID, r.Agreement.ID)
		}
	}
	if line == nil {
		return Plan{}, fmt.Errorf("card %s has no billable line to change: approve it as New Revenue with an agreement", c.ID)
	}
	if r.Agreement.ID == "" {
		return Plan{}, fmt.Errorf("card %s: the agreement of line %s is not in the cache: run a Full Sync of the PSA", c.ID, line.LineID)
	}
	if err := cwIDs(line.AgreementID, line.LineID); err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	delta := q - c.PSAQuantity
	if delta == 0 {
		return Plan{}, fmt.Errorf("card %s: the PSA already bills %s: acknowledge or dismiss it instead", c.ID, q)
	}
	newQty := line.Quantity + delta
	if newQty < 0 {
		return Plan{}, fmt.Errorf("card %s: billing %s in all would take line %s on %q from %s below zero: lower its other lines in ConnectWise first, or choose their agreement", c.ID, q, line.LineID, line.AgreementName, line.Quantity)
	}
	if !newQty.IsWhole() {
		return Plan{}, fmt.Errorf("card %s: line %s would get a fractional quantity %s: fix the line's quantity in ConnectWise first", c.ID, line.LineID, newQty)
	}
	eff, err := EffectiveDate(c.Detection, r.Cycle, r.Agreement, r.Effective)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	p := Plan{CardID: c.ID, Cycle: r.Cycle, Effective: eff}
	agr := agreementLabel(r.Agreement, line.AgreementName)
	w, err := patch(WriteQuantity, "/finance/agreements/"+line.AgreementID+"/additions/"+line.LineID, "quantity", line.Quantity, newQty)
	if err != nil {
		return Plan{}, err
	}
	w.Key = c.ID + "/" + r.Cycle.String() + "/quantity"
	w.AgreementID, w.AgreementName, w.LineID = line.AgreementID, agr, line.LineID
	billsFrom := eff.Date
	if eff.Prorated {
		billsFrom = r.Cycle.Next().Start() // the patched quantity bills from the next invoice
	}
	text, words := r.Invoice.render(connector.KindConnectWise, c, newQty, billsFrom, InvoiceFieldOf(connector.KindConnectWise).Limit)
	if err := setCWInvoiceText(&w, text); err != nil {
		return Plan{}, err
	}
	switch {
	case eff.Prorated && delta > 0:
		w.Preview = fmt.Sprintf("PATCH addition %s on agreement %q: quantity %s -> %s from its next invoice (the %s added seats from %s to %s are billed by the prorated addition below)",
			line.LineID, agr, line.Quantity, newQty, delta, eff.Date, r.Cycle.End())
	case eff.Prorated:
		w.Preview = fmt.Sprintf("PATCH addition %s on agreement %q: quantity %s -> %s from its next invoice (TrueUp sends no credit for %s to %s: add one in ConnectWise if the customer is owed it)",
			line.LineID, agr, line.Quantity, newQty, eff.Date, r.Cycle.End())
	default:
		w.Preview = fmt.Sprintf("PATCH addition %s on agreement %q: quantity %s -> %s, effective %s (%s)", line.LineID, agr, line.Quantity, newQty, eff.Date, eff.Explanation)
	}
	w.Preview += words
	p.Writes = append(p.Writes, w)

	if eff.Prorated && delta > 0 {
		// The patched quantity bills from the next invoice; the extra seats of the rest of
		// this period go on their own addition, effective the prorated day and cancelled at the
		// period's end (the Sync365License pattern), which ConnectWise prorates.
		product, err := productRef(c.PSAProductID)
		if err != nil {
			return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
		}
		marker := MarkerKey(c.ID, r.Cycle, WriteProratedLine)
		text, words := r.Invoice.render(connector.KindConnectWise, c, delta, eff.Date, InvoiceFieldOf(connector.KindConnectWise).Limit)
		body, err := json.Marshal(addition{Product: product, Quantity: delta, UnitPrice: line.UnitPrice, UnitCost: line.UnitCost,
			BillCustomer: Billable, EffectiveDate: eff.Date.MidnightUTC(), CancelledDate: r.Cycle.End().MidnightUTC(),
			Description: description(c.ProductName, marker), InvoiceDescription: text})
		if err != nil {
			return Plan{}, fmt.Errorf("card %s: encoding the prorated addition: %w", c.ID, err)
		}
		p.Writes = append(p.Writes, Write{Kind: WriteProratedLine, Method: "POST", Path: "/finance/agreements/" + line.AgreementID + "/additions",
			Body: body, Marker: marker, Key: c.ID + "/" + r.Cycle.String() + "/prorated", AgreementID: line.AgreementID, AgreementName: agr,
			InvoiceText: text,
			Preview: fmt.Sprintf("POST prorated addition on agreement %q: %s, quantity %s at %s from %s to %s (ConnectWise prorates the price)",
				agr, c.ProductName, delta, line.UnitPrice, eff.Date, r.Cycle.End()) + words})
	}
	return p, nil
}

func planNewLine(r PlanRequest, q Qty) (Plan, error) {
	c := r.Card
	a := r.Agreement
	if a.ID == "" {
		return Plan{}, fmt.Errorf("card %s (%s, %s) is New Revenue: choose the agreement to add the line to (--agreement ID)", c.ID, c.AccountName, c.ProductName)
	}
	if a.AccountID != "" && a.AccountID != c.PSAAccountID {
		return Plan{}, fmt.Errorf("card %s: agreement %q belongs to another company: choose an agreement of %s", c.ID, a.Name, c.AccountName)
	}
	if q == 0 {
		return Plan{}, fmt.Errorf("card %s: a new line of quantity 0 bills nothing: give a quantity or dismiss the card", c.ID)
	}
	if err := cwIDs(a.ID); err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	product, err := productRef(c.PSAProductID)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	eff, err := EffectiveDate(c.Detection, r.Cycle, a, r.Effective)
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: %w", c.ID, err)
	}
	cost := c.VendorUnitCost
	marker := MarkerKey(c.ID, r.Cycle, WriteNewLine)
	text, words := r.Invoice.render(connector.KindConnectWise, c, q, eff.Date, InvoiceFieldOf(connector.KindConnectWise).Limit)
	body, err := json.Marshal(addition{Product: product, Quantity: q, UnitPrice: c.UnitPrice, UnitCost: cost,
		BillCustomer: Billable, EffectiveDate: eff.Date.MidnightUTC(), Description: description(c.ProductName, marker), InvoiceDescription: text})
	if err != nil {
		return Plan{}, fmt.Errorf("card %s: encoding the new addition: %w", c.ID, err)
	}
	agr := agreementLabel(a, "")
	return Plan{CardID: c.ID, Cycle: r.Cycle, Effective: eff, Writes: []Write{{
		Kind: WriteNewLine, Method: "POST", Path: "/finance/agreements/" + a.ID + "/additions", Body: body, Marker: marker,
		Key: c.ID + "/" + r.Cycle.String() + "/new_line", AgreementID: a.ID, AgreementName: agr, InvoiceText: text,
		Preview: fmt.Sprintf("POST new addition on agreement %q: %s, quantity %s at %s (cost %s), effective %s (%s)",
			agr, c.ProductName, q, c.UnitPrice, cost, eff.Date, eff.Explanation) + words,
	}}}, nil
}

// PlanCost is the catalog cost push of one cost row (Cost Reconciliation) to a PSA of kind psa.
func PlanCost(row CostRow, psa connector.Kind) (Plan, error) {
	switch PSAOf(psa) {
	case connector.KindConnectWise:
		return planConnectWiseCost(row)
	case connector.KindAutotask:
		return planAutotaskCost(row)
	case connector.KindHaloPSA:
		return planHaloCost(row)
	}
	return Plan{}, fmt.Errorf("catalog item %s: TrueUp cannot push costs to a %s PSA: change it there", row.ProductID, psa)
}

// planConnectWiseCost is PlanCost for ConnectWise Manage.
func planConnectWiseCost(row CostRow) (Plan, error) {
	if err := cwIDs(row.ProductID); err != nil {
		return Plan{}, err
	}
	if row.VendorCost < 0 {
		return Plan{}, fmt.Errorf("catalog item %s: vendor cost %s is negative: check the vendor data", row.ProductID, row.VendorCost)
	}
	if row.VendorCost == row.CatalogCost {
		return Plan{}, fmt.Errorf("catalog item %s %q already costs %s: nothing to push", row.ProductID, row.ProductName, row.CatalogCost)
	}
	w, err := patch(WriteCost, "/procurement/catalog/"+row.ProductID, "cost", row.CatalogCost, row.VendorCost)
	if err != nil {
		return Plan{}, err
	}
	w.Key = "cost/" + row.PSAIntegration + "/" + row.ProductID + "/" + row.VendorCost.String()
	w.Preview = fmt.Sprintf("PATCH catalog item %s %q: cost %s -> %s", row.ProductID, row.ProductName, row.CatalogCost, row.VendorCost)
	return Plan{Writes: []Write{w}}, nil
}

// RevertWrite is the compensating write of a pushed one, in its PSA's API (createdID: the id
// of the record the pushed write created, from the PSA's answer). today is the day the
// revert is planned: a PSA that writes deltas dates its counter-change by it.
func RevertWrite(w Write, createdID string, today Date) (Write, error) {
	switch PSAOf(w.PSA) {
	case connector.KindConnectWise:
		return revertConnectWise(w, createdID)
	case connector.KindAutotask:
		return revertAutotask(w, createdID, today)
	case connector.KindHaloPSA:
		return revertHalo(w, createdID, today)
	}
	return Write{}, fmt.Errorf("a write to a %s PSA cannot be reverted by TrueUp: change it there", w.PSA)
}

// revertConnectWise is a PATCH with pre-image and target swapped, or the DELETE of an
// addition a POST created.
func revertConnectWise(w Write, createdID string) (Write, error) {
	switch w.Method {
	case "PATCH":
		var value any = w.Expected
		r := Write{Kind: w.Kind, Method: "PATCH", Path: w.Path, Field: w.Field, Expected: w.Target, Target: w.Expected,
			Key: w.Key + "/revert", AgreementID: w.AgreementID, AgreementName: w.AgreementName, LineID: w.LineID}
		body, err := json.Marshal([]PatchOp{{Op: "replace", Path: w.Field, Value: value}})
		if err != nil {
			return Write{}, fmt.Errorf("encoding the revert of %s: %w", w.Path, err)
		}
		r.Body = body
		switch w.Kind {
		case WriteQuantity:
			r.Preview = fmt.Sprintf("PATCH addition %s on agreement %q: quantity %s -> %s (revert)", w.LineID, w.AgreementName, w.Target, w.Expected)
		default:
			r.Preview = fmt.Sprintf("PATCH %s: %s %s -> %s (revert)", w.Path, w.Field, w.Target, w.Expected)
		}
		return r, nil
	case "POST":
		if err := cwIDs(createdID); err != nil {
			return Write{}, fmt.Errorf("the revert of %s needs the id of the addition it created: %w", w.Key, err)
		}
		return Write{Kind: WriteRemoveLine, Method: "DELETE", Path: w.Path + "/" + createdID, Marker: w.Marker, Key: w.Key + "/revert",
			AgreementID: w.AgreementID, AgreementName: w.AgreementName, LineID: createdID,
			Preview: fmt.Sprintf("DELETE addition %s on agreement %q: remove the line TrueUp added (%s)", createdID, w.AgreementName, w.Marker)}, nil
	}
	return Write{}, fmt.Errorf("a %s write cannot be reverted: change it in ConnectWise", w.Method)
}

// addition is the body of a new ConnectWise agreement addition. Server-derived fields are
// never sent.
type addition struct {
	Product       itemRef      `json:"product"`
	Quantity      Qty          `json:"quantity"`
	UnitPrice     Money        `json:"unitPrice"`
	UnitCost      Money        `json:"unitCost"`
	BillCustomer  BillCustomer `json:"billCustomer"`
	EffectiveDate string       `json:"effectiveDate"`
	CancelledDate string       `json:"cancelledDate,omitempty"`
	Description   string       `json:"description"`
	// InvoiceDescription is sent only with a template: ConnectWise fills in its own otherwise.
	InvoiceDescription *string `json:"invoiceDescription,omitempty"`
}

type itemRef struct {
	ID int64 `json:"id"`
}

func patch(kind WriteKind, path, field string, before, after json.Marshaler) (Write, error) {
	exp, err := before.MarshalJSON()
	if err != nil {
		return Write{}, fmt.Errorf("encoding %s of %s: %w", field, path, err)
	}
	tgt, err := after.MarshalJSON()
	if err != nil {
		return Write{}, fmt.Errorf("encoding %s of %s: %w", field, path, err)
	}
	body, err := json.Marshal([]PatchOp{{Op: "replace", Path: field, Value: json.RawMessage(tgt)}})
	if err != nil {
		return Write{}, fmt.Errorf("encoding the patch of %s: %w", path, err)
	}
	return Write{Kind: kind, Method: "PATCH", Path: path, Body: body, Field: field, Expected: exp, Target: tgt}, nil
}

// setCWInvoiceText adds the invoiceDescription to a ConnectWise PATCH's operations (nil: none).
func setCWInvoiceText(w *Write, text *string) error {
	if text == nil {
		return nil
	}
	var ops []PatchOp
	if err := json.Unmarshal(w.Body, &ops); err != nil {
		return fmt.Errorf("the patch of %s: %w", w.Path, err)
	}
	ops = append(ops, PatchOp{Op: "replace", Path: InvoiceFieldOf(connector.KindConnectWise).Name, Value: *text})
	body, err := json.Marshal(ops)
	if err != nil {
		return fmt.Errorf("encoding the patch of %s: %w", w.Path, err)
	}
	w.Body, w.InvoiceText = body, text
	return nil
}

// RestoreInvoiceText makes a revert's write set its line's invoice description back to
// before, the description the pushed write replaced (kept in the ledger with the push's
// answer), and says so in its preview. Writes that take a line away (a DELETE, a HaloPSA
// line removed) or change no line (a cost) are returned as they are.
func RestoreInvoiceText(w Write, before string) (Write, error) {
	if w.Kind != WriteQuantity {
		return w, nil
	}
	f := InvoiceFieldOf(w.PSA)
	if PSAOf(w.PSA) == connector.KindConnectWise {
		if w.Method != "PATCH" {
			return w, nil
		}
		if err := setCWInvoiceText(&w, &before); err != nil {
			return Write{}, err
		}
	} else {
		w.InvoiceText = &before
	}
	w.Preview += fmt.Sprintf("; %s back to %q", f.Name, before)
	return w, nil
}

// maxDescription bounds a created addition's description, as the ConnectWise writer does:
// the limit is not documented and the catalog's own description allows 60 characters.
const maxDescription = 60

// description is the created addition's description: the product name a person reads first,
// cut to fit, then the marker's tag whole (a cut tag could not be found again), which the
// unknown-outcome lookup searches for. description is a plain writable Addition field;
// invoiceDescription, which customers read, is left to ConnectWise.
func description(product, marker string) string {
	tag := MarkerTag(marker)
	r := []rune(strings.TrimSpace(product))
	if room := maxDescription - len(tag) - 1; len(r) > room {
		r = r[:max(room, 0)]
	}
	if name := strings.TrimSpace(string(r)); name != "" {
		return name + " " + tag
	}
	return tag
}

func agreementLabel(a Agreement, fallback string) string {
	switch {
	case a.Name != "":
		return a.Name
	case fallback != "":
		return fallback
	}
	return "(agreement " + a.ID + ")"
}

// cwIDs checks that ids are ConnectWise record ids (positive integers), which also keeps
// anything but a number out of a request path.
func cwIDs(ids ...string) error {
	for _, id := range ids {
		if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 {
			return fmt.Errorf("%q is not a ConnectWise record id: run a Full Sync of the PSA", id)
		}
	}
	return nil
}

func productRef(id string) (itemRef, error) {
	if err := cwIDs(id); err != nil {
		return itemRef{}, fmt.Errorf("catalog product: %w", err)
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	return itemRef{ID: n}, nil
}
