package reconcile

import (
	"fmt"
	"math/rand"
	"strconv"
)

// genInputs makes a seeded random workspace: accounts × products of one PSA, two vendors,
// with unmapped and excluded items, inactive subscriptions, DoNotBill lines and fractional
// quantities, so property tests and benchmarks see every path.
func genInputs(seed int64, lines, subs int) Inputs {
	r := rand.New(rand.NewSource(seed))
	accounts := max(1, lines/20)
	products := 40
	in := Inputs{Cycle: Cycle{2026, 12}, Today: Date{2026, 12, 14}}
	psa := "cw"
	vendors := []string{"pax8", "msft"}
	for a := 0; a < accounts; a++ {
		in.Accounts = append(in.Accounts, PSAAccount{Integration: psa, ID: strconv.Itoa(1000 + a), Name: fmt.Sprintf("Customer %05d", a)})
	}
	for p := 0; p < products; p++ {
		in.Catalog = append(in.Catalog, CatalogItem{Integration: psa, ID: strconv.Itoa(500 + p), Name: fmt.Sprintf("Product %02d", p),
			Cost: float64(r.Intn(3000)) / 100, Price: float64(r.Intn(5000)) / 100})
	}
	for _, v := range vendors {
		for a := 0; a < accounts*11/10; a++ { // 10% more vendor accounts than PSA ones: some unmapped
			switch {
			case a >= accounts:
				continue // unmapped
			case a%50 == 7:
				in.Mappings = append(in.Mappings, Mapping{VendorIntegration: v, Kind: KindAccount, VendorID: v + "-a" + strconv.Itoa(a), Excluded: true})
			default:
				// every 10th PSA account has a second vendor account (multi-site)
				in.Mappings = append(in.Mappings, Mapping{VendorIntegration: v, Kind: KindAccount, VendorID: v + "-a" + strconv.Itoa(a), PSAIntegration: psa, PSAID: strconv.Itoa(1000 + a - a%10*boolInt(a%10 == 3))})
			}
		}
		for p := 0; p < products+5; p++ {
			switch {
			case p >= products:
				continue // unmapped
			case p == 13:
				in.Mappings = append(in.Mappings, Mapping{VendorIntegration: v, Kind: KindProduct, VendorID: v + "-p" + strconv.Itoa(p), Excluded: true})
			case p >= 35:
				continue // PSA products no vendor maps to
			default:
				in.Mappings = append(in.Mappings, Mapping{VendorIntegration: v, Kind: KindProduct, VendorID: v + "-p" + strconv.Itoa(p), PSAIntegration: psa, PSAID: strconv.Itoa(500 + p)})
			}
		}
	}
	bills := []BillCustomer{Billable, Billable, Billable, Billable, Billable, Billable, DoNotBill, NoCharge, ""}
	for i := 0; i < lines; i++ {
		a, p := r.Intn(accounts), r.Intn(products)
		q := float64(r.Intn(60))
		if r.Intn(20) == 0 {
			q += 0.1 * float64(r.Intn(10))
		}
		in.Lines = append(in.Lines, PSALine{Integration: psa, LineID: strconv.Itoa(100000 + i), AgreementID: strconv.Itoa(7000 + a*2 + r.Intn(2)),
			AgreementName: fmt.Sprintf("Agreement %d", a), AccountID: strconv.Itoa(1000 + a), AccountName: fmt.Sprintf("Customer %05d", a),
			ProductID: strconv.Itoa(500 + p), ProductName: fmt.Sprintf("Product %02d", p), Quantity: q, LessIncluded: float64(r.Intn(3)),
			UnitPrice: float64(r.Intn(5000)) / 100, UnitCost: float64(r.Intn(3000)) / 100, BillCustomer: bills[r.Intn(len(bills))]})
	}
	for i := 0; i < subs; i++ {
		v := vendors[r.Intn(len(vendors))]
		a, p := r.Intn(accounts*11/10+1), r.Intn(products+5)
		q := float64(r.Intn(60))
		if r.Intn(20) == 0 {
			q += 0.1 * float64(r.Intn(10))
		}
		in.Subscriptions = append(in.Subscriptions, Subscription{Integration: v, ID: v + "-s" + strconv.Itoa(i), AccountID: v + "-a" + strconv.Itoa(a),
			AccountName: fmt.Sprintf("Vendor customer %d", a), ProductID: v + "-p" + strconv.Itoa(p), ProductName: fmt.Sprintf("SKU %d", p),
			Quantity: q, Active: r.Intn(10) != 0, Status: "Active", Term: []string{"Monthly", "Annual"}[r.Intn(2)], UnitCost: float64(r.Intn(3000)) / 100})
	}
	return in
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
