package reconcile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/invoicetext"
)

// InvoiceText is what a plan needs to write the invoice description of the lines it creates
// or changes. Its zero value writes none: without a template a description a person typed in
// the PSA is left alone.
type InvoiceText struct {
	Template invoicetext.Template
	// Vendors names the vendor integrations by their reconcile id (VendorSource.Integration),
	// for {vendor}.
	Vendors map[string]string
}

// InvoiceField is where a PSA keeps the invoice description of a line, with its length
// limit in characters:
//   - ConnectWise: the addition's invoiceDescription, at most 6000 (the Addition schema,
//     research/psa-write-apis.md §1.2).
//   - Autotask: the contract service's invoiceDescription, one of the two fields an update may
//     change (ContractServicesEntity: "On Update(), all fields are Read-Only except for
//     adjustedPrice and invoiceDescription"). The field table with its length could not be
//     read (UNVERIFIED): 1000, the size Autotask gives its other invoice description texts,
//     is the bound TrueUp keeps to.
//   - HaloPSA: the recurring invoice line's item_shortdescription (InvoiceDetail), which
//     also carries TrueUp's marker on the lines it adds. Halo documents no limit; 255 keeps a
//     line readable on the invoice and well inside any text column.
type InvoiceField struct {
	Name  string // the field in the PSA's API
	Label string // as the user reads it
	Limit int
}

// InvoiceFieldOf is the invoice description field of a PSA of kind psa.
func InvoiceFieldOf(psa connector.Kind) InvoiceField {
	switch PSAOf(psa) {
	case connector.KindAutotask:
		return InvoiceField{Name: "invoiceDescription", Label: "Autotask's contract service invoiceDescription", Limit: 1000}
	case connector.KindHaloPSA:
		return InvoiceField{Name: "item_shortdescription", Label: "HaloPSA's recurring invoice line description (item_shortdescription)", Limit: haloInvoiceLimit}
	}
	return InvoiceField{Name: "invoiceDescription", Label: "ConnectWise's addition invoiceDescription", Limit: 6000}
}

// haloInvoiceLimit bounds a Halo line's description, TrueUp's marker tag included.
const haloInvoiceLimit = 255

// InvoiceValues are the placeholder values of a write on card c that bills quantity q from
// start (zero: unknown) to the end of that month.
func InvoiceValues(c Card, vendors map[string]string, q Qty, start Date) invoicetext.Values {
	v := invoicetext.Values{Product: c.ProductName, Quantity: q.String(), Account: c.AccountName}
	if !start.IsZero() {
		v.PeriodStart, v.PeriodEnd = start.String(), CycleOf(start).End().String()
	}
	var subs, names []string
	seen := map[string]bool{}
	for _, s := range c.VendorSources {
		if s.SubscriptionID != "" && !seen["s"+s.SubscriptionID] {
			seen["s"+s.SubscriptionID] = true
			subs = append(subs, s.SubscriptionID)
		}
		name := vendors[s.Integration]
		if name == "" {
			name = s.Integration
		}
		if name != "" && !seen["v"+name] {
			seen["v"+name] = true
			names = append(names, name)
		}
	}
	v.SubscriptionID, v.Vendor = strings.Join(subs, ", "), strings.Join(names, ", ")
	return v
}

// render is the description one write sets (nil: no template, nothing is sent) and the words
// its preview adds. room is how much of the field's limit the text may take (less than the
// limit where TrueUp's marker tag shares the field).
func (t InvoiceText) render(psa connector.Kind, c Card, q Qty, start Date, room int) (*string, string) {
	if t.Template.IsZero() {
		return nil, ""
	}
	f := InvoiceFieldOf(psa)
	r := t.Template.Render(InvoiceValues(c, t.Vendors, q, start), room)
	words := fmt.Sprintf("; %s %q", f.Name, r.Text)
	if len(r.Missing) > 0 {
		words += fmt.Sprintf(" (no value for {%s})", strings.Join(r.Missing, "}, {"))
	}
	if r.Cut {
		words += fmt.Sprintf(" (cut to %d characters, the most %s takes)", utf8.RuneCountInString(r.Text), f.Label)
	}
	return &r.Text, words
}
