package microsoft

import (
	"crypto/sha1"
	"fmt"
	"slices"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// Customer is a customer tenant of the partner.
type Customer struct {
	ID          string // the customer's Entra tenant ID, which Partner Center uses as its ID
	CompanyName string
	Domain      string
}

// RefundableQuantity is how many seats Microsoft still lets the partner reduce, by deadline.
type RefundableQuantity struct {
	TotalQuantity int                 `json:"totalQuantity"`
	Details       []RefundableDetails `json:"details"`
}

// RefundableDetails is one batch of refundable seats.
type RefundableDetails struct {
	Quantity             int    `json:"quantity"`
	AllowedUntilDateTime string `json:"allowedUntilDateTime"`
}

// Subscription is a customer's subscription as Partner Center serves it (the fields TrueUp
// reads, plus a few it does not, as the real resource has).
type Subscription struct {
	ID                           string              `json:"id"`
	CustomerID                   string              `json:"-"`
	OfferID                      string              `json:"offerId"`
	OfferName                    string              `json:"offerName"`
	FriendlyName                 string              `json:"friendlyName"`
	Quantity                     int                 `json:"quantity"`
	UnitType                     string              `json:"unitType"`
	ParentSubscriptionID         string              `json:"parentSubscriptionId,omitempty"`
	CreationDate                 string              `json:"creationDate"`
	EffectiveStartDate           string              `json:"effectiveStartDate"`
	CommitmentEndDate            string              `json:"commitmentEndDate"`
	Status                       string              `json:"status"`
	AutoRenewEnabled             bool                `json:"autoRenewEnabled"`
	BillingType                  string              `json:"billingType"`
	BillingCycle                 string              `json:"billingCycle"`
	TermDuration                 string              `json:"termDuration"`
	RefundableQuantity           *RefundableQuantity `json:"refundableQuantity,omitempty"`
	CancellationAllowedUntilDate string              `json:"cancellationAllowedUntilDate,omitempty"`
	IsTrial                      bool                `json:"isTrial"`
}

// Dataset is everything one simulated partner tenant holds.
type Dataset struct {
	Customers     []Customer
	Subscriptions []Subscription
}

func (d Dataset) clone() Dataset {
	return Dataset{Customers: slices.Clone(d.Customers), Subscriptions: cloneSubs(d.Subscriptions)}
}

func cloneSubs(in []Subscription) []Subscription {
	out := slices.Clone(in)
	for i := range out {
		if rq := out[i].RefundableQuantity; rq != nil {
			c := *rq
			c.Details = slices.Clone(rq.Details)
			out[i].RefundableQuantity = &c
		}
	}
	return out
}

// offerID is a stable demo offer ID in Microsoft's "CFQ7TTC0LH18:0001" shape.
func offerID(name string) string {
	h := sha1.Sum([]byte("trueup/microsoft/offer/" + name))
	return fmt.Sprintf("CFQ7TTC0%X:0001", h[:2])
}

// guid is a stable demo GUID derived from parts.
func guid(parts ...any) string {
	h := sha1.Sum(fmt.Append(nil, parts...))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// DemoDataset mirrors the demo MSP's Microsoft licences (sim.VendorLicences of the
// Microsoft products) as NCE subscriptions bought directly from Microsoft: annual terms
// billed monthly that started a few months before now, auto-renewing. It adds what makes
// Partner Center different: the first customer renewed (its ended term is expired next to
// the new active one), the second just added seats it may still cancel, the third holds
// an add-on of its main subscription, and the fourth a subscription in a status the docs
// never listed (enum drift).
func DemoDataset(now time.Time) Dataset {
	now = now.UTC()
	day := func(t time.Time) string { return t.Format("2006-01-02") + "T00:00:00Z" }
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -3, 0)
	end := start.AddDate(1, 0, -1)
	var ds Dataset
	n := 0
	for i, c := range sim.DemoCustomers() {
		if c.VendorName == "" {
			continue
		}
		cust := Customer{ID: guid("customer", c.VendorName), CompanyName: c.VendorName, Domain: fmt.Sprintf("demo%02d.onmicrosoft.com", i)}
		ds.Customers = append(ds.Customers, cust)
		var subs []Subscription
		for _, l := range sim.VendorLicences(i, c) {
			if l.Product.Vendor != "Microsoft" {
				continue
			}
			subs = append(subs, Subscription{
				ID: guid("subscription", c.VendorName, l.Product.VendorName), CustomerID: cust.ID,
				OfferID: offerID(l.Product.VendorName), OfferName: l.Product.VendorName, FriendlyName: l.Product.VendorName,
				Quantity: l.Quantity, UnitType: "Licenses", CreationDate: day(start), EffectiveStartDate: day(start),
				CommitmentEndDate: day(end), Status: "active", AutoRenewEnabled: true, BillingType: "license",
				BillingCycle: "monthly", TermDuration: "P1Y",
			})
		}
		if len(subs) == 0 {
			continue
		}
		switch n {
		case 0: // renewed: last year's term ended the day before this one started
			old := subs[0]
			old.ID = guid("subscription", c.VendorName, old.OfferName, "previous term")
			old.EffectiveStartDate, old.CreationDate = day(start.AddDate(-1, 0, 0)), day(start.AddDate(-1, 0, 0))
			old.CommitmentEndDate = day(start.AddDate(0, 0, -1))
			old.Status, old.AutoRenewEnabled = "expired", false
			subs = append(subs, old)
		case 1: // two seats added yesterday: Microsoft refunds them within 7 days
			until := now.Add(-24 * time.Hour).Add(7 * 24 * time.Hour).Truncate(time.Hour)
			subs[0].RefundableQuantity = &RefundableQuantity{TotalQuantity: 2, Details: []RefundableDetails{{Quantity: 2, AllowedUntilDateTime: until.Format(time.RFC3339)}}}
			subs[0].CancellationAllowedUntilDate = until.Format(time.RFC3339)
		case 2: // an add-on of the main subscription
			subs = append(subs, Subscription{
				ID: guid("subscription", c.VendorName, "Teams Phone"), CustomerID: cust.ID, ParentSubscriptionID: subs[0].ID,
				OfferID: offerID("Microsoft Teams Phone Standard"), OfferName: "Microsoft Teams Phone Standard",
				FriendlyName: "Teams Phone", Quantity: 3, UnitType: "Licenses", CreationDate: day(start),
				EffectiveStartDate: day(start), CommitmentEndDate: day(end), Status: "active", AutoRenewEnabled: true,
				BillingType: "license", BillingCycle: "monthly", TermDuration: "P1Y",
			})
		case 3: // enum drift: a status Partner Center's docs do not list
			subs = append(subs, Subscription{
				ID: guid("subscription", c.VendorName, "Exploratory"), CustomerID: cust.ID,
				OfferID: offerID("Microsoft Teams Exploratory"), OfferName: "Microsoft Teams Exploratory",
				FriendlyName: "Teams Exploratory", Quantity: 1, UnitType: "Licenses", CreationDate: day(start),
				EffectiveStartDate: day(start), CommitmentEndDate: day(end), Status: "transitioning",
				BillingType: "license", BillingCycle: "none", TermDuration: "P1M",
			})
		}
		ds.Subscriptions = append(ds.Subscriptions, subs...)
		n++
	}
	return ds
}
