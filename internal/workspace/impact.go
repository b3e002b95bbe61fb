package workspace

import (
	"sort"
	"strconv"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// approvedChange is one card's approval that holds this cycle and what it does to the
// monthly revenue the PSA bills: what the Sanity check and the month's summary total.
type approvedChange struct {
	decision store.Decision
	card     *reconcile.Card // nil when the card is no longer in the cache
	delta    reconcile.Qty   // approved quantity - the PSA quantity the approval saw
	impact   reconcile.Money
}

// approvedChanges lists the approvals of the snapshot's cycle that still stand: the latest
// decision on their card (a later revert or dismissal replaces it) whose writes did not
// fail or stop in conflict. Queued ones count: they go out when the PSA answers.
func approvedChanges(snap *snapshot) ([]approvedChange, error) {
	latest := map[string]store.Decision{}
	var order []string
	for _, d := range snap.Decisions { // in the order they were made
		if d.CardID == "" || d.Action == store.ActionCost {
			continue
		}
		if _, seen := latest[d.CardID]; !seen {
			order = append(order, d.CardID)
		}
		latest[d.CardID] = d
	}
	stopped := stoppedDecisions(snap)
	cards := make(map[string]*reconcile.Card, len(snap.Result.Cards))
	for i := range snap.Result.Cards {
		cards[snap.Result.Cards[i].ID] = &snap.Result.Cards[i]
	}
	var out []approvedChange
	for _, id := range order {
		d := latest[id]
		if d.Action != store.ActionApprove || d.TargetQuantity == "" || stopped[d.ID] {
			continue
		}
		psa, err := parseQty(d.PSAQuantity)
		if err != nil {
			return nil, err
		}
		target, err := parseQty(d.TargetQuantity)
		if err != nil {
			return nil, err
		}
		ch := approvedChange{decision: d, card: cards[id], delta: target - psa}
		ch.impact = approvalImpact(ch.card, d.LineID, ch.delta, target)
		out = append(out, ch)
	}
	return out, nil
}

// stoppedDecisions are the decisions with a write that failed or stopped in conflict: the
// PSA did not take them, so they add no revenue.
func stoppedDecisions(snap *snapshot) map[int64]bool {
	out := map[int64]bool{}
	for _, e := range snap.Outbox {
		if e.State == store.OutboxFailed || e.State == store.OutboxConflict {
			out[e.DecisionID] = true
		}
	}
	return out
}

// approvalImpact is the change of billed monthly revenue of pushing delta seats onto the
// card's line lineID, as reconcile values a card (seats under lessIncluded do not bill). The
// approval may have landed already (the cached line holds the approved quantity, the card's
// PSA quantity is target) or not: either way the line's quantity before and after is known.
// A new line (New Revenue) bills every seat at the card's unit price.
func approvalImpact(c *reconcile.Card, lineID string, delta, target reconcile.Qty) reconcile.Money {
	if c == nil || delta == 0 {
		return 0 // no price left to value a card that is gone from the cache
	}
	for _, l := range c.PSALines {
		if l.LineID != lineID || lineID == "" || !l.Billable() {
			continue
		}
		before, after := l.Quantity, l.Quantity+delta
		if c.PSAQuantity == target {
			before, after = l.Quantity-delta, l.Quantity
		}
		billed := func(q reconcile.Qty) reconcile.Qty { return max(0, q-l.LessIncluded) }
		return l.UnitPrice.Times(billed(after) - billed(before))
	}
	return c.UnitPrice.Times(delta)
}

// vendorShares splits an impact between the vendor integrations that feed the card, by
// their seats on it, exactly: each gets the rounded-down share of its seats and the
// ten-thousandths left over go to the vendor with the most seats (then the first by name),
// so the shares always add up to the impact. A card no vendor counts (No vendor data) is
// put on the vendors its decision named, else on "" (no vendor).
func vendorShares(impact reconcile.Money, c *reconcile.Card, names map[int64]string, fallback []string) map[string]reconcile.Money {
	seats := map[string]reconcile.Qty{}
	if c != nil {
		for _, s := range c.VendorSources {
			id, _ := strconv.ParseInt(s.Integration, 10, 64)
			seats[names[id]] += s.Quantity
		}
	}
	if len(seats) == 0 {
		name := ""
		if len(fallback) > 0 {
			name = fallback[0]
		}
		return map[string]reconcile.Money{name: impact}
	}
	vendors := make([]string, 0, len(seats))
	var total reconcile.Qty
	for v, q := range seats {
		vendors = append(vendors, v)
		total += q
	}
	sort.Slice(vendors, func(i, j int) bool {
		if seats[vendors[i]] != seats[vendors[j]] {
			return seats[vendors[i]] > seats[vendors[j]]
		}
		return vendors[i] < vendors[j]
	})
	out := make(map[string]reconcile.Money, len(vendors))
	if total <= 0 {
		out[vendors[0]] = impact
		return out
	}
	sign, abs := reconcile.Money(1), impact
	if impact < 0 {
		sign, abs = -1, -impact
	}
	var given reconcile.Money
	for _, v := range vendors {
		// floor(abs × seats / total) in integers: Money and Qty are both int64 units.
		share := reconcile.Money(mulDiv(int64(abs), int64(seats[v]), int64(total)))
		out[v] = share
		given += share
	}
	out[vendors[0]] += abs - given
	for v := range out {
		out[v] *= sign
	}
	return out
}

// mulDiv is floor(a × b / c) for a, b >= 0 and c > 0 without overflowing for money-sized a.
func mulDiv(a, b, c int64) int64 {
	q, r := a/c, a%c
	return q*b + r*b/c
}
