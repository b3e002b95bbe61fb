// Package sim holds what the simulators of third-party APIs share: the demo workspace's
// customer catalogue (so the PSA and vendor simulators describe the same customers, as in a
// real MSP) and a deterministic random source for large generated tenants. Each simulator
// lives in its own sub-package and follows its vendor's public API documentation.
package sim

import (
	"crypto/sha1"
	"fmt"
	"strings"
)

// DemoCustomer is one customer of the fictional MSP of the demo workspace.
type DemoCustomer struct {
	Name string
	// VendorName is how the distributor spells the same customer (often slightly
	// differently, which is what mapping is for). Empty: the customer buys nothing there.
	VendorName string
	// Seats is the headcount that drives licence quantities.
	Seats int
	// PSA-side situation, used by the PSA simulators to exercise the visibility rules.
	Situation Situation
}

// Situation is a PSA-side condition that makes a customer (or its agreement) visible or not.
type Situation string

const (
	Normal             Situation = "normal"
	Prospect           Situation = "prospect"            // company type Prospect: hidden
	VendorTagged       Situation = "vendor"              // company carries a Vendor type: hidden
	InactiveCompany    Situation = "inactive"            // company status Inactive: hidden
	ExpiredAgreement   Situation = "expired-agreement"   // agreement ended last month: hidden
	FutureAgreement    Situation = "future-agreement"    // agreement starts next month: hidden until then
	CancelledAgreement Situation = "cancelled-agreement" // agreement cancelled: hidden
	ZeroQuantity       Situation = "zero-quantity"       // one addition has quantity 0: that line hidden
	CancelledAddition  Situation = "cancelled-addition"  // one addition cancelled: that line hidden
	NoVendor           Situation = "no-vendor"           // billed in the PSA, nothing at the distributor
	// VendorOnly buys licences at the distributor while its PSA agreement bills none of them
	// yet (a new customer onboarded in a hurry): New Revenue.
	VendorOnly Situation = "vendor-only"

	// The situations below shape one card each; they are about the main licence (the first
	// of DemoProducts, which every customer holds).

	// ProratingAgreement: the Managed Services agreement prorates (ConnectWise prorateFlag),
	// so a change can take effect on the day it was detected.
	ProratingAgreement Situation = "prorating-agreement"
	// LargeIncrease: a new team was hired and the PSA still bills LargeDrift fewer seats.
	LargeIncrease Situation = "large-increase"
	// LargeDecrease: a wing closed and the PSA still bills LargeDrift more seats.
	LargeDecrease Situation = "large-decrease"
	// CancelledAtVendor: the customer cancelled the main licence at the distributor last
	// month, and the PSA still bills it: No vendor data.
	CancelledAtVendor Situation = "cancelled-at-vendor"
	// NotBilledLine: beside its billed line, the agreement lists NotBilledSeats seats of the
	// main licence as DoNotBill (the MSP's own technicians' seats at the customer).
	NotBilledLine Situation = "not-billed-line"
	// IncludedSeats: the agreement includes IncludedSeatCount seats of the main licence in
	// its flat fee (ConnectWise lessIncluded).
	IncludedSeats Situation = "included-seats"
)

// Left reports whether the customer has left the MSP (its agreement ended or was cancelled,
// or its company is inactive): at the distributor its subscriptions are cancelled too.
func (s Situation) Left() bool {
	return s == ExpiredAgreement || s == CancelledAgreement || s == InactiveCompany
}

// Ordinary reports whether the customer's company and agreement are ordinary, visible ones:
// Normal, and the situations that only shape one card of its main licence.
func (s Situation) Ordinary() bool {
	switch s {
	case Normal, ProratingAgreement, LargeIncrease, LargeDecrease, CancelledAtVendor, NotBilledLine, IncludedSeats:
		return true
	}
	return false
}

// Sizes of the situations above.
const (
	LargeDrift        = 12
	NotBilledSeats    = 2
	IncludedSeatCount = 5
)

// DemoCustomers is the demo workspace's customer list: a few dozen small businesses with
// every situation the visibility rules and reconciliation care about.
func DemoCustomers() []DemoCustomer {
	return []DemoCustomer{
		{"Acme Dental Group", "Acme Dental Group LLC", 24, Normal},
		{"Bayside Veterinary Clinic", "Bayside Veterinary", 12, Normal},
		{"Birchwood Accounting", "Birchwood Accounting CPAs", 18, Normal},
		{"Blue Harbor Logistics", "Blue Harbor Logistics", 41, Normal},
		{"Cedar Ridge Law", "Cedar Ridge Law PLLC", 15, Normal},
		{"Copperline Engineering", "Copperline Engineering", 33, ZeroQuantity},
		{"Crescent Family Medicine", "Crescent Family Medicine", 27, Normal},
		{"Driftwood Hospitality", "Driftwood Hospitality Group", 52, CancelledAddition},
		{"Eastgate Property Management", "Eastgate Property Mgmt", 9, Normal},
		{"Evergreen Charter School", "Evergreen Charter School", 64, ProratingAgreement},
		{"Falcon Ridge Construction", "Falcon Ridge Construction", 21, ExpiredAgreement},
		{"Foxglove Marketing", "Foxglove Marketing", 7, Normal},
		{"Granite Peak Insurance", "Granite Peak Insurance Agency", 16, Normal},
		{"Harborview Orthodontics", "Harborview Orthodontics", 11, FutureAgreement},
		{"Highland Brewing Co", "Highland Brewing Company", 19, Normal},
		{"Ironwood Manufacturing", "Ironwood Manufacturing Inc", 88, LargeIncrease},
		{"Juniper Architects", "Juniper Architects, LLC", 14, Normal},
		{"Keystone Realty", "Keystone Realty", 13, CancelledAgreement},
		{"Lakeside Pediatrics", "Lakeside Pediatrics", 22, Normal},
		{"Maple Street Bakery", "", 5, NoVendor},
		{"Meridian Financial Advisors", "Meridian Financial Advisors", 17, Normal},
		{"Northwind Traders", "Northwind Traders", 36, Normal},
		{"Oakmont Senior Living", "Oakmont Senior Living", 46, LargeDecrease},
		{"Pinecrest Animal Hospital", "Pinecrest Animal Hospital", 10, NotBilledLine},
		{"Quarry Lane Studios", "", 8, Prospect},
		{"Redwood Title & Escrow", "Redwood Title and Escrow", 12, Normal},
		{"Riverbend Chiropractic", "Riverbend Chiropractic", 6, Normal},
		{"Sagebrush Outfitters", "Sagebrush Outfitters", 20, InactiveCompany},
		{"Silverline Telecom", "", 0, VendorTagged},
		{"Summit Physical Therapy", "Summit Physical Therapy", 13, Normal},
		{"Tidewater Marine Supply", "Tidewater Marine Supply", 25, IncludedSeats},
		{"Union Square Dental", "Union Square Dental", 9, Normal},
		{"Valley Green Landscaping", "Valley Green Landscaping", 11, CancelledAtVendor},
		{"Westbrook Community Bank", "Westbrook Community Bank", 58, Normal},
		{"Willow Creek Vineyards", "Willow Creek Vineyards", 15, VendorOnly},
		{"Yellowstone Outdoor Gear", "Yellowstone Outdoor Gear", 31, Normal},
	}
}

// DemoSite is a second distributor account of a multi-site demo customer: a branch with its
// own tenant that the PSA bills on the customer's one agreement.
type DemoSite struct {
	Customer   string // the DemoCustomer's Name
	VendorName string
	Seats      int // of the main licence, the only one the branch holds
	// Billed is how many of the branch's seats the PSA has added to the customer's main line
	// so far (the branch added Seats-Billed since).
	Billed int
}

// DemoSites lists the demo's multi-site customers' branches.
func DemoSites() []DemoSite {
	return []DemoSite{{Customer: "Crescent Family Medicine", VendorName: "Crescent Family Medicine - Eastside Clinic", Seats: 9, Billed: 7}}
}

// DemoProduct is a licence product both sides know (the PSA sells it as a catalog item,
// the distributor bills it as a subscription).
type DemoProduct struct {
	PSAName    string // catalog item name in the PSA
	VendorName string // product name at the distributor
	Vendor     string // "Microsoft", "Acronis", ...
	UnitPrice  float64
	UnitCost   float64 // the cost in the PSA catalog
	PerSeat    float64 // quantity = round(seats * PerSeat); 0 means 1 per customer
	// DistributorCost is what the distributor charges now when it differs from UnitCost (a
	// price rise the PSA catalog has not caught up with: cost drift); 0: UnitCost.
	DistributorCost float64
}

// PartnerCost is the distributor's cost per unit now (Pax8 partnerCost).
func (p DemoProduct) PartnerCost() float64 {
	if p.DistributorCost > 0 {
		return p.DistributorCost
	}
	return p.UnitCost
}

// VendorSKU is the vendor's part number of the product at the distributor, the same on
// every side of the demo (the Pax8 product's vendorSku, the PSA catalog item's vendorSku),
// so PSA products can be matched with vendor products.
func (p DemoProduct) VendorSKU() string { return DemoVendorSKU(p.VendorName) }

// DemoVendorSKU is the demo vendor part number of a product named name at the distributor.
func DemoVendorSKU(name string) string {
	h := sha1.Sum([]byte("trueup/pax8/vendor-sku/" + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16]))
}

// DemoProducts lists the licences the demo MSP resells. SentinelOne raised its price at the
// distributor this month, and the catalog still has the old cost.
func DemoProducts() []DemoProduct {
	return []DemoProduct{
		{"M365 Business Premium", "Microsoft 365 Business Premium", "Microsoft", 26.40, 22.00, 1, 0},
		{"M365 Business Standard", "Microsoft 365 Business Standard", "Microsoft", 15.00, 12.50, 0.5, 0},
		{"Exchange Online Plan 1", "Exchange Online (Plan 1)", "Microsoft", 4.80, 4.00, 0.25, 0},
		{"Entra ID P2", "Microsoft Entra ID P2", "Microsoft", 10.80, 9.00, 0.3, 0},
		{"Acronis Cyber Protect Cloud", "Acronis Cyber Protect Cloud - Workstation", "Acronis", 6.50, 3.90, 1, 0},
		{"SentinelOne Complete", "SentinelOne Singularity Complete", "SentinelOne", 7.00, 4.25, 1, 4.40},
		{"Datto SaaS Protection", "Datto SaaS Protection for M365", "Datto", 3.50, 2.10, 1, 0},
	}
}

// DemoNewProduct is a licence the distributor started billing a few demo customers for this
// month. The MSP has added it to the PSA catalog (same vendor SKU) but not yet mapped it, so
// the demo has an unmapped vendor product with an exact suggestion; once mapped, its
// subscriptions are New Revenue.
func DemoNewProduct() DemoProduct {
	return DemoProduct{"M365 Copilot", "Microsoft 365 Copilot", "Microsoft", 36.00, 30.00, 0, 0}
}

// DemoNewProductSeats is how many seats of DemoNewProduct customer c holds (0: none).
func DemoNewProductSeats(c DemoCustomer) int {
	return map[string]int{"Ironwood Manufacturing": 8, "Westbrook Community Bank": 5}[c.Name]
}
