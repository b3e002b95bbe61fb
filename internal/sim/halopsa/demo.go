package halopsa

import (
	"fmt"
	"math"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// Item ids: licence products follow sim.DemoProducts then sim.DemoNewProduct; the rest are
// the MSP's own services (the same catalogue as the ConnectWise demo tenant).
const (
	itemLicenceBase = 301
	itemWorkstation = 401
	itemBackupAppl  = 402
	itemBackupTB    = 403
	itemServer      = 404
	itemRetired     = 499
)

// DemoCompanyID is the Halo client id of demo customer number i (sim.DemoCustomers).
func DemoCompanyID(i int) int { return 101 + i }

// DemoCatalogID is the Item id of the demo licence product with PSA name psaName
// (sim.DemoProducts, then sim.DemoNewProduct).
func DemoCatalogID(psaName string) (int, bool) {
	for k, p := range append(sim.DemoProducts(), sim.DemoNewProduct()) {
		if p.PSAName == psaName {
			return itemLicenceBase + k, true
		}
	}
	return 0, false
}

// haloDate renders a civil date the way Halo sends dates (no zone).
func haloDate(t time.Time) string { return t.Format("2006-01-02") + "T00:00:00" }

func haloStamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }

func firstOfMonth(t time.Time, addMonths int) time.Time {
	return time.Date(t.Year(), t.Month()+time.Month(addMonths), 1, 0, 0, 0, 0, time.UTC)
}

// stamp returns a deterministic modified stamp in the months before today.
func stamp(today time.Time, daysAgo, minuteOfDay int) time.Time {
	d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -daysAgo).Add(time.Duration(minuteOfDay) * time.Minute)
}

func itemCode(name string) string {
	out := make([]rune, 0, len(name))
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z':
			out = append(out, r-'a'+'A')
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			out = append(out, r)
		case r == ' ' || r == '-':
			out = append(out, '-')
		}
	}
	if len(out) > 30 {
		out = out[:30]
	}
	return string(out)
}

// services are the MSP's own recurring services.
var services = []struct {
	id          int
	name        string
	price, cost float64
}{
	{itemWorkstation, "Managed Workstation", 45, 0},
	{itemBackupAppl, "Backup Appliance Lease", 150, 60},
	{itemBackupTB, "Cloud Backup Storage (TB)", 80, 35},
	{itemServer, "Managed Server", 150, 0},
}

// catalog is the Item list: one item per licence product (carrying the distributor's
// vendor SKU as supplier_part_code), the services, and one retired, inactive item.
func catalog(today time.Time) []Item {
	var out []Item
	for k, p := range append(sim.DemoProducts(), sim.DemoNewProduct()) {
		out = append(out, Item{
			ID: itemLicenceBase + k, Name: p.PSAName, Description: p.VendorName, InternalReference: itemCode(p.PSAName),
			SupplierPartCode: p.VendorSKU(), SupplierName: p.Vendor, BasePrice: p.UnitPrice, CostPrice: p.UnitCost,
			RecurringPrice: p.UnitPrice, RecurringCost: p.UnitCost, IsContractItem: true,
			LastModified: haloStamp(stamp(today, 40+k*17, 9*60+k*7)),
		})
	}
	for k, s := range services {
		out = append(out, Item{
			ID: s.id, Name: s.name, Description: s.name, InternalReference: itemCode(s.name), BasePrice: s.price,
			CostPrice: s.cost, RecurringPrice: s.price, RecurringCost: s.cost, IsContractItem: true,
			LastModified: haloStamp(stamp(today, 60+k*11, 10*60)),
		})
	}
	out = append(out, Item{
		ID: itemRetired, Name: "Spam Filtering (legacy)", Description: "Spam Filtering", InternalReference: "SPAM-FILTER-LEGACY",
		BasePrice: 2, CostPrice: 0.8, RecurringPrice: 2, RecurringCost: 0.8, Inactive: true,
		LastModified: haloStamp(stamp(today, 300, 9*60)),
	})
	return out
}

func itemByID(items []Item, id int) Item {
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	return Item{ID: id}
}

// DemoDataset is the demo workspace's Halo instance: the same MSP as the ConnectWise demo
// tenant (internal/sim/connectwise/dataset.go), with the same customers, agreements, lines,
// quantities and prices, so the demo shows the same cards whichever PSA it runs. Where
// Halo has no equivalent of a ConnectWise setting, the data says the same thing Halo's way:
//   - an agreement is a client contract with its recurring invoice (the invoice's lines are
//     what Halo bills); a cancelled agreement is an inactive contract whose invoice is
//     disabled, an expired one a contract whose end date has passed;
//   - Halo lines have no "less included" or "do not bill" setting: the included-seats
//     customer's line holds all its seats (the agreement's flat fee covers the included
//     ones in ConnectWise; TrueUp compares seats either way), the backup line all its
//     terabytes, and the unbilled technician seats and no-charge workstations are not
//     invoice lines;
//   - a prospect is a client without a contract, and the vendor-tagged company is not a
//     client (Halo keeps suppliers apart from clients);
//   - a cancelled line is an inactive line whose end date has passed.
func DemoDataset(today time.Time) *Dataset {
	today = today.UTC()
	d := &Dataset{Items: catalog(today)}
	start := firstOfMonth(today, -14)
	lastMonth := firstOfMonth(today, -1).AddDate(0, 0, 9)
	endLastMonth := firstOfMonth(today, 0).AddDate(0, 0, -1)
	nextMonth := firstOfMonth(today, 1)
	nextContract, nextInvoice, nextLine := 1001, 2001, 5001
	products := sim.DemoProducts()

	sites := map[string]int{}
	for _, st := range sim.DemoSites() {
		sites[st.Customer] += st.Billed
	}
	for i, c := range sim.DemoCustomers() {
		if c.Situation == sim.VendorTagged {
			continue
		}
		clientID := DemoCompanyID(i)
		d.Clients = append(d.Clients, Client{
			ID: clientID, Name: c.Name, Inactive: c.Situation == sim.InactiveCompany, TopLevelID: 1, TopLevelName: "Springfield MSP",
			CustomerType: 1, DateCreated: haloStamp(stamp(today, 700+i, 9*60)), PhoneNumber: fmt.Sprintf("541-555-%04d", 1000+i*17),
		})
		if c.Situation == sim.Prospect {
			continue
		}

		ct := Contract{
			ID: nextContract, ClientID: clientID, ClientName: c.Name, Ref: "Managed Services",
			StartDate: haloDate(start), Active: true, ContractStatus: "Active", BillingPeriod: 1,
			LastModified: haloStamp(stamp(today, 10+(i*29)%150, 7*60+(i*41)%600)),
		}
		inv := RecurringInvoice{
			ID: nextInvoice, ClientID: clientID, ClientName: c.Name, ContractID: ct.ID, ContractRef: ct.Ref,
			Reference: "Managed Services", StartDate: ct.StartDate, NextCreationDate: haloDate(nextMonth), Period: 1,
			LastModified: ct.LastModified,
		}
		switch c.Situation {
		case sim.ExpiredAgreement:
			ct.StartDate = haloDate(firstOfMonth(today, -25))
			ct.EndDate = haloDate(endLastMonth)
			ct.ContractStatus = "Expired"
			inv.StartDate, inv.EndDate = ct.StartDate, ct.EndDate
		case sim.FutureAgreement:
			ct.StartDate = haloDate(nextMonth)
			inv.StartDate = ct.StartDate
		case sim.CancelledAgreement:
			ct.Active = false
			ct.ContractStatus = "Cancelled"
			ct.EndDate = haloDate(lastMonth)
			inv.Disabled = true
		case sim.VendorOnly:
			ct.StartDate = haloDate(firstOfMonth(today, -1))
			inv.StartDate = ct.StartDate
		}
		nextContract++
		nextInvoice++

		addLine := func(inv *RecurringInvoice, l InvoiceLine) {
			l.ID, l.IHID, l.ContractID = nextLine, inv.ID, inv.ContractID
			nextLine++
			l.SequenceID = len(inv.Lines) + 1
			if l.StartDate == "" {
				l.StartDate = inv.StartDate
			}
			it := itemByID(d.Items, l.ItemID)
			l.ItemCode = it.InternalReference
			if l.ItemShortDescription == "" {
				l.ItemShortDescription = it.Name
			}
			l.BasePrice = it.BasePrice
			l.NetAmount = math.Round(l.QtyOrder*l.UnitPrice*100) / 100
			inv.Lines = append(inv.Lines, l)
		}
		for k, l := range sim.DemoLicences(i, c) {
			if c.Situation == sim.VendorOnly {
				break
			}
			q := float64(sim.BilledQuantity(i, c, l))
			if c.Situation == sim.ZeroQuantity && k == 1 {
				q = 0
			}
			if k == 0 {
				q += float64(sites[c.Name])
			}
			addLine(&inv, InvoiceLine{
				ItemID: itemLicenceBase + productIndex(products, l.Product.PSAName), QtyOrder: q,
				UnitPrice: l.Product.UnitPrice, UnitCost: l.Product.UnitCost,
			})
		}
		if c.Situation == sim.CancelledAddition {
			addLine(&inv, InvoiceLine{
				ItemID: itemLicenceBase, QtyOrder: 5, UnitPrice: products[0].UnitPrice, UnitCost: products[0].UnitCost,
				StartDate: haloDate(firstOfMonth(today, -8)), EndDate: haloDate(lastMonth), IsInactive: true,
			})
		}
		if i%6 != 2 { // the no-charge workstations of ConnectWise's demo are not billed here
			ws := float64(c.Seats)
			if ws == 0 {
				ws = 2
			}
			addLine(&inv, InvoiceLine{ItemID: itemWorkstation, QtyOrder: ws, UnitPrice: 45})
		}
		d.Contracts = append(d.Contracts, ct)
		d.Invoices = append(d.Invoices, inv)

		if c.Situation.Ordinary() && i%5 == 0 {
			bk := Contract{
				ID: nextContract, ClientID: clientID, ClientName: c.Name, Ref: "Backup & DR",
				StartDate: haloDate(firstOfMonth(today, -9)), Active: true, ContractStatus: "Active", BillingPeriod: 1,
				LastModified: haloStamp(stamp(today, 30+i, 15*60)),
			}
			binv := RecurringInvoice{
				ID: nextInvoice, ClientID: clientID, ClientName: c.Name, ContractID: bk.ID, ContractRef: bk.Ref,
				Reference: "Backup & DR", StartDate: bk.StartDate, NextCreationDate: haloDate(nextMonth), Period: 1,
				LastModified: bk.LastModified,
			}
			nextContract++
			nextInvoice++
			addLine(&binv, InvoiceLine{ItemID: itemBackupAppl, QtyOrder: 1, UnitPrice: 150, UnitCost: 60})
			addLine(&binv, InvoiceLine{ItemID: itemBackupTB, QtyOrder: float64(1 + c.Seats/20), UnitPrice: 80, UnitCost: 35})
			d.Contracts = append(d.Contracts, bk)
			d.Invoices = append(d.Invoices, binv)
		}
	}
	// A partner company: no contract, must not show up as a customer with lines.
	d.Clients = append(d.Clients, Client{ID: 90, Name: "Lakeshore IT Partners", TopLevelID: 1, TopLevelName: "Springfield MSP",
		CustomerType: 3, DateCreated: haloStamp(stamp(today, 800, 9*60))})
	return d
}

func productIndex(products []sim.DemoProduct, psaName string) int {
	for i, p := range products {
		if p.PSAName == psaName {
			return i
		}
	}
	return 0
}

// LargeDataset generates a deterministic instance of the given size for benchmarks and
// paging tests: the same seed gives the same instance. Each contract has one recurring
// invoice; lines belong to random invoices.
func LargeDataset(seed uint64, clients, contracts, lines int, today time.Time) *Dataset {
	today = today.UTC()
	rng := sim.Rand(seed)
	d := &Dataset{Items: catalog(today)}
	products := sim.DemoProducts()
	for i := range clients {
		d.Clients = append(d.Clients, Client{
			ID: 1000 + i, Name: fmt.Sprintf("Client %d %s", i+1, []string{"LLC", "Inc", "Group", "Co"}[rng.IntN(4)]),
			Inactive: rng.IntN(100) < 7, TopLevelID: 1, TopLevelName: "MSP",
			DateCreated: haloStamp(stamp(today, 400+rng.IntN(2000), 9*60)),
		})
	}
	if clients == 0 {
		contracts = 0
	}
	for i := range contracts {
		cl := d.Clients[rng.IntN(len(d.Clients))]
		ct := Contract{
			ID: 20000 + i, ClientID: cl.ID, ClientName: cl.Name, Ref: "Managed Services",
			StartDate: haloDate(firstOfMonth(today, -1-rng.IntN(48))), Active: rng.IntN(100) >= 4, ContractStatus: "Active",
			BillingPeriod: 1, LastModified: haloStamp(stamp(today, 1+rng.IntN(365), rng.IntN(24*60))),
		}
		if !ct.Active {
			ct.ContractStatus = "Cancelled"
		}
		d.Contracts = append(d.Contracts, ct)
		d.Invoices = append(d.Invoices, RecurringInvoice{
			ID: 40000 + i, ClientID: cl.ID, ClientName: cl.Name, ContractID: ct.ID, ContractRef: ct.Ref, Reference: ct.Ref,
			Disabled: rng.IntN(100) < 3, StartDate: ct.StartDate, NextCreationDate: haloDate(firstOfMonth(today, 1)), Period: 1,
			LastModified: ct.LastModified,
		})
	}
	if contracts == 0 {
		lines = 0
	}
	for i := range lines {
		inv := &d.Invoices[rng.IntN(len(d.Invoices))]
		l := InvoiceLine{ID: 100000 + i, IHID: inv.ID, ContractID: inv.ContractID, QtyOrder: float64(rng.IntN(60)),
			StartDate: inv.StartDate, IsInactive: rng.IntN(25) == 0, SequenceID: len(inv.Lines) + 1}
		if k := rng.IntN(len(products) + len(services)); k < len(products) {
			p := products[k]
			l.ItemID, l.ItemShortDescription, l.UnitPrice, l.UnitCost = itemLicenceBase+k, p.PSAName, p.UnitPrice, p.UnitCost
		} else {
			s := services[k-len(products)]
			l.ItemID, l.ItemShortDescription, l.UnitPrice, l.UnitCost = s.id, s.name, s.price, s.cost
		}
		l.ItemCode = itemCode(l.ItemShortDescription)
		l.BasePrice = l.UnitPrice
		l.NetAmount = math.Round(l.QtyOrder*l.UnitPrice*100) / 100
		inv.Lines = append(inv.Lines, l)
	}
	return d
}
