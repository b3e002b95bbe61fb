package fileimport

import (
	"fmt"
	"slices"
	"strings"
)

// Field is a column TrueUp reads from a file.
type Field string

const (
	FieldAccount        Field = "account"
	FieldProduct        Field = "product"
	FieldSKU            Field = "sku"
	FieldQuantity       Field = "quantity"
	FieldCost           Field = "cost"
	FieldPrice          Field = "price"
	FieldTerm           Field = "term"
	FieldStart          Field = "start"
	FieldEnd            Field = "end"
	FieldSubscriptionID Field = "subscription_id"
)

// Fields lists every field in the order previews and help show them.
var Fields = []Field{FieldAccount, FieldProduct, FieldSKU, FieldQuantity, FieldCost, FieldPrice, FieldTerm, FieldStart, FieldEnd, FieldSubscriptionID}

// Profile says which headers hold which field. Headers are matched after squash (no
// case, spaces or underscores), so "TENANT NAME" matches "tenantname".
type Profile struct {
	Name string
	// Synonyms are the headers of each field, best first.
	Synonyms map[Field][]string
	// Sheets are the XLSX sheet names to read when present (else the first sheet).
	Sheets []string
	// StockCodes: the SKU column holds Dicker-style stock codes (P1Y:CFQ7TTC0LH04:0001)
	// that carry the term and billing frequency.
	StockCodes bool
	// Columns are a saved profile's own choices (field -> header); unlike synonyms, a
	// column it names must be in the file, or the file is not the one it was saved for.
	Columns map[Field]string
}

// Generic recognises the headers most exports use.
func Generic() Profile {
	return Profile{Name: "generic", Synonyms: map[Field][]string{
		FieldAccount:        {"account", "customer", "company", "tenant name", "tenant", "client", "customer name", "account name", "company name"},
		FieldProduct:        {"product", "product name", "item", "stock description", "description", "service", "offer name"},
		FieldSKU:            {"sku", "stock code", "stockcode", "part number", "product code", "item code"},
		FieldQuantity:       {"quantity", "qty", "seats", "licences", "licenses", "units"},
		FieldCost:           {"cost", "unit cost", "buy price", "cost price"},
		FieldPrice:          {"price", "unit price", "sell price", "rrp"},
		FieldTerm:           {"term", "billing term", "term duration"},
		FieldStart:          {"start", "start date", "term start", "from"},
		FieldEnd:            {"end", "end date", "term end", "to", "commitment end date"},
		FieldSubscriptionID: {"subscription id", "subscription", "subscriptionid", "agreement id"},
	}}
}

// Dicker reads Dicker Data's monthly CSP invoice / annuity export.
func Dicker() Profile {
	return Profile{
		Name: "dicker",
		Synonyms: map[Field][]string{
			FieldAccount:        {"tenant name", "customer", "customer name", "end customer"},
			FieldProduct:        {"stock description", "description"},
			FieldSKU:            {"stock code", "stockcode"},
			FieldQuantity:       {"qty", "quantity", "usage quantity"},
			FieldCost:           {"unit price", "ex gst", "cost", "amount"},
			FieldPrice:          {"rrp", "sell price"},
			FieldStart:          {"term start date", "term start", "usage start date", "charge start date", "start date"},
			FieldEnd:            {"term end date", "term end", "usage end date", "charge end date", "end date"},
			FieldSubscriptionID: {"subscription id", "subscriptionid"},
		},
		Sheets:     []string{"DETAILS", "Invoice Details"},
		StockCodes: true,
	}
}

// Builtin returns a ready profile by name.
func Builtin(name string) (Profile, bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "generic":
		return Generic(), true
	case "dicker":
		return Dicker(), true
	}
	return Profile{}, false
}

// ParseMap reads --map FIELD=COLUMN values.
func ParseMap(pairs []string) (map[Field]string, error) {
	out := map[Field]string{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		f := Field(strings.ToLower(strings.TrimSpace(k)))
		if !ok || strings.TrimSpace(v) == "" || !slices.Contains(Fields, f) {
			return nil, fmt.Errorf("--map %q: write FIELD=COLUMN with FIELD one of %s, e.g. --map quantity=Seats", p, fieldList())
		}
		out[f] = strings.TrimSpace(v)
	}
	return out, nil
}

func fieldList() string {
	s := make([]string, len(Fields))
	for i, f := range Fields {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// Columns is where each field sits in a table (index into a row); a field absent from
// the file is missing from the map.
type Columns map[Field]int

// Resolve finds the columns of p (and the user's explicit mapping, which wins) in
// headers. The account, a product or SKU, and the quantity are required; without them
// the error lists the headers found and how to map them. On error, the columns found so
// far come back too, so a preview can show them beside the problem.
func Resolve(headers []string, p Profile, explicit map[Field]string) (Columns, error) {
	cols := Columns{}
	index := map[string]int{}
	for i, h := range headers {
		if _, dup := index[squash(h)]; !dup {
			index[squash(h)] = i
		}
	}
	var problems []string
	var lost []Field // the fields whose named column is gone
	for _, f := range Fields {
		if name, ok := explicit[f]; ok {
			i, found := index[squash(name)]
			if !found {
				problems = append(problems, fmt.Sprintf("--map %s=%s: the file has no column %q", f, name, name))
				lost = append(lost, f)
				continue
			}
			cols[f] = i
			continue
		}
		if name, ok := p.Columns[f]; ok {
			i, found := index[squash(name)]
			if !found {
				problems = append(problems, fmt.Sprintf("the %s profile reads %s from the column %q, which this file does not have", p.Name, f, name))
				lost = append(lost, f)
				continue
			}
			cols[f] = i
			continue
		}
		for _, syn := range p.Synonyms[f] {
			if i, found := index[squash(syn)]; found {
				cols[f] = i
				break
			}
		}
	}
	if len(problems) > 0 {
		return cols, fmt.Errorf("%s; the file's columns are %s: map them with --map FIELD=COLUMN (e.g. --map %s=%q), and --save-profile %s to keep the new mapping",
			strings.Join(problems, "; "), quoteAll(headers), lost[0], exampleHeader(headers, 0), p.Name)
	}
	var missing []string
	if _, ok := cols[FieldAccount]; !ok {
		missing = append(missing, "account")
	}
	_, prod := cols[FieldProduct]
	_, sku := cols[FieldSKU]
	if !prod && !sku {
		missing = append(missing, "product (or sku)")
	}
	if _, ok := cols[FieldQuantity]; !ok {
		missing = append(missing, "quantity")
	}
	if len(missing) > 0 {
		return cols, fmt.Errorf("the %s profile found no column for %s among the file's columns %s: name them with --map, e.g. --map account=%q --map product=%q --map quantity=%q",
			p.Name, strings.Join(missing, ", "), quoteAll(headers), exampleHeader(headers, 0), exampleHeader(headers, 1), exampleHeader(headers, 2))
	}
	return cols, nil
}

func quoteAll(headers []string) string {
	q := make([]string, len(headers))
	for i, h := range headers {
		q[i] = fmt.Sprintf("%q", h)
	}
	return strings.Join(q, ", ")
}

func exampleHeader(headers []string, i int) string {
	if i < len(headers) && headers[i] != "" {
		return headers[i]
	}
	return "COLUMN"
}
