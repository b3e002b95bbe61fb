package pax8

import (
	"crypto/sha1"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// extraProduct is a catalogue product outside sim.DemoProducts: retired products of
// cancelled subscriptions, a trial and a pending order, as a real tenant has them.
type extraProduct struct {
	name, vendor   string
	price, cost    float64
	needCommitment bool
}

var (
	retiredProducts = []extraProduct{
		{"Microsoft 365 Business Basic", "Microsoft", 7.20, 6.00, false},
		{"Webroot SecureAnywhere Business Endpoint Protection", "OpenText", 3.00, 1.95, false},
		{"Proofpoint Essentials - Business", "Proofpoint", 3.60, 2.40, false},
	}
	trialProduct   = extraProduct{"Microsoft Teams Premium", "Microsoft", 12.00, 10.00, false}
	pendingProduct = extraProduct{"Keeper Business", "Keeper Security", 4.50, 3.00, false}
)

// DemoDataset is the demo workspace's Pax8 tenant: every demo customer with a vendor name
// is a company (status Active) holding exactly its sim.VendorLicences as Active
// subscriptions, so the vendor side agrees with the licence rule the PSA simulators bill
// from (the main licence a CancelledAtVendor customer dropped is listed Cancelled, and a
// customer that left is an Inactive company with only cancelled subscriptions), and
// each branch of sim.DemoSites is a company of its own. Partner costs are the products'
// sim.DemoProduct.PartnerCost (cost drift where the distributor raised its price). On top
// of that, as in a real tenant: a few cancelled subscriptions of retired products, one
// trial, one order waiting for manual provisioning, and one inactive former customer that
// only has cancelled subscriptions. IDs are UUID-shaped and stable across runs.
func DemoDataset(today time.Time) *Dataset {
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	d := &Dataset{}
	productID := map[string]string{}
	addProduct := func(name, vendor string, price, cost float64, commitment bool) {
		id := DemoProductID(name)
		productID[name] = id
		d.Products = append(d.Products, Product{
			ID: id, Name: name, VendorName: vendor,
			ShortDescription: name + " from " + vendor,
			Description:      name + " resold through Pax8. Billed per user unless stated otherwise.",
			SKU:              skuFor(vendor, name), VendorSKU: sim.DemoVendorSKU(name),
			RequiresCommitment: commitment, UnitPrice: price, UnitCost: cost,
		})
	}
	for _, p := range append(sim.DemoProducts(), sim.DemoNewProduct()) {
		addProduct(p.VendorName, p.Vendor, p.UnitPrice, p.PartnerCost(), false)
	}
	for _, p := range append(append([]extraProduct{}, retiredProducts...), trialProduct, pendingProduct) {
		addProduct(p.name, p.vendor, p.price, p.cost, p.needCommitment)
	}
	product := func(name string) Product {
		for _, p := range d.Products {
			if p.Name == name {
				return p
			}
		}
		panic("pax8 demo: unknown product " + name)
	}

	newSub := func(company Company, p Product, n int, qty float64, created time.Time) Subscription {
		start := created.AddDate(0, 0, 1).Truncate(24 * time.Hour)
		sub := Subscription{
			ID:           stableUUID("subscription", fmt.Sprintf("%s/%s/%d", company.ID, p.ID, n)),
			CompanyID:    company.ID,
			ProductID:    p.ID,
			ProductName:  p.Name,
			Quantity:     qty,
			StartDate:    start,
			CreatedDate:  created,
			UpdatedDate:  created,
			BillingStart: start,
			Status:       "Active",
			Price:        p.UnitPrice,
			PartnerCost:  p.UnitCost,
			CurrencyCode: "USD",
			BillingTerm:  "Monthly",
		}
		if p.VendorName == "Microsoft" {
			sub.VendorSubscriptionID = stableUUID("vendor-subscription", sub.ID)
			sub.VendorSkuID = p.VendorSKU
		}
		return sub
	}

	addCompany := func(i int, name string, since time.Time) Company {
		company := Company{
			ID: DemoCompanyID(name), Name: name,
			Address:    demoAddress(i),
			Phone:      fmt.Sprintf("555-01%02d", i%100),
			Website:    slug(name) + ".example.com",
			ExternalID: fmt.Sprintf("TU-%04d", 1001+i),
			Status:     "Active", BillOnBehalfOfEnabled: i%5 == 0,
			UpdatedDate: since.Add(time.Duration(i%9+1) * 24 * time.Hour),
		}
		d.Companies = append(d.Companies, company)
		return company
	}
	addLicences := func(i int, company Company, since time.Time, licences []sim.Licence) {
		for j, l := range licences {
			p := product(l.Product.VendorName)
			created := since.AddDate(0, 0, 3*j).Add(time.Duration(j*17) * time.Minute)
			sub := newSub(company, p, 0, float64(l.Quantity), created)
			// Seat changes happened some days after creation, never after yesterday.
			sub.UpdatedDate = minTime(created.AddDate(0, 0, 5+(i*7+j*11)%90), today.Add(-time.Duration(1+i%20)*time.Hour))
			if l.Product.Vendor == "Microsoft" && (i+j)%4 == 1 {
				sub.BillingTerm = "Annual"
				sub.CommitmentTerm = &Commitment{ID: stableUUID("commitment", sub.ID), Term: "Annual", EndDate: sub.StartDate.AddDate(1, 0, -1)}
			}
			d.Subscriptions = append(d.Subscriptions, sub)
		}
	}

	customers := sim.DemoCustomers()
	for i, c := range customers {
		if c.VendorName == "" {
			continue
		}
		since := today.AddDate(0, 0, -(75 + (i*53)%600)).Add(time.Duration(9+i%8) * time.Hour)
		company := addCompany(i, c.VendorName, since)
		addLicences(i, company, since, sim.VendorLicences(i, c))
		if c.Situation.Left() {
			// It left the MSP last month: inactive here, its licences cancelled.
			left := today.AddDate(0, -1, -(i % 9)).Add(15 * time.Hour)
			d.Companies[len(d.Companies)-1].Status = "Inactive"
			d.Companies[len(d.Companies)-1].UpdatedDate = left.Add(time.Hour)
			for j, l := range sim.DemoLicences(i, c) {
				sub := newSub(company, product(l.Product.VendorName), 0, float64(l.Quantity), since.AddDate(0, 0, 3*j))
				sub.Status = "Cancelled"
				sub.EndDate = left
				sub.UpdatedDate = left.Add(time.Duration(j) * time.Minute)
				d.Subscriptions = append(d.Subscriptions, sub)
			}
		}
		if c.Situation == sim.CancelledAtVendor {
			// The main licence was cancelled here last month; the PSA still bills it.
			l := sim.DemoLicences(i, c)[0]
			sub := newSub(company, product(l.Product.VendorName), 0, float64(l.Quantity), since)
			sub.Status = "Cancelled"
			sub.EndDate = today.AddDate(0, -1, 0)
			sub.UpdatedDate = sub.EndDate.Add(4 * time.Hour)
			d.Subscriptions = append(d.Subscriptions, sub)
		}
		// A few customers moved away from an old product: cancelled subscriptions stay listed.
		if i%7 == 2 {
			old := product(retiredProducts[(i/7)%len(retiredProducts)].name)
			sub := newSub(company, old, 1, float64(max(1, c.Seats/2)), since.AddDate(0, 0, -200))
			sub.Status = "Cancelled"
			sub.EndDate = since.AddDate(0, 0, 14)
			sub.UpdatedDate = sub.EndDate.Add(3 * time.Hour)
			d.Subscriptions = append(d.Subscriptions, sub)
		}
		switch c.VendorName {
		case "Bayside Veterinary": // trialling Teams Premium
			sub := newSub(company, product(trialProduct.name), 1, 3, today.AddDate(0, 0, -12).Add(10*time.Hour))
			sub.Status, sub.BillingTerm, sub.Price, sub.PartnerCost = "Trial", "Trial", 0, 0
			sub.EndDate = sub.StartDate.AddDate(0, 1, 0)
			d.Subscriptions = append(d.Subscriptions, sub)
		case "Cedar Ridge Law PLLC": // ordered, waiting for Pax8 to provision it by hand
			sub := newSub(company, product(pendingProduct.name), 1, float64(c.Seats), today.AddDate(0, 0, -3).Add(15*time.Hour))
			sub.Status = "PendingManual"
			d.Subscriptions = append(d.Subscriptions, sub)
		}
	}

	// The branches of multi-site customers: their own company here, one licence.
	for n, st := range sim.DemoSites() {
		i := len(customers) + n
		since := today.AddDate(0, 0, -(60 + 17*n)).Add(10 * time.Hour)
		company := addCompany(i, st.VendorName, since)
		addLicences(i, company, since, []sim.Licence{{Product: sim.DemoProducts()[0], Quantity: st.Seats}})
	}

	// A former customer: inactive, with only cancelled subscriptions.
	gone := today.AddDate(-1, -2, 0).Add(11 * time.Hour)
	former := Company{
		ID: DemoCompanyID("Old Mill Print Shop"), Name: "Old Mill Print Shop",
		Address: demoAddress(99), Phone: "555-0199", Website: "oldmillprint.example.com",
		ExternalID: "TU-0999", Status: "Inactive", UpdatedDate: gone.AddDate(0, 1, 0),
	}
	d.Companies = append(d.Companies, former)
	for n, name := range []string{retiredProducts[0].name, retiredProducts[1].name} {
		sub := newSub(former, product(name), n, 6, gone.AddDate(-1, 0, n))
		sub.Status = "Cancelled"
		sub.EndDate = gone
		sub.UpdatedDate = gone.Add(2 * time.Hour)
		d.Subscriptions = append(d.Subscriptions, sub)
	}
	return d
}

// LargeDataset generates a big tenant for paging tests and benchmarks: companies companies
// and subscriptions subscriptions over a catalogue of a few dozen products, with the status
// and billing-term mix of a real partner (mostly Active and Monthly). A few records omit
// optional fields (updatedDate, productName, partnerCost), as the API allows. The same seed
// gives the same tenant.
func LargeDataset(seed uint64, companies, subscriptions int, today time.Time) *Dataset {
	r := sim.Rand(seed)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	d := &Dataset{}
	for _, p := range sim.DemoProducts() {
		d.Products = append(d.Products, Product{ID: randomUUID(r), Name: p.VendorName, VendorName: p.Vendor, SKU: skuFor(p.Vendor, p.VendorName), UnitPrice: p.UnitPrice, UnitCost: p.UnitCost})
	}
	for _, p := range append(append([]extraProduct{}, retiredProducts...), trialProduct, pendingProduct) {
		d.Products = append(d.Products, Product{ID: randomUUID(r), Name: p.name, VendorName: p.vendor, SKU: skuFor(p.vendor, p.name), UnitPrice: p.price, UnitCost: p.cost})
	}
	for _, p := range []extraProduct{
		{"Microsoft 365 E3", "Microsoft", 43.20, 36.00, true},
		{"Microsoft 365 E5", "Microsoft", 68.40, 57.00, true},
		{"Microsoft Defender for Business", "Microsoft", 3.60, 3.00, false},
		{"Microsoft Intune Plan 1", "Microsoft", 9.60, 8.00, false},
		{"Microsoft Copilot for Microsoft 365", "Microsoft", 36.00, 30.00, true},
		{"Google Workspace Business Starter", "Google", 7.20, 6.00, false},
		{"Google Workspace Business Standard", "Google", 14.40, 12.00, false},
		{"Dropbox Business Advanced", "Dropbox", 24.00, 18.00, false},
		{"Bitdefender GravityZone Business Security", "Bitdefender", 2.90, 1.80, false},
		{"Acronis Cyber Protect Cloud - Server", "Acronis", 22.00, 14.00, false},
		{"SentinelOne Singularity Control", "SentinelOne", 5.00, 3.10, false},
		{"Proofpoint Essentials - Advanced", "Proofpoint", 4.80, 3.20, false},
		{"Keeper Enterprise", "Keeper Security", 6.00, 4.00, false},
		{"Zoom Workplace Pro", "Zoom", 15.99, 12.50, false},
	} {
		d.Products = append(d.Products, Product{ID: randomUUID(r), Name: p.name, VendorName: p.vendor, SKU: skuFor(p.vendor, p.name), RequiresCommitment: p.needCommitment, UnitPrice: p.price, UnitCost: p.cost})
	}

	adjectives := []string{"Blue", "Cedar", "Granite", "Harbor", "Iron", "Maple", "North", "Pine", "River", "Silver", "Summit", "Valley", "West", "Golden", "Oak", "Prairie", "Coastal", "Eagle", "Lakeside", "Red Rock"}
	nouns := []string{"Dental", "Law", "Accounting", "Logistics", "Veterinary", "Realty", "Construction", "Medical", "Insurance", "Brewing", "Architects", "Marketing", "Engineering", "Landscaping", "Outfitters", "Bakery", "Title", "Pharmacy", "Auto Body", "Fitness"}
	suffixes := []string{"LLC", "Inc", "Group", "Partners", "Co", "PLLC", "Associates", "Services"}
	seen := map[string]bool{}
	for i := range companies {
		name := fmt.Sprintf("%s %s %s", adjectives[r.IntN(len(adjectives))], nouns[r.IntN(len(nouns))], suffixes[r.IntN(len(suffixes))])
		if seen[name] {
			name = fmt.Sprintf("%s %d", name, i+1)
		}
		seen[name] = true
		status := "Active"
		switch x := r.IntN(100); {
		case x < 4:
			status = "Inactive"
		case x < 6:
			status = "Deleted"
		}
		d.Companies = append(d.Companies, Company{
			ID: randomUUID(r), Name: name, Address: demoAddress(i), Phone: fmt.Sprintf("555-%04d", r.IntN(10000)),
			Website: slug(name) + ".example.com", ExternalID: fmt.Sprintf("L-%06d", i+1), Status: status,
			BillOnBehalfOfEnabled: r.IntN(4) == 0, SelfServiceAllowed: r.IntN(3) == 0,
			UpdatedDate: today.Add(-time.Duration(1+r.IntN(700*24)) * time.Hour),
		})
	}
	if len(d.Companies) == 0 && subscriptions > 0 {
		d.Companies = append(d.Companies, Company{ID: randomUUID(r), Name: "Only Customer LLC", Status: "Active", UpdatedDate: today.AddDate(0, 0, -30)})
	}

	rare := []string{"PendingCancel", "PendingManual", "PendingAutomated", "WaitingForDetails", "Converted", "PendingActivation", "Activated"}
	for range subscriptions {
		company := d.Companies[r.IntN(len(d.Companies))]
		p := d.Products[r.IntN(len(d.Products))]
		created := today.Add(-time.Duration(24+r.IntN(3*365*24)) * time.Hour).Add(time.Duration(r.IntN(3600)) * time.Second)
		start := created.AddDate(0, 0, 1).Truncate(24 * time.Hour)
		qty := 1 + r.IntN(25)
		if r.IntN(10) == 0 {
			qty = 25 + r.IntN(200)
		}
		sub := Subscription{
			ID: randomUUID(r), CompanyID: company.ID, ProductID: p.ID, ProductName: p.Name,
			Quantity: float64(qty), StartDate: start, CreatedDate: created, BillingStart: start,
			Status: "Active", Price: p.UnitPrice, PartnerCost: p.UnitCost, CurrencyCode: "USD", BillingTerm: "Monthly",
		}
		if age := today.Sub(created); age > 48*time.Hour {
			sub.UpdatedDate = created.Add(time.Duration(r.Int64N(int64(age - 24*time.Hour))))
		}
		switch x := r.IntN(100); {
		case company.Status != "Active" || x < 7:
			sub.Status = "Cancelled"
			sub.EndDate = minTime(start.AddDate(0, 1+r.IntN(12), 0), today.AddDate(0, 0, -1))
		case x < 9:
			sub.Status, sub.BillingTerm, sub.Price, sub.PartnerCost = "Trial", "Trial", 0, 0
		case x < 15:
			sub.Status = rare[r.IntN(len(rare))]
		}
		if sub.Status != "Trial" {
			switch x := r.IntN(100); {
			case x < 16 || p.RequiresCommitment:
				sub.BillingTerm = "Annual"
				sub.CommitmentTerm = &Commitment{ID: randomUUID(r), Term: "Annual", EndDate: start.AddDate(1, 0, -1)}
			case x < 18:
				sub.BillingTerm = "3-Year"
				sub.CommitmentTerm = &Commitment{ID: randomUUID(r), Term: "3-Year", EndDate: start.AddDate(3, 0, -1)}
			case x < 20:
				sub.BillingTerm = "One-Time"
			}
		}
		switch r.IntN(50) {
		case 0:
			sub.UpdatedDate = time.Time{}
		case 1:
			sub.ProductName = ""
		case 2:
			sub.HidePartnerCost = true
		}
		d.Subscriptions = append(d.Subscriptions, sub)
	}
	return d
}

// DemoRetiredProducts names the demo catalogue's products the MSP no longer resells (only
// cancelled subscriptions remain) and the one it only trials: what its mappings exclude.
func DemoRetiredProducts() []string {
	var out []string
	for _, p := range retiredProducts {
		out = append(out, p.name)
	}
	return append(out, trialProduct.name)
}

// DemoCompanyID is the id of the demo company named name (a sim.DemoCustomers VendorName,
// a sim.DemoSites VendorName, or the former customer "Old Mill Print Shop").
func DemoCompanyID(name string) string { return stableUUID("company", name) }

// DemoProductID is the id of the demo product named name (a sim.DemoProduct's VendorName).
func DemoProductID(name string) string { return stableUUID("product", name) }

// stableUUID derives a UUID-shaped ID (version 5 layout) from a name, so demo records keep
// their IDs across runs and machines.
func stableUUID(kind, name string) string {
	h := sha1.Sum([]byte("trueup/pax8/" + kind + "/" + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func randomUUID(r *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func skuFor(vendor, name string) string {
	h := sha1.Sum([]byte(vendor + "/" + name))
	prefix := strings.ToUpper(vendor)
	if len(prefix) > 3 {
		prefix = prefix[:3]
	}
	return fmt.Sprintf("%s-%X-%X", prefix, h[0:2], h[2:4])
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

func demoAddress(i int) Address {
	cities := []struct{ city, state, zip string }{
		{"Denver", "CO", "80202"}, {"Boulder", "CO", "80301"}, {"Fort Collins", "CO", "80521"},
		{"Colorado Springs", "CO", "80903"}, {"Cheyenne", "WY", "82001"}, {"Santa Fe", "NM", "87501"},
	}
	streets := []string{"Main St", "Oak Ave", "Pearl St", "Canyon Blvd", "Market St", "Lincoln Ave"}
	c := cities[i%len(cities)]
	return Address{
		Street: fmt.Sprintf("%d %s", 100+(i*37)%9000, streets[(i/len(cities))%len(streets)]),
		City:   c.city, StateOrProvince: c.state, PostalCode: c.zip, Country: "US",
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
