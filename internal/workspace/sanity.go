package workspace

import (
	"context"
	"slices"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
)

// SanityCheck is step 7 of the month, the last look before the invoices go out: the
// increases approved this cycle, the New Revenue cards nobody actioned yet, this cycle's
// pushes, and the monthly revenue the cycle's approvals add and remove, in total and per
// vendor (the chart). Only approvals that still stand count (see approvedChanges): a
// reverted, failed or conflicting one adds nothing.
func (c *Cards) SanityCheck(ctx context.Context) (SanityCheck, error) {
	snap, err := c.w.snapshot(ctx)
	if err != nil {
		return SanityCheck{}, err
	}
	changes, err := approvedChanges(snap)
	if err != nil {
		return SanityCheck{}, err
	}
	out := SanityCheck{Cycle: snap.Cycle.String(), Increases: []CardDTO{}, NewRevenueOpen: []CardDTO{}, Pushes: []LedgerEntry{},
		ByVendor: []VendorImpact{}}

	all, err := c.List(ctx, CardQuery{All: true})
	if err != nil {
		return SanityCheck{}, err
	}
	byID := make(map[string]CardDTO, len(all.Cards))
	for _, card := range all.Cards {
		byID[card.ID] = card
		if card.State == string(reconcile.StateNewRevenue) && card.Decision == string(reconcile.DecisionOpen) {
			out.NewRevenueOpen = append(out.NewRevenueOpen, card)
		}
	}

	names := map[int64]string{}
	type bar struct{ added, removed reconcile.Money }
	bars := map[string]*bar{}
	for id, in := range snap.Integrations {
		names[id] = in.Name
		if snap.Roles[id] == connector.RoleVendor {
			bars[in.Name] = &bar{}
		}
	}
	var added, removed reconcile.Money
	for _, ch := range changes {
		if ch.delta > 0 {
			if card, ok := byID[ch.decision.CardID]; ok {
				out.Increases = append(out.Increases, approvedView(card, ch))
			}
		}
		if ch.impact > 0 {
			added += ch.impact
		} else {
			removed += ch.impact
		}
		for vendor, share := range vendorShares(ch.impact, ch.card, names, ch.decision.Vendors) {
			b := bars[vendor]
			if b == nil {
				b = &bar{}
				bars[vendor] = b
			}
			if share > 0 {
				b.added += share
			} else {
				b.removed += share
			}
		}
	}
	out.RevenueAdded, out.RevenueRemoved = added.String(), removed.String()
	for vendor, b := range bars {
		out.ByVendor = append(out.ByVendor, VendorImpact{Vendor: vendor, Added: b.added.String(), Removed: b.removed.String()})
	}
	slices.SortFunc(out.ByVendor, func(a, b VendorImpact) int {
		// "" (a card no vendor counts) goes last
		if (a.Vendor == "") != (b.Vendor == "") {
			if a.Vendor == "" {
				return 1
			}
			return -1
		}
		return strings.Compare(strings.ToLower(a.Vendor), strings.ToLower(b.Vendor))
	})

	ledger, err := c.w.Pushes().Ledger(ctx, LedgerQuery{Cycle: out.Cycle})
	if err != nil {
		return SanityCheck{}, err
	}
	for _, e := range ledger {
		if e.Kind == "push" {
			out.Pushes = append(out.Pushes, e)
		}
	}
	return out, nil
}

// approvedView is an approved increase as the sanity check lists it: the change that was
// approved (the PSA quantity the approval saw -> the approved quantity, and its impact),
// not the card as it is now, which reads "no difference" once the push has landed.
func approvedView(card CardDTO, ch approvedChange) CardDTO {
	card.PSAQuantity = ch.decision.PSAQuantity
	card.VendorQuantity = ch.decision.TargetQuantity
	card.Difference = ch.delta.String()
	card.MonthlyImpact = ch.impact.String()
	return card
}
