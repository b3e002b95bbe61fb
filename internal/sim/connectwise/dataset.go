package connectwise

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// The records below mirror the JSON the ConnectWise Manage REST API returns for the
// endpoints TrueUp reads (field names as in the public OpenAPI document / pyconnectwise
// models: CompanyModel, CompanyTypeModel, AgreementModel, AdditionModel). Only the fields a
// sync cares about, plus a few realistic extras, are modelled. Times are UTC and whole
// seconds, dates are "YYYY-MM-DDT00:00:00Z" as ConnectWise sends them.

// Ref is a ConnectWise reference object ({"id":..,"name":..} or {"id":..,"identifier":..}).
type Ref struct {
	ID         int    `json:"id"`
	Identifier string `json:"identifier,omitempty"`
	Name       string `json:"name,omitempty"`
}

// Info is the "_info" metadata every record carries.
type Info struct {
	LastUpdated time.Time `json:"lastUpdated"`
	UpdatedBy   string    `json:"updatedBy,omitempty"`
	DateEntered time.Time `json:"dateEntered,omitzero"`
	EnteredBy   string    `json:"enteredBy,omitempty"`
}

// CompanyType is a row of /company/companies/types.
type CompanyType struct {
	ID          int    `json:"id"`
	Name        string `json:"name"`
	DefaultFlag bool   `json:"defaultFlag"`
	VendorFlag  bool   `json:"vendorFlag"`
	Info        Info   `json:"_info"`
}

// Company is a row of /company/companies.
type Company struct {
	ID           int    `json:"id"`
	Identifier   string `json:"identifier"`
	Name         string `json:"name"`
	Status       Ref    `json:"status"`
	Types        []Ref  `json:"types"`
	City         string `json:"city,omitempty"`
	State        string `json:"state,omitempty"`
	PhoneNumber  string `json:"phoneNumber,omitempty"`
	Website      string `json:"website,omitempty"`
	IsVendorFlag bool   `json:"isVendorFlag"`
	DeletedFlag  bool   `json:"deletedFlag"`
	Info         Info   `json:"_info"`
}

// Agreement is a row of /finance/agreements.
type Agreement struct {
	ID               int     `json:"id"`
	Name             string  `json:"name"`
	Type             Ref     `json:"type"`
	Company          Ref     `json:"company"`
	StartDate        string  `json:"startDate,omitempty"`
	EndDate          string  `json:"endDate,omitempty"`
	NoEndingDateFlag bool    `json:"noEndingDateFlag"`
	CancelledFlag    bool    `json:"cancelledFlag"`
	DateCancelled    string  `json:"dateCancelled,omitempty"`
	ReasonCancelled  string  `json:"reasonCancelled,omitempty"`
	BillingCycle     Ref     `json:"billingCycle"`
	ProrateFlag      bool    `json:"prorateFlag"`
	InvoicingCycle   string  `json:"invoicingCycle,omitempty"`
	BillAmount       float64 `json:"billAmount"`
	AgreementStatus  string  `json:"agreementStatus"`
	Info             Info    `json:"_info"`
}

// Addition is a row of /finance/agreements/{id}/additions.
type Addition struct {
	ID                       int     `json:"id"`
	Product                  Ref     `json:"product"`
	Quantity                 float64 `json:"quantity"`
	LessIncluded             float64 `json:"lessIncluded"`
	UnitPrice                float64 `json:"unitPrice"`
	UnitCost                 float64 `json:"unitCost"`
	BillCustomer             string  `json:"billCustomer"`
	EffectiveDate            string  `json:"effectiveDate,omitempty"`
	CancelledDate            string  `json:"cancelledDate,omitempty"`
	TaxableFlag              bool    `json:"taxableFlag"`
	InvoiceDescription       string  `json:"invoiceDescription,omitempty"`
	AgreementID              int     `json:"agreementId"`
	Description              string  `json:"description,omitempty"`
	BilledQuantity           float64 `json:"billedQuantity"`
	Uom                      string  `json:"uom,omitempty"`
	ExtPrice                 float64 `json:"extPrice"`
	ExtCost                  float64 `json:"extCost"`
	ProrateCurrentPeriodFlag bool    `json:"prorateCurrentPeriodFlag"`
	AgreementStatus          string  `json:"agreementStatus,omitempty"`
	Info                     Info    `json:"_info"`
}

// CatalogItem is a row of /procurement/catalog (the product catalog; fields as
// ai-connor/connectwise model_catalog_item.go, trimmed to what a catalog list carries).
type CatalogItem struct {
	ID                     int     `json:"id"`
	Identifier             string  `json:"identifier"`
	Description            string  `json:"description"`
	InactiveFlag           bool    `json:"inactiveFlag"`
	Subcategory            Ref     `json:"subcategory"`
	Type                   Ref     `json:"type"`
	ProductClass           string  `json:"productClass"`
	Price                  float64 `json:"price"`
	Cost                   float64 `json:"cost"`
	PriceAttribute         string  `json:"priceAttribute"`
	CustomerDescription    string  `json:"customerDescription"`
	ManufacturerPartNumber string  `json:"manufacturerPartNumber,omitempty"`
	Manufacturer           *Ref    `json:"manufacturer,omitempty"`
	Vendor                 *Ref    `json:"vendor,omitempty"`
	VendorSku              string  `json:"vendorSku,omitempty"`
	RecurringFlag          bool    `json:"recurringFlag"`
	RecurringRevenue       float64 `json:"recurringRevenue"`
	RecurringCost          float64 `json:"recurringCost"`
	RecurringBillCycle     *Ref    `json:"recurringBillCycle,omitempty"`
	Info                   Info    `json:"_info"`
}

// Dataset is the content of one simulated ConnectWise tenant.
type Dataset struct {
	CompanyTypes []CompanyType
	Companies    []Company
	Agreements   []Agreement
	Additions    []Addition
	Catalog      []CatalogItem
}

// Company type and status ids shared by the generated datasets.
const (
	TypeCustomer       = 1
	TypeProspect       = 2
	TypeVendor         = 3
	TypePartner        = 4
	TypeFormerCustomer = 5

	StatusActive   = 1
	StatusInactive = 2
)

func companyTypes(at time.Time) []CompanyType {
	info := Info{LastUpdated: at, UpdatedBy: "admin1", DateEntered: at, EnteredBy: "admin1"}
	return []CompanyType{
		{ID: TypeCustomer, Name: "Customer", DefaultFlag: true, Info: info},
		{ID: TypeProspect, Name: "Prospect", Info: info},
		{ID: TypeVendor, Name: "Vendor", VendorFlag: true, Info: info},
		{ID: TypePartner, Name: "Partner", Info: info},
		{ID: TypeFormerCustomer, Name: "Former Customer", Info: info},
	}
}

var typeNames = map[int]string{
	TypeCustomer: "Customer", TypeProspect: "Prospect", TypeVendor: "Vendor",
	TypePartner: "Partner", TypeFormerCustomer: "Former Customer",
}

func typeRef(id int) Ref { return Ref{ID: id, Name: typeNames[id]} }

var (
	statusActive   = Ref{ID: StatusActive, Name: "Active"}
	statusInactive = Ref{ID: StatusInactive, Name: "Inactive"}
	monthly        = Ref{ID: 2, Name: "Monthly"}
	managedType    = Ref{ID: 7, Name: "Managed Services"}
	backupType     = Ref{ID: 9, Name: "Backup & DR"}
)

// product catalogue ids: licence products follow sim.DemoProducts; the rest are services.
const (
	productLicenceBase = 301
	productWorkstation = 401
	productBackupAppl  = 402
	productBackupTB    = 403
	productServer      = 404
	productRetired     = 499
)

// DemoCompanyID is the ConnectWise company id of demo customer number i (sim.DemoCustomers).
func DemoCompanyID(i int) int { return 101 + i }

// DemoCatalogID is the catalog item id of the demo licence product with PSA name psaName
// (sim.DemoProducts, then sim.DemoNewProduct).
func DemoCatalogID(psaName string) (int, bool) {
	for k, p := range append(sim.DemoProducts(), sim.DemoNewProduct()) {
		if p.PSAName == psaName {
			return productLicenceBase + k, true
		}
	}
	return 0, false
}

// cwDate renders a civil date the way ConnectWise sends dates.
func cwDate(t time.Time) string { return t.Format("2006-01-02") + "T00:00:00Z" }

func firstOfMonth(t time.Time, addMonths int) time.Time {
	return time.Date(t.Year(), t.Month()+time.Month(addMonths), 1, 0, 0, 0, 0, time.UTC)
}

func identifierOf(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if len(s) > 25 { // ConnectWise company identifiers are at most 25 characters
		s = s[:25]
	}
	return s
}

// catalog is the product catalog both datasets use: one item per licence product (ids from
// productLicenceBase, in sim.DemoProducts order then sim.DemoNewProduct, carrying the
// distributor's vendor SKU) and
// the MSP's own services, so every addition's product is in it. One retired product is
// inactive and used by no addition.
func catalog(today time.Time) []CatalogItem {
	info := func(k int) Info {
		return Info{LastUpdated: stamp(today, 40+k*17, 9*60+k*7), UpdatedBy: "akim", DateEntered: stamp(today, 800, 9*60), EnteredBy: "akim"}
	}
	licences := Ref{ID: 12, Name: "Cloud Licensing"}
	services := Ref{ID: 14, Name: "Managed Services"}
	nonInv := Ref{ID: 3, Name: "Non-Inventory"}
	var out []CatalogItem
	for k, p := range append(sim.DemoProducts(), sim.DemoNewProduct()) {
		vendor := &Ref{ID: 900 + k, Identifier: identifierOf(p.Vendor), Name: p.Vendor}
		out = append(out, CatalogItem{
			ID: productLicenceBase + k, Identifier: productIdentifier(p.PSAName), Description: p.PSAName,
			Subcategory: licences, Type: nonInv, ProductClass: "NonInventory", Price: p.UnitPrice, Cost: p.UnitCost,
			PriceAttribute: "FixedFee", CustomerDescription: p.VendorName, Manufacturer: vendor, Vendor: vendor,
			ManufacturerPartNumber: p.VendorSKU(), VendorSku: p.VendorSKU(), RecurringFlag: true,
			RecurringRevenue: p.UnitPrice, RecurringCost: p.UnitCost, RecurringBillCycle: &monthly, Info: info(k),
		})
	}
	for k, sv := range []struct {
		id               int
		identifier, name string
		price, cost      float64
	}{
		{productWorkstation, "MANAGED-WORKSTATION", "Managed Workstation", 45, 0},
		{productBackupAppl, "BACKUP-APPLIANCE", "Backup Appliance Lease", 150, 60},
		{productBackupTB, "CLOUD-BACKUP-TB", "Cloud Backup Storage (TB)", 80, 35},
		{productServer, "MANAGED-SERVER", "Managed Server", 150, 0},
	} {
		out = append(out, CatalogItem{
			ID: sv.id, Identifier: sv.identifier, Description: sv.name, Subcategory: services, Type: nonInv,
			ProductClass: "Service", Price: sv.price, Cost: sv.cost, PriceAttribute: "FixedFee", CustomerDescription: sv.name,
			RecurringFlag: true, RecurringRevenue: sv.price, RecurringCost: sv.cost, RecurringBillCycle: &monthly, Info: info(10 + k),
		})
	}
	out = append(out, CatalogItem{
		ID: productRetired, Identifier: "SPAM-FILTER-LEGACY", Description: "Spam Filtering (legacy)", InactiveFlag: true,
		Subcategory: services, Type: nonInv, ProductClass: "Service", Price: 2, Cost: 0.8, PriceAttribute: "FixedFee",
		CustomerDescription: "Spam Filtering", RecurringFlag: true, RecurringRevenue: 2, RecurringCost: 0.8,
		RecurringBillCycle: &monthly, Info: info(20),
	})
	return out
}

func productIdentifier(name string) string {
	s := strings.ToUpper(strings.NewReplacer(" ", "-", "&", "", "(", "", ")", "").Replace(name))
	if len(s) > 30 {
		s = s[:30]
	}
	return s
}

// stamp returns a deterministic lastUpdated in the months before today.
func stamp(today time.Time, daysAgo, minuteOfDay int) time.Time {
	d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -daysAgo).Add(time.Duration(minuteOfDay) * time.Minute)
}

// DemoDataset is the demo workspace's ConnectWise tenant, built from the shared customer
// catalogue (sim.DemoCustomers) so the PSA and the vendor simulators describe the same MSP.
func DemoDataset(today time.Time) *Dataset {
	today = today.UTC()
	d := &Dataset{CompanyTypes: companyTypes(stamp(today, 900, 9*60)), Catalog: catalog(today)}
	start := firstOfMonth(today, -14)
	lastMonth := firstOfMonth(today, -1).AddDate(0, 0, 9)
	endLastMonth := firstOfMonth(today, 0).AddDate(0, 0, -1)
	nextAgreementID, nextAdditionID := 1001, 5001
	products := sim.DemoProducts()

	addAddition := func(a Addition) {
		a.ID = nextAdditionID
		nextAdditionID++
		if a.BillCustomer == "" {
			a.BillCustomer = "Billable"
		}
		if a.Uom == "" {
			a.Uom = "Each"
		}
		a.BilledQuantity = billedQuantity(a)
		a.ExtPrice = math.Round(a.BilledQuantity*a.UnitPrice*100) / 100
		a.ExtCost = math.Round(a.Quantity*a.UnitCost*100) / 100
		a.InvoiceDescription = a.Description
		d.Additions = append(d.Additions, a)
	}

	sites := map[string]int{} // seats of the branches the PSA bills on the customer's main line
	for _, st := range sim.DemoSites() {
		sites[st.Customer] += st.Billed
	}
	for i, c := range sim.DemoCustomers() {
		companyID := DemoCompanyID(i)
		typ := TypeCustomer
		switch c.Situation {
		case sim.Prospect:
			typ = TypeProspect
		case sim.VendorTagged:
			typ = TypeVendor
		}
		status := statusActive
		if c.Situation == sim.InactiveCompany {
			status = statusInactive
		}
		companyStamp := stamp(today, 20+(i*37)%200, 8*60+(i*53)%600)
		d.Companies = append(d.Companies, Company{
			ID: companyID, Identifier: identifierOf(c.Name), Name: c.Name,
			Status: status, Types: []Ref{typeRef(typ)},
			City: "Springfield", State: "OR", PhoneNumber: fmt.Sprintf("541-555-%04d", 1000+i*17),
			Info: Info{LastUpdated: companyStamp, UpdatedBy: "jsmith", DateEntered: stamp(today, 700+i, 9*60), EnteredBy: "jsmith"},
		})

		// The main agreement and its situation.
		ag := Agreement{
			ID: nextAgreementID, Name: "Managed Services", Type: managedType,
			Company:   Ref{ID: companyID, Identifier: identifierOf(c.Name), Name: c.Name},
			StartDate: cwDate(start), NoEndingDateFlag: true, BillingCycle: monthly,
			InvoicingCycle: "ContractYear", AgreementStatus: "Active",
			Info: Info{LastUpdated: stamp(today, 10+(i*29)%150, 7*60+(i*41)%600), UpdatedBy: "jsmith", DateEntered: stamp(today, 430, 10*60), EnteredBy: "jsmith"},
		}
		switch c.Situation {
		case sim.ExpiredAgreement:
			ag.StartDate = cwDate(firstOfMonth(today, -25))
			ag.EndDate = cwDate(endLastMonth)
			ag.NoEndingDateFlag = false
			ag.AgreementStatus = "Expired"
		case sim.FutureAgreement:
			ag.StartDate = cwDate(firstOfMonth(today, 1))
		case sim.CancelledAgreement:
			ag.CancelledFlag = true
			ag.DateCancelled = cwDate(lastMonth)
			ag.ReasonCancelled = "Customer moved to another provider"
			ag.AgreementStatus = "Cancelled"
		case sim.ProratingAgreement:
			ag.ProrateFlag = true
		case sim.VendorOnly:
			// Signed last month: workstations are billed, the licences not yet.
			ag.StartDate = cwDate(firstOfMonth(today, -1))
		}
		nextAgreementID++
		d.Agreements = append(d.Agreements, ag)

		addStamp := func(k int) Info {
			return Info{LastUpdated: stamp(today, 5+(i*13+k*7)%120, 6*60+(i*31+k*11)%700), UpdatedBy: "jsmith", DateEntered: stamp(today, 420, 11*60), EnteredBy: "jsmith"}
		}
		effective := ag.StartDate
		for k, l := range sim.DemoLicences(i, c) {
			if c.Situation == sim.VendorOnly {
				break
			}
			q := float64(sim.BilledQuantity(i, c, l))
			if c.Situation == sim.ZeroQuantity && k == 1 {
				q = 0
			}
			main := Addition{
				Product:  Ref{ID: productLicenceBase + productIndex(products, l.Product.PSAName), Identifier: productIdentifier(l.Product.PSAName)},
				Quantity: q, UnitPrice: l.Product.UnitPrice, UnitCost: l.Product.UnitCost,
				EffectiveDate: effective, AgreementID: ag.ID, Description: l.Product.PSAName,
				TaxableFlag: true, AgreementStatus: ag.AgreementStatus, Info: addStamp(k),
			}
			if k == 0 {
				main.Quantity += float64(sites[c.Name])
				if c.Situation == sim.IncludedSeats {
					main.LessIncluded = sim.IncludedSeatCount
				}
			}
			addAddition(main)
			if k == 0 && c.Situation == sim.NotBilledLine {
				techs := main
				techs.Quantity, techs.LessIncluded, techs.BillCustomer = sim.NotBilledSeats, 0, "DoNotBill"
				techs.Description = l.Product.PSAName + " (technician seats)"
				techs.Info = addStamp(25)
				addAddition(techs)
			}
		}
		if c.Situation == sim.CancelledAddition {
			// An older line of the same licence, cancelled last month when it was replaced.
			addAddition(Addition{
				Product:  Ref{ID: productLicenceBase, Identifier: productIdentifier(products[0].PSAName)},
				Quantity: 5, UnitPrice: products[0].UnitPrice, UnitCost: products[0].UnitCost,
				EffectiveDate: cwDate(firstOfMonth(today, -8)), CancelledDate: cwDate(lastMonth),
				AgreementID: ag.ID, Description: products[0].PSAName, TaxableFlag: true,
				AgreementStatus: ag.AgreementStatus, Info: addStamp(20),
			})
		}
		ws := float64(c.Seats)
		if ws == 0 {
			ws = 2
		}
		// Every sixth customer gets its workstations managed at no charge (a courtesy the
		// MSP agreed on): ConnectWise keeps the quantity and bills none of it.
		wsBilling := ""
		if i%6 == 2 {
			wsBilling = "NoCharge"
		}
		addAddition(Addition{
			Product:  Ref{ID: productWorkstation, Identifier: "MANAGED-WORKSTATION"},
			Quantity: ws, UnitPrice: 45, UnitCost: 0, EffectiveDate: effective, AgreementID: ag.ID, BillCustomer: wsBilling,
			Description: "Managed Workstation", AgreementStatus: ag.AgreementStatus, Info: addStamp(30),
		})

		// A second agreement for some normal customers.
		if c.Situation.Ordinary() && i%5 == 0 {
			bk := Agreement{
				ID: nextAgreementID, Name: "Backup & DR", Type: backupType, Company: ag.Company,
				StartDate: cwDate(firstOfMonth(today, -9)), NoEndingDateFlag: true, BillingCycle: monthly,
				InvoicingCycle: "ContractYear", AgreementStatus: "Active", ProrateFlag: true,
				Info: Info{LastUpdated: stamp(today, 30+i, 15*60), UpdatedBy: "akim", DateEntered: stamp(today, 280, 10*60), EnteredBy: "akim"},
			}
			nextAgreementID++
			d.Agreements = append(d.Agreements, bk)
			addAddition(Addition{
				Product:  Ref{ID: productBackupAppl, Identifier: "BACKUP-APPLIANCE"},
				Quantity: 1, UnitPrice: 150, UnitCost: 60, EffectiveDate: bk.StartDate, AgreementID: bk.ID,
				Description: "Backup Appliance Lease", AgreementStatus: "Active", Info: addStamp(40),
			})
			addAddition(Addition{
				Product: Ref{ID: productBackupTB, Identifier: "CLOUD-BACKUP-TB"},
				// The agreement includes the first terabyte.
				Quantity: float64(1 + c.Seats/20), LessIncluded: 1, UnitPrice: 80, UnitCost: 35, EffectiveDate: bk.StartDate,
				AgreementID: bk.ID, Description: "Cloud Backup Storage (TB)", Uom: "TB",
				AgreementStatus: "Active", Info: addStamp(41),
			})
		}
	}
	// A partner company: no agreement, must not show up as a customer with lines.
	d.Companies = append(d.Companies, Company{
		ID: 90, Identifier: "LakeshoreITPartners", Name: "Lakeshore IT Partners",
		Status: statusActive, Types: []Ref{typeRef(TypePartner)}, City: "Portland", State: "OR",
		Info: Info{LastUpdated: stamp(today, 75, 13*60), UpdatedBy: "jsmith", DateEntered: stamp(today, 800, 9*60), EnteredBy: "jsmith"},
	})
	return d
}

// billedQuantity is what ConnectWise bills of an addition: nothing for DoNotBill and
// NoCharge lines, otherwise the quantity less the units the agreement includes.
func billedQuantity(a Addition) float64 {
	if a.BillCustomer == "DoNotBill" || a.BillCustomer == "NoCharge" {
		return 0
	}
	return math.Max(0, a.Quantity-a.LessIncluded)
}

func productIndex(products []sim.DemoProduct, psaName string) int {
	for i, p := range products {
		if p.PSAName == psaName {
			return i
		}
	}
	return 0
}

var (
	largeAdjectives = []string{"Acme", "Blue", "Cedar", "Delta", "Eagle", "First", "Golden", "Harbor", "Iron", "Jade", "Keystone", "Lakeside", "Maple", "North", "Oak", "Pioneer", "Quartz", "Red", "Summit", "Tri-County", "Union", "Valley", "West", "Yellow"}
	largeNouns      = []string{"Dental", "Logistics", "Law", "Medical", "Accounting", "Realty", "Engineering", "Brewing", "Insurance", "Construction", "Marketing", "Veterinary", "Studios", "Outfitters", "Credit Union", "Pediatrics", "Manufacturing", "Architects", "Hospitality", "Telecom"}
	largeSuffixes   = []string{"LLC", "Inc", "Group", "Partners", "Co", "PLLC", "Associates"}
	largeServices   = []struct {
		name       string
		price, cos float64
		id         int
	}{
		{"Managed Workstation", 45, 0, productWorkstation},
		{"Managed Server", 150, 0, productServer},
		{"Cloud Backup Storage (TB)", 80, 35, productBackupTB},
	}
)

// LargeDataset generates a deterministic tenant of the given size for benchmarks and paging
// tests: the same seed gives the same tenant. Agreements belong to random companies, and
// additions to random agreements.
func LargeDataset(seed uint64, companies, agreements, additions int, today time.Time) *Dataset {
	today = today.UTC()
	rng := sim.Rand(seed)
	d := &Dataset{CompanyTypes: companyTypes(stamp(today, 900, 9*60)), Catalog: catalog(today)}
	randStamp := func() time.Time {
		return stamp(today, 1+rng.IntN(365), rng.IntN(24*60)).Add(time.Duration(rng.IntN(60)) * time.Second)
	}
	for i := range companies {
		name := fmt.Sprintf("%s %s %s %d",
			largeAdjectives[rng.IntN(len(largeAdjectives))], largeNouns[rng.IntN(len(largeNouns))],
			largeSuffixes[rng.IntN(len(largeSuffixes))], i+1)
		typ := TypeCustomer
		switch r := rng.IntN(100); {
		case r < 5:
			typ = TypeProspect
		case r < 8:
			typ = TypeVendor
		case r < 10:
			typ = TypePartner
		case r < 12:
			typ = TypeFormerCustomer
		}
		types := []Ref{typeRef(typ)}
		if typ == TypeCustomer && rng.IntN(50) == 0 {
			types = append(types, typeRef(TypePartner))
		}
		status := statusActive
		if rng.IntN(100) < 7 {
			status = statusInactive
		}
		d.Companies = append(d.Companies, Company{
			ID: 1000 + i, Identifier: fmt.Sprintf("%.18s%d", identifierOf(name), i+1), Name: name,
			Status: status, Types: types, IsVendorFlag: typ == TypeVendor && rng.IntN(2) == 0,
			DeletedFlag: rng.IntN(200) == 0,
			Info:        Info{LastUpdated: randStamp(), UpdatedBy: "api", DateEntered: stamp(today, 400+rng.IntN(2000), 9*60), EnteredBy: "api"},
		})
	}
	if companies == 0 {
		agreements = 0
	}
	for i := range agreements {
		c := d.Companies[rng.IntN(len(d.Companies))]
		ag := Agreement{
			ID: 20000 + i, Name: "Managed Services", Type: managedType,
			Company:   Ref{ID: c.ID, Identifier: c.Identifier, Name: c.Name},
			StartDate: cwDate(firstOfMonth(today, -1-rng.IntN(48))), NoEndingDateFlag: true,
			BillingCycle: monthly, InvoicingCycle: "ContractYear", AgreementStatus: "Active",
			Info: Info{LastUpdated: randStamp(), UpdatedBy: "api", DateEntered: stamp(today, 400, 9*60), EnteredBy: "api"},
		}
		if rng.IntN(4) == 0 {
			ag.Name, ag.Type = "Backup & DR", backupType
		}
		switch r := rng.IntN(100); {
		case r < 4:
			ag.AgreementStatus, ag.CancelledFlag, ag.DateCancelled = "Cancelled", true, cwDate(firstOfMonth(today, -1-rng.IntN(6)))
		case r < 9:
			ag.AgreementStatus, ag.NoEndingDateFlag, ag.EndDate = "Expired", false, cwDate(firstOfMonth(today, -rng.IntN(6)).AddDate(0, 0, -1))
		case r < 11:
			ag.AgreementStatus = "Inactive"
		}
		d.Agreements = append(d.Agreements, ag)
	}
	if agreements == 0 {
		additions = 0
	}
	products := sim.DemoProducts()
	identifier := map[int]string{}
	for _, c := range d.Catalog {
		identifier[c.ID] = c.Identifier
	}
	for i := range additions {
		ag := d.Agreements[rng.IntN(len(d.Agreements))]
		a := Addition{
			ID: 100000 + i, AgreementID: ag.ID, Quantity: float64(rng.IntN(60)),
			BillCustomer: "Billable", EffectiveDate: ag.StartDate, Uom: "Each", TaxableFlag: true,
			AgreementStatus: ag.AgreementStatus,
			Info:            Info{LastUpdated: randStamp(), UpdatedBy: "api", DateEntered: stamp(today, 400, 9*60), EnteredBy: "api"},
		}
		if k := rng.IntN(len(products) + len(largeServices)); k < len(products) {
			p := products[k]
			a.Product = Ref{ID: productLicenceBase + k, Identifier: productIdentifier(p.PSAName)}
			a.Description, a.UnitPrice, a.UnitCost = p.PSAName, p.UnitPrice, p.UnitCost
		} else {
			s := largeServices[k-len(products)]
			a.Product = Ref{ID: s.id, Identifier: identifier[s.id]}
			a.Description, a.UnitPrice, a.UnitCost = s.name, s.price, s.cos
		}
		if rng.IntN(25) == 0 {
			a.CancelledDate = cwDate(firstOfMonth(today, -rng.IntN(4)))
		}
		// Billing settings from the index, not the generator, so tenants of a seed stay
		// as they were.
		switch i % 40 {
		case 7:
			a.BillCustomer = "DoNotBill"
		case 19:
			a.BillCustomer = "NoCharge"
		}
		a.BilledQuantity = billedQuantity(a)
		a.ExtPrice = math.Round(a.BilledQuantity*a.UnitPrice*100) / 100
		a.ExtCost = math.Round(a.Quantity*a.UnitCost*100) / 100
		a.InvoiceDescription = a.Description
		d.Additions = append(d.Additions, a)
	}
	return d
}
