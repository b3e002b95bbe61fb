package reconcile

// Cost Reconciliation: what the vendors charge for a PSA catalog product against the cost
// the catalog holds (PlanCost pushes a new cost).

// CostRow compares a PSA catalog product's cost with what the vendors charge for it.
type CostRow struct {
	PSAIntegration string
	ProductID      string
	ProductName    string
	CatalogCost    Money
	// VendorCost is the unit cost that carries the most seats (ties: the lower cost), a
	// price the vendor really charges, unlike an average of several terms.
	VendorCost    Money
	Seats         Qty
	Subscriptions int
	Drift         bool
}

type costBuild struct {
	seats map[Money]Qty
	subs  int
}

// mode is the unit cost carrying the most seats; ties go to the lower cost.
func (c *costBuild) mode() (Money, Qty) {
	var best Money
	var seats Qty = -1
	var total Qty
	for m, q := range c.seats {
		total += q
		if q > seats || (q == seats && m < best) {
			best, seats = m, q
		}
	}
	return best, total
}

// modeCost is the unit cost carrying the most seats of sources; ties go to the lower cost.
// Cards have a handful of sources, so a quadratic scan beats a map.
func modeCost(sources []VendorSource) Money {
	var best Money
	var seats Qty = -1
	for _, s := range sources {
		var q Qty
		for _, t := range sources {
			if t.UnitCost == s.UnitCost {
				q += t.Quantity
			}
		}
		if q > seats || (q == seats && s.UnitCost < best) {
			best, seats = s.UnitCost, q
		}
	}
	return best
}
