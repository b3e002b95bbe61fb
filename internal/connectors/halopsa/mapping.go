package halopsa

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/trueup/trueup/internal/connector"
)

// How Halo's records become TrueUp's:
//   - a client (GET /Client) is an account: Active unless Halo marks it inactive. Halo's
//     customer types are a per-instance lookup the list gives only as an id, so Type is
//     left empty and no client is judged a prospect or vendor by it.
//   - a recurring invoice header is an agreement: its lines are what Halo bills and what a
//     push writes. Its status and dates are source facts taken from the header and its
//     client contract: Status "Recurring invoice disabled" when the header is disabled,
//     "Contract inactive" when the contract is not active, else "Active"; StartDate and
//     EndDate are the contract's (narrowed by the header's own dates, when it has them).
//     The visibility rules of internal/reconcile judge them.
//   - each invoice line is a service line: ProductID _itemid, ProductName
//     item_shortdescription (what the invoice shows; else item_code), Quantity qty_order,
//     UnitPrice unit_price, UnitCost unit_cost, Cancelled isinactive, EffectiveDate
//     startdate, CancelledDate enddate (the line bills until then).
//   - an item (GET /Item) is a product: Price recurringprice (else baseprice), Cost
//     recurringcost (else costprice), VendorSKU supplier_part_code.
const (
	StatusActive           = "Active"
	StatusInactive         = "Inactive"
	StatusInvoiceDisabled  = "Recurring invoice disabled"
	StatusContractInactive = "Contract inactive"
	agreementType          = "Recurring invoice"
)

func decodeObject(raw json.RawMessage, v any) error {
	b := []byte(strings.TrimSpace(string(raw)))
	if len(b) == 0 || b[0] != '{' {
		return errors.New("a record is not a JSON object")
	}
	return json.Unmarshal(b, v)
}

func decodeClient(raw json.RawMessage) (connector.Account, error) {
	var c client
	if err := decodeObject(raw, &c); err != nil {
		return connector.Account{}, fmt.Errorf("read a client: %w", err)
	}
	a := connector.Account{
		ID: c.ID.id(), Name: strings.TrimSpace(string(c.Name)), Active: !bool(c.Inactive),
		Status: StatusActive, Raw: raw,
	}
	if c.Inactive {
		a.Status = StatusInactive
	}
	if a.Name == "" && a.ID != "" {
		a.Name = "Client " + a.ID
	}
	return a, nil
}

// contractFacts are what an agreement takes from its client contract.
type contractFacts struct {
	id, ref    string
	start, end string
	active     bool
}

func decodeContract(raw json.RawMessage) (contractFacts, error) {
	var c contract
	if err := decodeObject(raw, &c); err != nil {
		return contractFacts{}, fmt.Errorf("read a contract: %w", err)
	}
	f := contractFacts{id: c.ID.id(), ref: strings.TrimSpace(string(c.Ref)),
		start: civilDate(string(c.StartDate)), end: civilDate(string(c.EndDate)), active: true}
	if c.Active != nil {
		f.active = bool(*c.Active)
	}
	return f, nil
}

// invoiceRow is one decoded recurring invoice: its agreement and its lines.
type invoiceRow struct {
	agreement  connector.Agreement
	contractID string
	lines      []connector.ServiceLine
	skipped    int // lines without an id
}

// decodeInvoice reads a header with its lines. contracts holds the contracts read (nil
// when they could not be read: the caller does not store agreements then).
func decodeInvoice(raw json.RawMessage, contracts map[string]contractFacts) (invoiceRow, error) {
	var h invoice
	if err := decodeObject(raw, &h); err != nil {
		return invoiceRow{}, fmt.Errorf("read a recurring invoice: %w", err)
	}
	id := h.ID.id()
	row := invoiceRow{contractID: h.ContractID.id()}
	ag := connector.Agreement{
		ID: id, AccountID: h.ClientID.id(), Type: agreementType, Status: StatusActive,
		StartDate: civilDate(string(h.StartDate)), EndDate: civilDate(string(h.EndDate)),
		Raw: headerRaw(raw), NextInvoiceDate: civilDate(string(h.NextCreationDate)),
	}
	if t, ok := parseTime(string(h.LastModified)); ok {
		ag.UpdatedAt = t.UTC()
	}
	ct, hasContract := contracts[row.contractID]
	ag.Name = firstNonEmpty(strings.TrimSpace(string(h.Reference)), strings.TrimSpace(string(h.ContractRef)), ct.ref)
	if ag.Name == "" {
		ag.Name = "Recurring invoice " + id
	}
	if hasContract {
		ag.StartDate = laterDate(ag.StartDate, ct.start)
		ag.EndDate = earlierDate(ag.EndDate, ct.end)
	}
	switch {
	case bool(h.Disabled):
		ag.Status = StatusInvoiceDisabled
	case hasContract && !ct.active:
		ag.Status = StatusContractInactive
	}
	row.agreement = ag

	for _, lraw := range h.Lines {
		var l invoiceLine
		if err := decodeObject(lraw, &l); err != nil {
			return invoiceRow{}, fmt.Errorf("read a line of recurring invoice %s: %w", id, err)
		}
		lid := l.ID.id()
		if lid == "" {
			row.skipped++
			continue
		}
		sl := connector.ServiceLine{
			ID: lid, AgreementID: id, AccountID: ag.AccountID, ProductID: l.ItemID.id(),
			ProductName: strings.TrimSpace(string(l.ItemShortDescription)), Quantity: float64(l.QtyOrder),
			UnitPrice: float64(l.UnitPrice), UnitCost: float64(l.UnitCost), Cancelled: bool(l.IsInactive),
			EffectiveDate: civilDate(string(l.StartDate)), CancelledDate: civilDate(string(l.EndDate)),
			UpdatedAt: ag.UpdatedAt, Raw: lraw,
		}
		if sl.ProductName == "" {
			sl.ProductName = firstNonEmpty(strings.TrimSpace(string(l.ItemCode)), "Item "+firstNonEmpty(sl.ProductID, "(none)"))
		}
		row.lines = append(row.lines, sl)
	}
	return row, nil
}

// headerRaw is the header's JSON without its lines (they are stored with each line).
func headerRaw(raw json.RawMessage) json.RawMessage {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return raw
	}
	delete(fields, "lines")
	b, err := json.Marshal(fields)
	if err != nil {
		return raw
	}
	return b
}

func decodeItem(raw json.RawMessage) (connector.Product, error) {
	var it item
	if err := decodeObject(raw, &it); err != nil {
		return connector.Product{}, fmt.Errorf("read an item: %w", err)
	}
	p := connector.Product{
		ID: it.ID.id(), Identifier: strings.TrimSpace(string(it.InternalReference)), Name: strings.TrimSpace(string(it.Name)),
		Vendor: strings.TrimSpace(string(it.SupplierName)), VendorSKU: strings.TrimSpace(string(it.SupplierPartCode)),
		Price: float64(it.RecurringPrice), Cost: float64(it.RecurringCost),
		Recurring: bool(it.IsContractItem) || it.RecurringPrice > 0, Inactive: bool(it.Inactive), Raw: raw,
	}
	if p.Price == 0 {
		p.Price = float64(it.BasePrice)
	}
	if p.Cost == 0 {
		p.Cost = float64(it.CostPrice)
	}
	if t, ok := parseTime(string(it.LastModified)); ok {
		p.UpdatedAt = t.UTC()
	}
	if p.Name == "" && p.ID != "" {
		p.Name = "Item " + p.ID
	}
	return p, nil
}

func laterDate(a, b string) string {
	if a == "" || b > a {
		return b
	}
	return a
}

func earlierDate(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || a < b:
		return a
	}
	return b
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
