package autotask

import (
	"fmt"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// The records below mirror the JSON of the Autotask REST API v1.0 entities TrueUp reads
// (field names as in the entity pages of the Autotask developer help: CompaniesEntity.htm,
// ContractsEntity.htm, ContractServicesEntity.htm, ContractServiceUnitsEntity.htm,
// ServicesEntity.htm). Picklists are integers, date-times are UTC with milliseconds, dates
// are date-times at midnight, as the API sends them.

// Company is a row of /V1.0/Companies.
type Company struct {
	ID                          int    `json:"id"`
	CompanyName                 string `json:"companyName"`
	CompanyNumber               string `json:"companyNumber"`
	CompanyType                 int    `json:"companyType"`
	IsActive                    bool   `json:"isActive"`
	Phone                       string `json:"phone"`
	City                        string `json:"city"`
	State                       string `json:"state"`
	OwnerResourceID             int    `json:"ownerResourceID"`
	CreateDate                  string `json:"createDate"`
	LastActivityDate            string `json:"lastActivityDate"`
	LastTrackedModifiedDateTime string `json:"lastTrackedModifiedDateTime"`
}

// Contract is a row of /V1.0/Contracts.
type Contract struct {
	ID                   int     `json:"id"`
	CompanyID            int     `json:"companyID"`
	ContractName         string  `json:"contractName"`
	ContractNumber       string  `json:"contractNumber"`
	ContractType         int     `json:"contractType"`
	ContractCategory     int     `json:"contractCategory"`
	ContractPeriodType   *int    `json:"contractPeriodType"`
	Status               int     `json:"status"`
	StartDate            string  `json:"startDate"`
	EndDate              string  `json:"endDate"`
	IsDefaultContract    bool    `json:"isDefaultContract"`
	SetupFee             float64 `json:"setupFee"`
	Description          string  `json:"description"`
	LastModifiedDateTime string  `json:"lastModifiedDateTime"`
}

// ContractService is a row of /V1.0/ContractServices: a service on a recurring contract.
// It holds no units (ContractServiceUnits does) and has no modified stamp.
type ContractService struct {
	ID                            int     `json:"id"`
	ContractID                    int     `json:"contractID"`
	ServiceID                     int     `json:"serviceID"`
	UnitPrice                     float64 `json:"unitPrice"`
	UnitCost                      float64 `json:"unitCost"`
	AdjustedPrice                 float64 `json:"adjustedPrice"`
	InvoiceDescription            string  `json:"invoiceDescription"`
	InternalCurrencyAdjustedPrice float64 `json:"internalCurrencyAdjustedPrice"`
	InternalCurrencyUnitPrice     float64 `json:"internalCurrencyUnitPrice"`
	QuoteItemID                   *int    `json:"quoteItemID"`
}

// ContractServiceUnit is a row of /V1.0/ContractServiceUnits: the units of one contract
// service for one billing period.
type ContractServiceUnit struct {
	ID                 int     `json:"id"`
	ContractID         int     `json:"contractID"`
	ContractServiceID  int     `json:"contractServiceID"`
	ServiceID          int     `json:"serviceID"`
	Units              float64 `json:"units"`
	StartDate          string  `json:"startDate"`
	EndDate            string  `json:"endDate"`
	Price              float64 `json:"price"`
	Cost               float64 `json:"cost"`
	ApproveAndPostDate *string `json:"approveAndPostDate"`
	VendorCompanyID    *int    `json:"vendorCompanyID"`
}

// Service is a row of /V1.0/Services: the catalog of recurring services.
type Service struct {
	ID                 int     `json:"id"`
	Name               string  `json:"name"`
	Description        string  `json:"description"`
	InvoiceDescription string  `json:"invoiceDescription"`
	SKU                string  `json:"sku"`
	UnitCost           float64 `json:"unitCost"`
	UnitPrice          float64 `json:"unitPrice"`
	IsActive           bool    `json:"isActive"`
	PeriodType         int     `json:"periodType"`
	VendorCompanyID    *int    `json:"vendorCompanyID"`
	LastModifiedDate   string  `json:"lastModifiedDate"`
}

// Dataset is the content of one simulated Autotask database.
type Dataset struct {
	Companies        []Company
	Contracts        []Contract
	ContractServices []ContractService
	Units            []ContractServiceUnit
	Services         []Service
}

// Company type picklist values (Companies.companyType), as Autotask numbers them.
const (
	CompanyTypeCustomer     = 1
	CompanyTypeLead         = 2
	CompanyTypeProspect     = 3
	CompanyTypeDead         = 4
	CompanyTypeCancellation = 6
	CompanyTypeVendor       = 7
	CompanyTypePartner      = 8
)

// Contract picklists: contractType 7 is Recurring Service; status 1 Active, 0 Inactive.
const (
	ContractTypeTimeAndMaterials = 1
	ContractTypeFixedPrice       = 3
	ContractTypeBlockHours       = 4
	ContractTypeRetainer         = 6
	ContractTypeRecurringService = 7
	ContractTypePerTicket        = 8

	ContractStatusInactive = 0
	ContractStatusActive   = 1
)

// Service period type 2 is Monthly (1 One-Time, 3 Quarterly, 4 Semi-Annual, 5 Yearly).
const periodMonthly = 2

// Stamp renders a date-time as the API sends it.
func Stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Date renders a calendar date as the API sends date fields (midnight, UTC).
func Date(t time.Time) string { return t.UTC().Format("2006-01-02") + "T00:00:00Z" }

func firstOfMonth(t time.Time, addMonths int) time.Time {
	return time.Date(t.Year(), t.Month()+time.Month(addMonths), 1, 0, 0, 0, 0, time.UTC)
}

// stamp returns a deterministic modified stamp in the months before today.
func stamp(today time.Time, daysAgo, minuteOfDay int) time.Time {
	d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -daysAgo).Add(time.Duration(minuteOfDay)*time.Minute + 437*time.Millisecond)
}

// Ids of the demo database.
const (
	demoCompanyBase  = 29684101
	demoPartnerID    = 29684090
	demoContractBase = 29700001
	demoCSBase       = 29710001
	demoUnitBase     = 29800001
	serviceLicence   = 29682801 // + index in sim.DemoProducts, then sim.DemoNewProduct
	serviceWorkstat  = 29682901
	serviceBackupApp = 29682902
	serviceBackupTB  = 29682903
	serviceServer    = 29682904
	serviceRetired   = 29682999
)

// DemoCompanyID is the Autotask company id of demo customer number i (sim.DemoCustomers).
func DemoCompanyID(i int) int { return demoCompanyBase + i }

// DemoCatalogID is the service id of the demo licence product with PSA name psaName
// (sim.DemoProducts, then sim.DemoNewProduct).
func DemoCatalogID(psaName string) (int, bool) {
	for k, p := range append(sim.DemoProducts(), sim.DemoNewProduct()) {
		if p.PSAName == psaName {
			return serviceLicence + k, true
		}
	}
	return 0, false
}

// services is the catalog both datasets use: one service per licence product (carrying the
// distributor's vendor SKU) and the MSP's own services; one retired service is inactive.
func services(today time.Time) []Service {
	var out []Service
	for k, p := range append(sim.DemoProducts(), sim.DemoNewProduct()) {
		out = append(out, Service{
			ID: serviceLicence + k, Name: p.PSAName, Description: p.VendorName, InvoiceDescription: p.PSAName,
			SKU: p.VendorSKU(), UnitCost: p.UnitCost, UnitPrice: p.UnitPrice, IsActive: true, PeriodType: periodMonthly,
			LastModifiedDate: Stamp(stamp(today, 40+k*17, 9*60+k*7)),
		})
	}
	for k, sv := range []struct {
		id          int
		name        string
		price, cost float64
	}{
		{serviceWorkstat, "Managed Workstation", 45, 0},
		{serviceBackupApp, "Backup Appliance Lease", 150, 60},
		{serviceBackupTB, "Cloud Backup Storage (TB)", 80, 35},
		{serviceServer, "Managed Server", 150, 0},
	} {
		out = append(out, Service{ID: sv.id, Name: sv.name, Description: sv.name, InvoiceDescription: sv.name,
			UnitCost: sv.cost, UnitPrice: sv.price, IsActive: true, PeriodType: periodMonthly,
			LastModifiedDate: Stamp(stamp(today, 200+k, 9*60))})
	}
	out = append(out, Service{ID: serviceRetired, Name: "Spam Filtering (legacy)", Description: "Spam Filtering",
		InvoiceDescription: "Spam Filtering", UnitCost: 0.8, UnitPrice: 2, PeriodType: periodMonthly,
		LastModifiedDate: Stamp(stamp(today, 300, 9*60))})
	return out
}

// builder assigns ids and generates the monthly unit periods of contract services.
type builder struct {
	d                *Dataset
	nextCS, nextUnit int
	// from and to, when set, bound the periods generated (large databases keep only the
	// periods around today, so a benchmark tenant fits in memory).
	from, to time.Time
}

// addService puts a service on a contract with units for every monthly period of the
// contract (Autotask creates a ContractServiceUnits row per billing period).
func (b *builder) addService(c Contract, serviceID int, units, price, cost float64, desc string) ContractService {
	cs := ContractService{ID: b.nextCS, ContractID: c.ID, ServiceID: serviceID, UnitPrice: price, UnitCost: cost,
		AdjustedPrice: price, InvoiceDescription: desc, InternalCurrencyAdjustedPrice: price, InternalCurrencyUnitPrice: price}
	b.nextCS++
	b.d.ContractServices = append(b.d.ContractServices, cs)
	start, _ := parseTime(c.StartDate)
	end, _ := parseTime(c.EndDate)
	for p := start; !p.After(end); p = p.AddDate(0, 1, 0) {
		pe := p.AddDate(0, 1, -1)
		if pe.After(end) {
			pe = end
		}
		if !b.from.IsZero() && (pe.Before(b.from) || p.After(b.to)) {
			continue
		}
		b.d.Units = append(b.d.Units, ContractServiceUnit{ID: b.nextUnit, ContractID: c.ID, ContractServiceID: cs.ID,
			ServiceID: serviceID, Units: units, StartDate: Date(p), EndDate: Date(pe), Price: price, Cost: cost})
		b.nextUnit++
	}
	return cs
}

// DemoDataset is the demo workspace's Autotask database: the same MSP as the ConnectWise
// simulator's demo tenant (sim.DemoCustomers, their situations, sim.DemoProducts, the same
// contracts, services, quantities and prices), so the demo's cards are the same whichever
// PSA is chosen. Where Autotask has no equivalent of a ConnectWise setting, the billed
// result is kept: a DoNotBill line of technician seats is not on the contract at all, the
// seats a ConnectWise agreement includes are units like the others, a replaced (cancelled)
// older line is not repeated (Autotask keeps one contract service per service), and a
// cancelled agreement is an Inactive contract.
func DemoDataset(today time.Time) *Dataset {
	today = today.UTC()
	d := &Dataset{Services: services(today)}
	b := &builder{d: d, nextCS: demoCSBase, nextUnit: demoUnitBase}
	start := firstOfMonth(today, -14)
	ongoingEnd := func(s time.Time) time.Time { return s.AddDate(3, 0, -1) }
	endLastMonth := firstOfMonth(today, 0).AddDate(0, 0, -1)
	nextContract := demoContractBase
	sites := map[string]int{}
	for _, st := range sim.DemoSites() {
		sites[st.Customer] += st.Billed
	}
	for i, c := range sim.DemoCustomers() {
		typ := CompanyTypeCustomer
		switch c.Situation {
		case sim.Prospect:
			typ = CompanyTypeProspect
		case sim.VendorTagged:
			typ = CompanyTypeVendor
		}
		d.Companies = append(d.Companies, Company{
			ID: DemoCompanyID(i), CompanyName: c.Name, CompanyNumber: fmt.Sprintf("C%05d", 100+i), CompanyType: typ,
			IsActive: c.Situation != sim.InactiveCompany, Phone: fmt.Sprintf("541-555-%04d", 1000+i*17),
			City: "Springfield", State: "OR", OwnerResourceID: 29682885,
			CreateDate:                  Stamp(stamp(today, 700+i, 9*60)),
			LastTrackedModifiedDateTime: Stamp(stamp(today, 20+(i*37)%200, 8*60+(i*53)%600)),
		})
		ct := Contract{
			ID: nextContract, CompanyID: DemoCompanyID(i), ContractName: "Managed Services",
			ContractNumber: fmt.Sprintf("MS-%05d", nextContract%100000), ContractType: ContractTypeRecurringService,
			ContractCategory: 1, Status: ContractStatusActive, StartDate: Date(start), EndDate: Date(ongoingEnd(start)),
			LastModifiedDateTime: Stamp(stamp(today, 10+(i*29)%150, 7*60+(i*41)%600)),
		}
		nextContract++
		switch c.Situation {
		case sim.ExpiredAgreement:
			ct.StartDate = Date(firstOfMonth(today, -25))
			ct.EndDate = Date(endLastMonth)
		case sim.FutureAgreement:
			s := firstOfMonth(today, 1)
			ct.StartDate, ct.EndDate = Date(s), Date(ongoingEnd(s))
		case sim.CancelledAgreement:
			ct.Status = ContractStatusInactive
			ct.Description = "Customer moved to another provider"
		case sim.VendorOnly:
			s := firstOfMonth(today, -1)
			ct.StartDate, ct.EndDate = Date(s), Date(ongoingEnd(s))
		}
		d.Contracts = append(d.Contracts, ct)
		for k, l := range sim.DemoLicences(i, c) {
			if c.Situation == sim.VendorOnly {
				break
			}
			q := float64(sim.BilledQuantity(i, c, l))
			if c.Situation == sim.ZeroQuantity && k == 1 {
				q = 0
			}
			if k == 0 {
				// IncludedSeats: ConnectWise counts the seats an agreement includes in the
				// line's quantity (lessIncluded bills fewer); Autotask's units are the seats.
				q += float64(sites[c.Name])
			}
			id, _ := DemoCatalogID(l.Product.PSAName)
			b.addService(ct, id, q, l.Product.UnitPrice, l.Product.UnitCost, l.Product.PSAName)
		}
		ws := float64(c.Seats)
		if ws == 0 {
			ws = 2
		}
		wsPrice := 45.0
		if i%6 == 2 { // workstations managed at no charge, as on the ConnectWise tenant
			wsPrice = 0
		}
		b.addService(ct, serviceWorkstat, ws, wsPrice, 0, "Managed Workstation")
		if c.Situation.Ordinary() && i%5 == 0 {
			s := firstOfMonth(today, -9)
			bk := Contract{
				ID: nextContract, CompanyID: DemoCompanyID(i), ContractName: "Backup & DR",
				ContractNumber: fmt.Sprintf("BK-%05d", nextContract%100000), ContractType: ContractTypeRecurringService,
				ContractCategory: 2, Status: ContractStatusActive, StartDate: Date(s), EndDate: Date(ongoingEnd(s)),
				LastModifiedDateTime: Stamp(stamp(today, 30+i, 15*60)),
			}
			nextContract++
			d.Contracts = append(d.Contracts, bk)
			b.addService(bk, serviceBackupApp, 1, 150, 60, "Backup Appliance Lease")
			b.addService(bk, serviceBackupTB, float64(1+c.Seats/20), 80, 35, "Cloud Backup Storage (TB)")
		}
	}
	// A partner company: no contract, must not show up as a customer with lines.
	d.Companies = append(d.Companies, Company{
		ID: demoPartnerID, CompanyName: "Lakeshore IT Partners", CompanyNumber: "P00090", CompanyType: CompanyTypePartner,
		IsActive: true, City: "Portland", State: "OR", OwnerResourceID: 29682885,
		CreateDate: Stamp(stamp(today, 800, 9*60)), LastTrackedModifiedDateTime: Stamp(stamp(today, 75, 13*60)),
	})
	return d
}

// LargeDataset generates a deterministic database of the given size for benchmarks and
// paging tests: the same seed gives the same database. Contracts run for a year from a
// month in the last year, belong to random companies, and services to random contracts;
// only the unit periods of this month and the next two are generated.
func LargeDataset(seed uint64, companies, contracts, contractServices int, today time.Time) *Dataset {
	today = today.UTC()
	rng := sim.Rand(seed)
	d := &Dataset{Services: services(today)}
	b := &builder{d: d, nextCS: 50000001, nextUnit: 60000001, from: firstOfMonth(today, 0), to: firstOfMonth(today, 2)}
	randStamp := func() string {
		return Stamp(stamp(today, 1+rng.IntN(365), rng.IntN(24*60)).Add(time.Duration(rng.IntN(60)) * time.Second))
	}
	for i := range companies {
		typ := CompanyTypeCustomer
		switch r := rng.IntN(100); {
		case r < 5:
			typ = CompanyTypeProspect
		case r < 7:
			typ = CompanyTypeLead
		case r < 9:
			typ = CompanyTypeVendor
		case r < 10:
			typ = CompanyTypePartner
		case r < 12:
			typ = CompanyTypeCancellation
		}
		d.Companies = append(d.Companies, Company{
			ID: 30000001 + i, CompanyName: fmt.Sprintf("Company %d", i+1), CompanyNumber: fmt.Sprintf("L%06d", i+1),
			CompanyType: typ, IsActive: rng.IntN(100) >= 7, City: "Springfield", State: "OR",
			CreateDate: Stamp(stamp(today, 400+rng.IntN(2000), 9*60)), LastTrackedModifiedDateTime: randStamp(),
		})
	}
	if companies == 0 {
		contracts = 0
	}
	for i := range contracts {
		s := firstOfMonth(today, -rng.IntN(12))
		ct := Contract{
			ID: 40000001 + i, CompanyID: d.Companies[rng.IntN(len(d.Companies))].ID, ContractName: "Managed Services",
			ContractNumber: fmt.Sprintf("L-%06d", i+1), ContractType: ContractTypeRecurringService, ContractCategory: 1,
			Status: ContractStatusActive, StartDate: Date(s), EndDate: Date(s.AddDate(1, 0, -1)), LastModifiedDateTime: randStamp(),
		}
		switch r := rng.IntN(100); {
		case r < 5:
			ct.Status = ContractStatusInactive
		case r < 10:
			ct.ContractType = ContractTypeBlockHours
			ct.ContractName = "Block Hours"
		}
		d.Contracts = append(d.Contracts, ct)
	}
	if contracts == 0 {
		contractServices = 0
	}
	products := sim.DemoProducts()
	for range contractServices {
		ct := d.Contracts[rng.IntN(len(d.Contracts))]
		k := rng.IntN(len(products) + 3)
		units := float64(rng.IntN(60))
		if k < len(products) {
			p := products[k]
			b.addService(ct, serviceLicence+k, units, p.UnitPrice, p.UnitCost, p.PSAName)
			continue
		}
		svc := []struct {
			id          int
			price, cost float64
			name        string
		}{{serviceWorkstat, 45, 0, "Managed Workstation"}, {serviceServer, 150, 0, "Managed Server"}, {serviceBackupTB, 80, 35, "Cloud Backup Storage (TB)"}}[k-len(products)]
		b.addService(ct, svc.id, units, svc.price, svc.cost, svc.name)
	}
	return d
}
