package pax8

import (
	"encoding/json"
	"slices"
	"time"
)

// Dataset is what the simulated Pax8 tenant holds. Tests may build or edit one before
// handing it to New; the server works on its own copy.
type Dataset struct {
	Companies     []Company
	Products      []Product
	Subscriptions []Subscription
}

// Address is a company's postal address.
type Address struct {
	Street          string `json:"street,omitempty"`
	City            string `json:"city,omitempty"`
	StateOrProvince string `json:"stateOrProvince,omitempty"`
	PostalCode      string `json:"postalCode,omitempty"`
	Country         string `json:"country,omitempty"`
}

// Company is a Pax8 company (the partner's customer).
type Company struct {
	ID                    string
	Name                  string
	Address               Address
	Phone                 string
	Website               string
	ExternalID            string
	BillOnBehalfOfEnabled bool
	SelfServiceAllowed    bool
	OrderApprovalRequired bool
	Status                string    // Active, Inactive, Deleted
	UpdatedDate           time.Time // zero: omitted from the JSON
}

// Product is a catalogue product. UnitPrice and UnitCost are what the dataset generators
// use for subscription prices; the API does not publish them on the product.
type Product struct {
	ID                 string
	Name               string
	VendorName         string
	ShortDescription   string
	Description        string
	SKU                string
	VendorSKU          string
	RequiresCommitment bool
	UnitPrice          float64
	UnitCost           float64
}

// Commitment is a subscription's commitment term (annual and multi-year terms).
type Commitment struct {
	ID      string
	Term    string
	EndDate time.Time
}

// Subscription is a vendor line billed by Pax8 for one company and product.
type Subscription struct {
	ID                   string
	ParentSubscriptionID string
	CompanyID            string
	ProductID            string
	ProductName          string // zero: omitted from the JSON (the field is read-only and optional)
	VendorSubscriptionID string
	VendorSkuID          string
	Quantity             float64
	StartDate            time.Time
	EndDate              time.Time // zero: no end date
	CreatedDate          time.Time
	UpdatedDate          time.Time // zero: omitted (never updated since creation)
	BillingStart         time.Time
	Status               string
	Price                float64
	PartnerCost          float64
	HidePartnerCost      bool // omit partnerCost from the JSON (it is optional in the schema)
	CurrencyCode         string
	BillingTerm          string
	CommitmentTerm       *Commitment
}

// Clone returns a deep copy.
func (d *Dataset) Clone() *Dataset {
	if d == nil {
		return &Dataset{}
	}
	out := &Dataset{
		Companies:     slices.Clone(d.Companies),
		Products:      slices.Clone(d.Products),
		Subscriptions: slices.Clone(d.Subscriptions),
	}
	for i := range out.Subscriptions {
		if c := out.Subscriptions[i].CommitmentTerm; c != nil {
			cc := *c
			out.Subscriptions[i].CommitmentTerm = &cc
		}
	}
	return out
}

// The public examples show three time shapes: offsets without a colon
// ("2023-08-11T11:33:12.314-0600") for updatedDate and createdDate, UTC instants
// ("2021-01-01T08:30:00Z") for startDate and endDate, and plain dates for billingStart.
// The simulator answers in the same shapes so the connector meets them in tests.
var pax8Zone = time.FixedZone("MDT", -6*60*60)

func stamp(t time.Time) string { return t.In(pax8Zone).Format("2006-01-02T15:04:05.000-0700") }
func instant(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

type companyJSON struct {
	ID                    string   `json:"id"`
	Name                  string   `json:"name"`
	Address               *Address `json:"address,omitempty"`
	Phone                 string   `json:"phone,omitempty"`
	Website               string   `json:"website,omitempty"`
	ExternalID            string   `json:"externalId,omitempty"`
	BillOnBehalfOfEnabled bool     `json:"billOnBehalfOfEnabled"`
	SelfServiceAllowed    bool     `json:"selfServiceAllowed"`
	OrderApprovalRequired bool     `json:"orderApprovalRequired"`
	Status                string   `json:"status"`
	UpdatedDate           string   `json:"updatedDate,omitempty"`
}

// MarshalJSON writes the company as the Company schema of the Partner API.
func (c Company) MarshalJSON() ([]byte, error) {
	w := companyJSON{
		ID: c.ID, Name: c.Name, Phone: c.Phone, Website: c.Website, ExternalID: c.ExternalID,
		BillOnBehalfOfEnabled: c.BillOnBehalfOfEnabled, SelfServiceAllowed: c.SelfServiceAllowed,
		OrderApprovalRequired: c.OrderApprovalRequired, Status: c.Status,
	}
	if c.Address != (Address{}) {
		a := c.Address
		w.Address = &a
	}
	if !c.UpdatedDate.IsZero() {
		w.UpdatedDate = stamp(c.UpdatedDate)
	}
	return json.Marshal(w)
}

type productJSON struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	VendorName         string `json:"vendorName,omitempty"`
	ShortDescription   string `json:"shortDescription,omitempty"`
	Description        string `json:"description,omitempty"`
	SKU                string `json:"sku,omitempty"`
	VendorSKU          string `json:"vendorSku,omitempty"`
	RequiresCommitment bool   `json:"requiresCommitment"`
}

func (p Product) wire(detail bool) productJSON {
	w := productJSON{
		ID: p.ID, Name: p.Name, VendorName: p.VendorName, ShortDescription: p.ShortDescription,
		SKU: p.SKU, VendorSKU: p.VendorSKU, RequiresCommitment: p.RequiresCommitment,
	}
	if detail {
		w.Description = p.Description
	}
	return w
}

// MarshalJSON writes the product as the Product schema (list entries; the detail endpoint
// adds the long description).
func (p Product) MarshalJSON() ([]byte, error) { return json.Marshal(p.wire(false)) }

type commitmentJSON struct {
	ID      string `json:"id,omitempty"`
	Term    string `json:"term,omitempty"`
	EndDate string `json:"endDate,omitempty"`
}

type subscriptionJSON struct {
	ID                   string          `json:"id"`
	ParentSubscriptionID string          `json:"parentSubscriptionId,omitempty"`
	CompanyID            string          `json:"companyId"`
	ProductID            string          `json:"productId"`
	VendorSubscriptionID string          `json:"vendorSubscriptionId,omitempty"`
	VendorSkuID          string          `json:"vendorSkuId,omitempty"`
	Quantity             float64         `json:"quantity"`
	StartDate            string          `json:"startDate,omitempty"`
	EndDate              string          `json:"endDate,omitempty"`
	CreatedDate          string          `json:"createdDate,omitempty"`
	UpdatedDate          string          `json:"updatedDate,omitempty"`
	BillingStart         string          `json:"billingStart,omitempty"`
	Status               string          `json:"status"`
	Price                float64         `json:"price"`
	CurrencyCode         string          `json:"currencyCode,omitempty"`
	PartnerCost          *float64        `json:"partnerCost,omitempty"`
	ProductName          string          `json:"productName,omitempty"`
	BillingTerm          string          `json:"billingTerm,omitempty"`
	CommitmentTerm       *commitmentJSON `json:"commitmentTerm,omitempty"`
}

// MarshalJSON writes the subscription as the Subscription schema of the Partner API.
func (s Subscription) MarshalJSON() ([]byte, error) {
	w := subscriptionJSON{
		ID: s.ID, ParentSubscriptionID: s.ParentSubscriptionID, CompanyID: s.CompanyID,
		ProductID: s.ProductID, VendorSubscriptionID: s.VendorSubscriptionID,
		VendorSkuID: s.VendorSkuID, Quantity: s.Quantity, Status: s.Status, Price: s.Price,
		CurrencyCode: s.CurrencyCode, ProductName: s.ProductName, BillingTerm: s.BillingTerm,
	}
	if !s.HidePartnerCost {
		cost := s.PartnerCost
		w.PartnerCost = &cost
	}
	if !s.StartDate.IsZero() {
		w.StartDate = instant(s.StartDate)
	}
	if !s.EndDate.IsZero() {
		w.EndDate = instant(s.EndDate)
	}
	if !s.CreatedDate.IsZero() {
		w.CreatedDate = stamp(s.CreatedDate)
	}
	if !s.UpdatedDate.IsZero() {
		w.UpdatedDate = stamp(s.UpdatedDate)
	}
	if !s.BillingStart.IsZero() {
		w.BillingStart = day(s.BillingStart)
	}
	if c := s.CommitmentTerm; c != nil {
		w.CommitmentTerm = &commitmentJSON{ID: c.ID, Term: c.Term}
		if !c.EndDate.IsZero() {
			w.CommitmentTerm.EndDate = instant(c.EndDate)
		}
	}
	return json.Marshal(w)
}
