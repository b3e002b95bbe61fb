package autotask

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// Picklist values TrueUp acts on (CompaniesEntity.htm, ContractsEntity.htm).
const (
	companyCustomer     = 1
	companyLead         = 2
	companyProspect     = 3
	companyDead         = 4
	companyCancellation = 6
	companyVendor       = 7
	companyPartner      = 8

	contractRecurringService = 7
	contractActive           = 1
)

// companyTypeName is the company type's label as Autotask shows it.
func companyTypeName(t int) string {
	switch t {
	case companyCustomer:
		return "Customer"
	case companyLead:
		return "Lead"
	case companyProspect:
		return "Prospect"
	case companyDead:
		return "Dead"
	case companyCancellation:
		return "Cancellation"
	case companyVendor:
		return "Vendor"
	case companyPartner:
		return "Partner"
	case 0:
		return ""
	}
	return fmt.Sprintf("type %d", t)
}

// mapCompany turns a company into an account. Type keeps Autotask's word (the
// database's own label, picklist.go); Prospect is set for Prospect and Lead (not
// customers yet), Vendor for Vendor, and NotCustomer for every other type that is not
// Customer (Partner, Dead, Cancellation): the visibility rules hide them all, each with
// its own reason.
func mapCompany(raw json.RawMessage, types companyTypes) (connector.Account, error) {
	c, err := decode[apiCompany](entCompanies, raw)
	if err != nil {
		return connector.Account{}, err
	}
	if c.ID <= 0 {
		return connector.Account{}, fmt.Errorf("%s: a record has no id", entCompanies)
	}
	t := int(c.CompanyType)
	class := types.class(t)
	a := connector.Account{
		ID:          c.ID.String(),
		Name:        strings.TrimSpace(c.CompanyName),
		Type:        types.name(t),
		Active:      bool(c.IsActive),
		Prospect:    class == classProspect,
		Vendor:      class == classVendor,
		NotCustomer: class == classNotCustomer,
		UpdatedAt:   parseStamp(c.LastTrackedModifiedDateTime),
		Raw:         raw,
	}
	if a.Name == "" {
		a.Name = "Company " + a.ID
	}
	a.Status = "Inactive"
	if a.Active {
		a.Status = "Active"
	}
	return a, nil
}

// mapContract turns a recurring service contract into an agreement. Autotask prorates
// service changes from their effective date by default, hence Prorate.
func mapContract(raw json.RawMessage) (connector.Agreement, error) {
	g, err := decode[apiContract](entContracts, raw)
	if err != nil {
		return connector.Agreement{}, err
	}
	if g.ID <= 0 {
		return connector.Agreement{}, fmt.Errorf("%s: a record has no id", entContracts)
	}
	a := connector.Agreement{
		ID:        g.ID.String(),
		AccountID: g.CompanyID.String(),
		Name:      strings.TrimSpace(g.ContractName),
		Type:      "Recurring Service",
		Status:    "Inactive",
		StartDate: civilDate(g.StartDate),
		EndDate:   civilDate(g.EndDate),
		Prorate:   true,
		UpdatedAt: parseStamp(g.LastModifiedDateTime),
		Raw:       raw,
	}
	if g.Status == contractActive {
		a.Status = "Active"
	}
	if a.Name == "" {
		a.Name = "Contract " + a.ID
	}
	return a, nil
}

// period is one ContractServiceUnits row of a contract service.
type period struct {
	units      float64
	start, end string // civil dates
}

// linePeriods gathers the unit periods of each contract service.
type linePeriods map[string][]period

// add records a unit row.
func (lp linePeriods) add(raw json.RawMessage) error {
	u, err := decode[apiUnit](entUnits, raw)
	if err != nil {
		return err
	}
	if u.ContractServiceID <= 0 {
		return fmt.Errorf("%s: a record has no contractServiceID", entUnits)
	}
	id := u.ContractServiceID.String()
	lp[id] = append(lp[id], period{units: float64(u.Units), start: civilDate(u.StartDate), end: civilDate(u.EndDate)})
	return nil
}

// units picks, of a contract service's periods, the one covering today (the latest-
// starting one, when an adjustment split a period) and what it bills later: the units of
// the latest period starting after today, from the first day of the run of later periods
// that bill them (a change effective on the 1st of next month bills from then on).
// Without a period covering today, the earliest later one stands in (a contract that has
// not started yet), so the line shows what it will bill.
func units(ps []period, today string) (now period, nowOK bool, next period, nextOK bool) {
	var later []period
	for _, p := range ps {
		switch {
		case p.start <= today && (p.end == "" || today <= p.end):
			if !nowOK || p.start > now.start {
				now, nowOK = p, true
			}
		case p.start > today:
			later = append(later, p)
		}
	}
	if len(later) == 0 {
		return now, nowOK, next, false
	}
	slices.SortStableFunc(later, func(a, b period) int { return strings.Compare(a.start, b.start) })
	if !nowOK {
		now, nowOK = later[0], true
	}
	last := later[len(later)-1]
	next, nextOK = last, true
	for i := len(later) - 1; i >= 0 && later[i].units == last.units; i-- {
		next.start = later[i].start
	}
	return now, nowOK, next, nextOK
}

// mapContractService turns a contract service, with its contract, its service's name and
// its unit periods, into a service line. Quantity is the units of the period covering
// today; NextQuantity the units of the latest later period when they differ (a pushed
// adjustment effective on a later date, say).
func mapContractService(raw json.RawMessage, contracts map[string]connector.Agreement, names map[string]string, lp linePeriods, today string) (connector.ServiceLine, error) {
	cs, err := decode[apiContractService](entContractServices, raw)
	if err != nil {
		return connector.ServiceLine{}, err
	}
	if cs.ID <= 0 {
		return connector.ServiceLine{}, fmt.Errorf("%s: a record has no id", entContractServices)
	}
	l := connector.ServiceLine{
		ID:          cs.ID.String(),
		AgreementID: cs.ContractID.String(),
		AccountID:   contracts[cs.ContractID.String()].AccountID,
		ProductID:   cs.ServiceID.String(),
		ProductName: firstNonEmpty(names[cs.ServiceID.String()], strings.TrimSpace(cs.InvoiceDescription), "Service "+cs.ServiceID.String()),
		Raw:         raw,
	}
	switch {
	case cs.AdjustedPrice != nil:
		l.UnitPrice = float64(*cs.AdjustedPrice)
	case cs.UnitPrice != nil:
		l.UnitPrice = float64(*cs.UnitPrice)
	}
	if cs.UnitCost != nil {
		l.UnitCost = float64(*cs.UnitCost)
	}
	now, ok, next, nextOK := units(lp[l.ID], today)
	if ok {
		l.Quantity = now.units
		l.EffectiveDate = now.start
	}
	if nextOK && next.start != now.start && next.units != l.Quantity {
		q := next.units
		l.NextQuantity, l.NextFrom = &q, next.start
	}
	return l, nil
}

// mapService turns a catalog service into a product.
func mapService(raw json.RawMessage) (connector.Product, error) {
	s, err := decode[apiService](entServices, raw)
	if err != nil {
		return connector.Product{}, err
	}
	if s.ID <= 0 {
		return connector.Product{}, fmt.Errorf("%s: a record has no id", entServices)
	}
	sku := strings.TrimSpace(s.SKU)
	p := connector.Product{
		ID:         s.ID.String(),
		Identifier: firstNonEmpty(sku, strings.TrimSpace(s.Name)),
		Name:       firstNonEmpty(strings.TrimSpace(s.Name), strings.TrimSpace(s.Description), "Service "+s.ID.String()),
		VendorSKU:  sku,
		Recurring:  true,
		UpdatedAt:  parseStamp(s.LastModifiedDate),
		Raw:        raw,
	}
	if s.UnitPrice != nil {
		p.Price = float64(*s.UnitPrice)
	}
	if s.UnitCost != nil {
		p.Cost = float64(*s.UnitCost)
	}
	if s.IsActive != nil {
		p.Inactive = !bool(*s.IsActive)
	}
	return p, nil
}

// parseStamp reads an Autotask date-time (UTC, with or without fractions or a zone).
func parseStamp(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// civilDate is the calendar day of an Autotask date field ("2026-11-01T00:00:00Z" or
// "2026-11-01"), "" when absent or unreadable.
func civilDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if _, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return s[:10]
		}
	}
	return ""
}

// stampFilter renders a watermark for a filter value.
func stampFilter(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
