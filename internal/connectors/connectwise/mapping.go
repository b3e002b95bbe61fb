package connectwise

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// typeIndex is what /company/companies/types says about each company type.
type typeIndex struct {
	vendor map[cwID]bool
	names  map[cwID]string
}

func newTypeIndex(types []apiCompanyType) typeIndex {
	ix := typeIndex{vendor: map[cwID]bool{}, names: map[cwID]string{}}
	for _, t := range types {
		ix.vendor[t.ID] = t.VendorFlag
		ix.names[t.ID] = t.Name
	}
	return ix
}

// mapCompany turns a company into an account. Vendor: the company's isVendorFlag, or any of
// its types carrying vendorFlag (or simply named "Vendor"); Prospect: a type named
// "Prospect"; Active: status "Active" (statuses are configurable per site, the name is kept).
func mapCompany(raw json.RawMessage, types typeIndex) (connector.Account, error) {
	c, err := decode[apiCompany]("/company/companies", raw)
	if err != nil {
		return connector.Account{}, err
	}
	if c.ID == 0 {
		return connector.Account{}, fmt.Errorf("/company/companies: a record has no id")
	}
	refs := c.Types
	if len(refs) == 0 && c.Type != nil {
		refs = []ref{*c.Type}
	}
	a := connector.Account{
		ID:        c.ID.String(),
		Name:      firstNonEmpty(c.Name, c.Identifier, "Company "+c.ID.String()),
		Deleted:   c.DeletedFlag,
		Vendor:    c.IsVendorFlag,
		UpdatedAt: parseTime(c.Info.LastUpdated),
		Raw:       raw,
	}
	if c.Status != nil {
		a.Status = strings.TrimSpace(c.Status.Name)
		a.Active = strings.EqualFold(a.Status, "Active")
	}
	names := make([]string, 0, len(refs))
	for _, t := range refs {
		name := strings.TrimSpace(firstNonEmpty(t.Name, types.names[t.ID]))
		if name != "" {
			names = append(names, name)
		}
		if types.vendor[t.ID] || strings.EqualFold(name, "Vendor") {
			a.Vendor = true
		}
		if strings.EqualFold(name, "Prospect") {
			a.Prospect = true
		}
	}
	a.Type = strings.Join(names, ", ")
	return a, nil
}

// parent is what additions need to know about their agreement.
type parent struct {
	id        string
	accountID string
	name      string
}

// mapAgreement turns an agreement into connector form.
func mapAgreement(raw json.RawMessage) (connector.Agreement, error) {
	g, err := decode[apiAgreement]("/finance/agreements", raw)
	if err != nil {
		return connector.Agreement{}, err
	}
	if g.ID == 0 {
		return connector.Agreement{}, fmt.Errorf("/finance/agreements: a record has no id")
	}
	a := connector.Agreement{
		ID:        g.ID.String(),
		Name:      g.Name,
		Status:    strings.TrimSpace(g.AgreementStatus),
		StartDate: civilDate(g.StartDate),
		UpdatedAt: parseTime(g.Info.LastUpdated),
		Raw:       raw,
	}
	if g.Company != nil {
		a.AccountID = g.Company.ID.String()
	}
	if g.Type != nil {
		a.Type = g.Type.Name
	}
	a.Cancelled = g.CancelledFlag || strings.EqualFold(a.Status, "Cancelled")
	a.Prorate = g.ProrateFlag
	if !g.NoEndingDateFlag {
		a.EndDate = civilDate(g.EndDate)
	}
	return a, nil
}

// mapAddition turns an agreement addition into a service line. The source facts only:
// ConnectWise has no cancelled flag on additions, and whether a cancelledDate has passed is
// the visibility rules' judgement (internal/reconcile), made on the day they run.
func mapAddition(raw json.RawMessage, p parent) (connector.ServiceLine, error) {
	x, err := decode[apiAddition]("/finance/agreements/{id}/additions", raw)
	if err != nil {
		return connector.ServiceLine{}, err
	}
	if x.ID == 0 {
		return connector.ServiceLine{}, fmt.Errorf("/finance/agreements/%s/additions: a record has no id", p.id)
	}
	l := connector.ServiceLine{
		ID:            x.ID.String(),
		AgreementID:   p.id,
		AccountID:     p.accountID,
		Quantity:      float64(x.Quantity),
		LessIncluded:  float64(x.LessIncluded),
		Billing:       connector.Billing(strings.TrimSpace(x.BillCustomer)),
		UnitPrice:     float64(x.UnitPrice),
		UnitCost:      float64(x.UnitCost),
		EffectiveDate: civilDate(x.EffectiveDate),
		CancelledDate: civilDate(x.CancelledDate),
		UpdatedAt:     parseTime(x.Info.LastUpdated),
		Raw:           raw,
	}
	if x.Product != nil {
		l.ProductID = x.Product.ID.String()
		l.ProductName = firstNonEmpty(strings.TrimSpace(x.Description), x.Product.Identifier, x.Product.Name)
	} else {
		l.ProductName = strings.TrimSpace(x.Description)
	}
	if l.ProductName == "" {
		l.ProductName = "Addition " + l.ID
	}
	return l, nil
}

// mapCatalogItem turns a catalog item into a product. The vendor SKU is the item's
// vendorSku, else its manufacturer part number (sites fill one or the other).
func mapCatalogItem(raw json.RawMessage) (connector.Product, error) {
	c, err := decode[apiCatalogItem](epCatalog, raw)
	if err != nil {
		return connector.Product{}, err
	}
	if c.ID == 0 {
		return connector.Product{}, fmt.Errorf("%s: a record has no id", epCatalog)
	}
	p := connector.Product{
		ID:         c.ID.String(),
		Identifier: strings.TrimSpace(c.Identifier),
		Name:       strings.TrimSpace(firstNonEmpty(c.Description, c.Identifier, "Product "+c.ID.String())),
		VendorSKU:  strings.TrimSpace(firstNonEmpty(c.VendorSku, c.ManufacturerPartNumber)),
		Price:      float64(c.Price),
		Cost:       float64(c.Cost),
		Recurring:  c.RecurringFlag,
		Inactive:   c.InactiveFlag,
		UpdatedAt:  parseTime(c.Info.LastUpdated),
		Raw:        raw,
	}
	for _, r := range []*ref{c.Manufacturer, c.Vendor} {
		if r != nil && p.Vendor == "" {
			p.Vendor = strings.TrimSpace(firstNonEmpty(r.Name, r.Identifier))
		}
	}
	return p, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// civilDate keeps the calendar day of a ConnectWise date ("2025-03-01T00:00:00Z" →
// "2025-03-01"). The day is taken as written: dates are days, not instants.
func civilDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return ""
	}
	if _, err := time.Parse("2006-01-02", s[:10]); err != nil {
		return ""
	}
	return s[:10]
}

// parseTime reads _info.lastUpdated; zero when missing or unreadable.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
