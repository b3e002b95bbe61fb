package reconcile

import (
	"time"
)

// fixture is a small realistic workspace: one ConnectWise PSA ("cw"), Pax8 and Microsoft
// as vendors, December 2026 reconciled on the 14th. It holds every card state and flag.
type fixtureData struct {
	in         Inputs
	agreements map[string]Agreement
	accounts   []Candidate // PSA companies, for suggestions
	unmapped   []VendorItem
	products   []Candidate // PSA catalog, for suggestions
	newSKUs    []VendorItem
}

func fixture() fixtureData {
	fetched := time.Date(2026, 12, 14, 8, 30, 0, 0, time.UTC)
	acct := func(vi, vid, psa string) Mapping {
		return Mapping{VendorIntegration: vi, Kind: KindAccount, VendorID: vid, PSAIntegration: "cw", PSAID: psa}
	}
	prod := func(vi, vid, psa string) Mapping {
		return Mapping{VendorIntegration: vi, Kind: KindProduct, VendorID: vid, PSAIntegration: "cw", PSAID: psa}
	}
	line := func(id, agr, agrName, account, accountName, product, productName string, qty, price, cost float64) PSALine {
		return PSALine{Integration: "cw", LineID: id, AgreementID: agr, AgreementName: agrName, AccountID: account, AccountName: accountName,
			ProductID: product, ProductName: productName, Quantity: qty, UnitPrice: price, UnitCost: cost, BillCustomer: Billable, FetchedAt: fetched}
	}
	sub := func(vi, id, account, accountName, product, productName string, qty, cost float64) Subscription {
		return Subscription{Integration: vi, ID: id, AccountID: account, AccountName: accountName, ProductID: product, ProductName: productName,
			Quantity: qty, Active: true, Status: "Active", Term: "Monthly", UnitCost: cost, FetchedAt: fetched}
	}
	const (
		bp, bb, exo, backup, def = "501", "502", "503", "504", "505"
	)
	lessIncluded := line("814", "9001", "Acme - Managed Services", "101", "Acme Dental", exo, "Exchange Online (Plan 1)", 12, 5.5, 4)
	lessIncluded.LessIncluded = 5
	doNotBill := line("852", "9005", "Summit - Cloud Services", "105", "Summit Accounting", bp, "Microsoft 365 Business Premium", 2, 0, 22)
	doNotBill.BillCustomer = DoNotBill
	annual := sub("pax8", "s-river2", "a-river2", "Riverside Eastside", "p-bp-annual", "Microsoft 365 Business Premium (annual)", 18, 20.9)
	annual.Term = "Annual"
	cancelled := sub("pax8", "s-acme-old", "a-acme", "Acme Dental Group LLC", "p-bp", "Microsoft 365 Business Premium", 3, 22)
	cancelled.Active, cancelled.Status = false, "Cancelled"

	in := Inputs{
		Cycle: Cycle{2026, 12}, Today: Date{2026, 12, 14},
		Mappings: []Mapping{
			acct("pax8", "a-acme", "101"), acct("pax8", "a-river1", "103"), acct("pax8", "a-river2", "103"),
			acct("pax8", "a-summit", "105"), acct("pax8", "a-pacific", "106"),
			{VendorIntegration: "pax8", Kind: KindAccount, VendorID: "a-msp", Excluded: true}, // the MSP's own tenant
			acct("msft", "m-north", "104"),
			prod("pax8", "p-bp", bp), prod("pax8", "p-bp-annual", bp), prod("pax8", "p-bb", bb), prod("pax8", "p-exo", exo),
			prod("pax8", "p-def", def), prod("msft", "m-bp", bp),
			{VendorIntegration: "pax8", Kind: KindProduct, VendorID: "p-trial", Excluded: true},
		},
		Lines: []PSALine{
			line("812", "9001", "Acme - Managed Services", "101", "Acme Dental", bp, "Microsoft 365 Business Premium", 25, 28, 22),
			line("813", "9001", "Acme - Managed Services", "101", "Acme Dental", bb, "Microsoft 365 Business Basic", 10, 8, 6),
			lessIncluded,
			line("815", "9001", "Acme - Managed Services", "101", "Acme Dental", def, "Defender for Business", 4, 4, 3),
			line("816", "9001", "Acme - Managed Services", "101", "Acme Dental", backup, "Managed Backup", 3, 50, 20),
			line("830", "9003", "Riverside - Cloud", "103", "Riverside Family Clinic", bp, "Microsoft 365 Business Premium", 40, 28, 22),
			line("840", "9004", "Northwind - MSA", "104", "Northwind Traders", bp, "Microsoft 365 Business Premium", 50, 27, 22),
			line("851", "9005", "Summit - Cloud Services", "105", "Summit Accounting", bp, "Microsoft 365 Business Premium", 8, 28, 22),
			doNotBill,
		},
		Subscriptions: []Subscription{
			sub("pax8", "s-acme-bp", "a-acme", "Acme Dental Group LLC", "p-bp", "Microsoft 365 Business Premium", 27, 22),
			cancelled,
			sub("pax8", "s-acme-bb", "a-acme", "Acme Dental Group LLC", "p-bb", "Microsoft 365 Business Basic", 10, 6),
			sub("pax8", "s-acme-exo", "a-acme", "Acme Dental Group LLC", "p-exo", "Exchange Online (Plan 1)", 10, 4),
			sub("pax8", "s-acme-teams", "a-acme", "Acme Dental Group LLC", "p-teams", "Teams Phone Standard", 5, 8),
			sub("pax8", "s-river1", "a-river1", "Riverside Family Clinic", "p-bp", "Microsoft 365 Business Premium", 25, 22),
			annual,
			sub("msft", "m-north-bp", "m-north", "Northwind Traders", "m-bp", "Microsoft 365 Business Premium", 20, 21.5),
			sub("pax8", "s-summit-bp", "a-summit", "Summit Accounting", "p-bp", "Microsoft 365 Business Premium", 10, 22),
			sub("pax8", "s-pacific-def", "a-pacific", "Pacific Logistics", "p-def", "Defender for Business", 12, 3),
			sub("pax8", "s-pacific-exo", "a-pacific", "Pacific Logistics", "p-exo", "Exchange Online (Plan 1)", 3, 4),
			sub("pax8", "s-east-bp", "a-east", "Eastgate Property Mgmt", "p-bp", "Microsoft 365 Business Premium", 15, 22),
			sub("msft", "m-acme-bp", "m-acme", "ACME DENTAL, L.L.C.", "m-bp", "Microsoft 365 Business Premium", 2, 22),
			sub("pax8", "s-msp-bp", "a-msp", "Our MSP (internal)", "p-bp", "Microsoft 365 Business Premium", 6, 22),
			sub("pax8", "s-acme-trial", "a-acme", "Acme Dental Group LLC", "p-trial", "Copilot trial", 25, 0),
		},
		Accounts: []PSAAccount{
			{"cw", "101", "Acme Dental"}, {"cw", "102", "Eastgate Property Management"}, {"cw", "103", "Riverside Family Clinic"},
			{"cw", "104", "Northwind Traders"}, {"cw", "105", "Summit Accounting"}, {"cw", "106", "Pacific Logistics"},
		},
		Catalog: []CatalogItem{
			{"cw", bp, "Microsoft 365 Business Premium", 22, 28}, {"cw", bb, "Microsoft 365 Business Basic", 6, 8},
			{"cw", exo, "Exchange Online (Plan 1)", 4, 5.5}, {"cw", backup, "Managed Backup", 20, 50},
			{"cw", def, "Defender for Business", 3, 4}, {"cw", "506", "Microsoft Teams Phone Standard", 8, 10},
		},
		Notes: []AccountNote{{Integration: "cw", AccountID: "103", Text: "Two tenants: the main clinic and the Eastside site", Tags: []string{"multi-site"}}},
		Decisions: []Decision{
			// Summit's +2 was dismissed at the same numbers: it stays hidden this cycle.
			{CardID: CardID("cw", "105", bp), Cycle: Cycle{2026, 12}, State: DecisionDismissed, PSAQuantity: Units(8), VendorQuantity: Units(10),
				At: time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC), User: "sam"},
			// Acme's Exchange card was dismissed when the vendor showed 11: it now shows 10.
			{CardID: CardID("cw", "101", exo), Cycle: Cycle{2026, 12}, State: DecisionDismissed, PSAQuantity: Units(12), VendorQuantity: Units(11),
				At: time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC), User: "sam"},
			// A dismissal of last cycle does not count in this one.
			{CardID: CardID("cw", "104", bp), Cycle: Cycle{2026, 11}, State: DecisionDismissed, PSAQuantity: Units(50), VendorQuantity: Units(20)},
		},
		Detections: []Detection{
			// Riverside's change was seen on the 9th, when Pax8 was set to prorate.
			{CardID: CardID("cw", "103", bp), Cycle: Cycle{2026, 12}, DetectedOn: Date{2026, 12, 9}, Policy: PolicyDetected},
		},
		Settings: Settings{Billing: map[string]EffectivePolicy{"pax8": PolicyNextPeriod}},
	}
	agreements := map[string]Agreement{
		"9001": {Integration: "cw", ID: "9001", Name: "Acme - Managed Services", AccountID: "101", Start: Date{2025, 1, 1}},
		"9003": {Integration: "cw", ID: "9003", Name: "Riverside - Cloud", AccountID: "103", Prorates: true, Start: Date{2024, 6, 1}},
		"9004": {Integration: "cw", ID: "9004", Name: "Northwind - MSA", AccountID: "104", Start: Date{2023, 1, 1}, End: Date{2027, 6, 30}},
		"9005": {Integration: "cw", ID: "9005", Name: "Summit - Cloud Services", AccountID: "105", Start: Date{2025, 3, 1}},
		"9006": {Integration: "cw", ID: "9006", Name: "Pacific - Managed Services", AccountID: "106", Start: Date{2026, 1, 1}},
	}
	var companies []Candidate
	for _, a := range in.Accounts {
		companies = append(companies, Candidate{ID: a.ID, Name: a.Name})
	}
	var products []Candidate
	for _, p := range in.Catalog {
		products = append(products, Candidate{ID: p.ID, Name: p.Name, Identifiers: map[string][]string{"506": {"MCOEV"}}[p.ID]})
	}
	return fixtureData{in: in, agreements: agreements, accounts: companies, products: products,
		unmapped: []VendorItem{
			{Integration: "pax8", Kind: KindAccount, ID: "a-east", Name: "Eastgate Property Mgmt"},
			{Integration: "msft", Kind: KindAccount, ID: "m-acme", Name: "ACME DENTAL, L.L.C."},
		},
		newSKUs: []VendorItem{{Integration: "pax8", Kind: KindProduct, ID: "p-teams", Name: "Teams Phone Standard", Identifiers: []string{"MCOEV"}}},
	}
}
