package microsoft

import (
	"fmt"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// DemoCustomerID is the Partner Center customer ID of the demo customer Partner Center
// names companyName.
func DemoCustomerID(companyName string) string { return guid("customer", companyName) }

// DemoOfferID is the offer ID of the demo product Partner Center names offerName.
func DemoOfferID(offerName string) string { return offerID(offerName) }

// DemoAddOn is the add-on the demo workspace's Microsoft customer holds on its main licence.
var DemoAddOn = sim.DemoProducts()[3] // Microsoft Entra ID P2: sold as an add-on of Microsoft 365

// DemoWorkspaceCustomers are the demo customers the demo MSP buys Microsoft licences for
// directly from Microsoft: the ones the PSA bills with nothing at the distributor
// (sim.NoVendor). Every other customer's Microsoft licences come through Pax8, so no PSA
// line of the demo is fed by both vendors and no seat is counted twice.
func DemoWorkspaceCustomers() []int {
	var out []int
	for i, c := range sim.DemoCustomers() {
		if c.Situation == sim.NoVendor && c.Seats > 0 {
			out = append(out, i)
		}
	}
	return out
}

// DemoCompanyName is how Partner Center spells demo customer c.
func DemoCompanyName(c sim.DemoCustomer) string { return c.Name + " LLC" }

// DemoWorkspaceDataset is the Microsoft tenant of the demo workspace, relative to today: the
// Microsoft licences (sim.DemoLicences) of DemoWorkspaceCustomers as NCE subscriptions, with
// what makes new commerce different:
//   - the main licence renewed three days ago with one seat fewer (the only moment NCE lets
//     a customer reduce): the ended term is still listed as active past its commitment end
//     (it must not count again), and the new term's seats may still be cancelled for a
//     refund for seven days after the renewal: a decrease with refundable seats;
//   - an add-on (DemoAddOn) of the new term, which the PSA does not bill yet;
//   - the second licence's term ends in 20 days and renews by itself: renews within 30 days.
func DemoWorkspaceDataset(today time.Time) Dataset {
	today = today.UTC()
	midnight := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	day := func(t time.Time) string { return t.Format("2006-01-02") + "T00:00:00Z" }
	renewal := midnight.AddDate(0, 0, -3)
	var ds Dataset
	customers := sim.DemoCustomers()
	for _, i := range DemoWorkspaceCustomers() {
		c := customers[i]
		name := DemoCompanyName(c)
		cust := Customer{ID: DemoCustomerID(name), CompanyName: name, Domain: fmt.Sprintf("demo%02d.onmicrosoft.com", i)}
		ds.Customers = append(ds.Customers, cust)
		sub := func(product, term string, q int, start, end time.Time) Subscription {
			return Subscription{ID: guid("subscription", name, product, term), CustomerID: cust.ID, OfferID: offerID(product),
				OfferName: product, FriendlyName: product, Quantity: q, UnitType: "Licenses", CreationDate: day(start),
				EffectiveStartDate: day(start), CommitmentEndDate: day(end), Status: "active", AutoRenewEnabled: true,
				BillingType: "license", BillingCycle: "monthly", TermDuration: "P1Y"}
		}
		n := 0
		for _, l := range sim.DemoLicences(i, c) {
			if l.Product.Vendor != "Microsoft" {
				continue
			}
			p := l.Product.VendorName
			switch n {
			case 0:
				old := sub(p, "previous term", l.Quantity, renewal.AddDate(-1, 0, 0), renewal.AddDate(0, 0, -1))
				cur := sub(p, "current term", l.Quantity-1, renewal, renewal.AddDate(1, 0, -1))
				until := renewal.AddDate(0, 0, 7).Add(10 * time.Hour).Format(time.RFC3339)
				cur.RefundableQuantity = &RefundableQuantity{TotalQuantity: cur.Quantity, Details: []RefundableDetails{{Quantity: cur.Quantity, AllowedUntilDateTime: until}}}
				cur.CancellationAllowedUntilDate = until
				addon := sub(DemoAddOn.VendorName, "add-on", 2, renewal, renewal.AddDate(1, 0, -1))
				addon.ParentSubscriptionID = cur.ID
				ds.Subscriptions = append(ds.Subscriptions, old, cur, addon)
			case 1:
				end := midnight.AddDate(0, 0, 20)
				ds.Subscriptions = append(ds.Subscriptions, sub(p, "current term", l.Quantity, end.AddDate(-1, 0, 1), end))
			default:
				ds.Subscriptions = append(ds.Subscriptions, sub(p, "current term", l.Quantity, renewal.AddDate(0, -5, 0), renewal.AddDate(0, 7, -1)))
			}
			n++
		}
	}
	return ds
}
