package sim

import "math"

// Licence is one product a demo customer really holds at the distributor, with the true
// quantity. The vendor simulators publish exactly these; the PSA simulators bill them with
// deliberate drift (see BilledQuantity) so the demo has things to reconcile.
type Licence struct {
	Product  DemoProduct
	Quantity int
}

// DemoLicences is the one rule both sides use to decide which products customer number i
// holds: everyone has the first product; others follow a fixed pattern over the index.
func DemoLicences(i int, c DemoCustomer) []Licence {
	if c.Seats == 0 {
		return nil
	}
	var out []Licence
	for p, prod := range DemoProducts() {
		if p != 0 && (i+p)%3 != 0 {
			continue
		}
		q := 1
		if prod.PerSeat > 0 {
			q = int(math.Max(1, math.Round(float64(c.Seats)*prod.PerSeat)))
		}
		out = append(out, Licence{Product: prod, Quantity: q})
	}
	return out
}

// BilledQuantity is what the demo PSA bills for licence l of customer c, number i: usually
// the true quantity, but every fourth customer is two seats under (missed adds), every
// seventh one over (missed removals), so Reconcile has real work; the LargeIncrease and
// LargeDecrease customers are LargeDrift off on their main licence.
func BilledQuantity(i int, c DemoCustomer, l Licence) int {
	if l.Product.PSAName == DemoProducts()[0].PSAName {
		switch c.Situation {
		case LargeIncrease:
			return l.Quantity - LargeDrift
		case LargeDecrease:
			return l.Quantity + LargeDrift
		}
	}
	switch {
	case i%4 == 1 && l.Quantity > 2:
		return l.Quantity - 2
	case i%7 == 3:
		return l.Quantity + 1
	}
	return l.Quantity
}

// VendorLicences is what demo customer number i holds at the distributor now, all active:
// nothing once it has left (Situation.Left: its subscriptions are cancelled there), else its
// DemoLicences, less the main licence for CancelledAtVendor (its subscription is cancelled
// there), plus the seats of DemoNewProduct it took.
func VendorLicences(i int, c DemoCustomer) []Licence {
	if c.Situation.Left() {
		return nil
	}
	var out []Licence
	for k, l := range DemoLicences(i, c) {
		if k == 0 && c.Situation == CancelledAtVendor {
			continue
		}
		out = append(out, l)
	}
	if n := DemoNewProductSeats(c); n > 0 {
		out = append(out, Licence{Product: DemoNewProduct(), Quantity: n})
	}
	return out
}
