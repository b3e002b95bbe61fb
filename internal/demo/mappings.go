package demo

import (
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/sim"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
)

// Mapping is one mapping the demo workspace starts with: a Pax8 company or product and the
// PSA company or catalog item it maps to, or its exclusion. Ids are the simulators' record
// ids (what a sync caches), so a Mapping can be stored as it is.
type Mapping struct {
	Kind       reconcile.MappingKind
	VendorID   string // the Pax8 company or product id
	VendorName string
	Excluded   bool
	PSAID      string // the PSA's company or catalog item id; "" when excluded
	PSAName    string
}

// Vendor accounts and products the demo leaves unmapped on purpose, so that its Mapping
// screen has work: an exact suggestion (a legal suffix, and punctuation), one that only a
// fuzzy match finds (an abbreviation), and a product the MSP has in its catalog but has not
// mapped yet (an exact match by vendor SKU).
var (
	UnmappedExactAccounts = []string{"Cedar Ridge Law PLLC", "Juniper Architects, LLC"}
	UnmappedFuzzyAccounts = []string{"Eastgate Property Mgmt"}
	UnmappedProducts      = []string{sim.DemoNewProduct().VendorName}
)

// formerCustomer is the inactive Pax8 company with only cancelled subscriptions: excluded,
// as an MSP excludes an account it no longer bills.
const formerCustomer = "Old Mill Print Shop"

// psaIDs are the ids of the demo MSP's records in the PSA's simulator (PSA has them).
type psaIDs interface {
	CompanyID(customer int) string
	CatalogID(psaName string) (string, bool)
}

// Mappings are the demo's mappings onto the PSA whose ids psa gives, as an MSP would have
// them after a few months of use: every Pax8 company mapped to its PSA company (both
// branches of a multi-site customer to the one company), every licence product to its
// catalog item, the former customer and the products nobody resells any more excluded;
// except the Unmapped* items. They are the same whichever the PSA, but for the ids.
func Mappings(psa psaIDs) []Mapping {
	unmapped := map[string]bool{}
	for _, names := range [][]string{UnmappedExactAccounts, UnmappedFuzzyAccounts, UnmappedProducts} {
		for _, n := range names {
			unmapped[n] = true
		}
	}
	var out []Mapping
	account := func(vendorName string, customer int, psaName string) {
		if unmapped[vendorName] {
			return
		}
		out = append(out, Mapping{Kind: reconcile.KindAccount, VendorID: paxsim.DemoCompanyID(vendorName), VendorName: vendorName,
			PSAID: psa.CompanyID(customer), PSAName: psaName})
	}
	customers := sim.DemoCustomers()
	index := map[string]int{}
	for i, c := range customers {
		index[c.Name] = i
		if c.VendorName != "" {
			account(c.VendorName, i, c.Name)
		}
	}
	for _, st := range sim.DemoSites() {
		account(st.VendorName, index[st.Customer], st.Customer)
	}
	out = append(out, Mapping{Kind: reconcile.KindAccount, VendorID: paxsim.DemoCompanyID(formerCustomer), VendorName: formerCustomer, Excluded: true})

	for _, p := range append(sim.DemoProducts(), sim.DemoNewProduct()) {
		if unmapped[p.VendorName] {
			continue
		}
		id, ok := psa.CatalogID(p.PSAName)
		if !ok {
			// A PSA's demo dataset mirrors ConnectWise's catalog: a product missing from it
			// is a mistake in that dataset, which the demo's tests catch (left unmapped).
			continue
		}
		out = append(out, Mapping{Kind: reconcile.KindProduct, VendorID: paxsim.DemoProductID(p.VendorName), VendorName: p.VendorName,
			PSAID: id, PSAName: p.PSAName})
	}
	for _, name := range paxsim.DemoRetiredProducts() {
		out = append(out, Mapping{Kind: reconcile.KindProduct, VendorID: paxsim.DemoProductID(name), VendorName: name, Excluded: true})
	}
	return out
}
