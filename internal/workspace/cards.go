package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// List returns this cycle's cards that match q, with totals of the matching cards, how
// fresh each integration's data is and whether a sync is running. By default it lists the
// undecided cards of every state: No Change and No vendor data cards stay until they are
// acknowledged or dismissed. It reads only the cache.
func (c *Cards) List(ctx context.Context, q CardQuery) (CardList, error) {
	if err := checkCardQuery(q); err != nil {
		return CardList{}, err
	}
	snap, err := c.w.snapshot(ctx)
	if err != nil {
		return CardList{}, err
	}
	vendor := int64(0)
	if q.Vendor != "" {
		if vendor, err = snap.vendorByName(q.Vendor); err != nil {
			return CardList{}, err
		}
	}
	pushes := snap.cardPushes()
	out := CardList{Cycle: snap.Cycle.String(), Cards: []CardDTO{}, Totals: CardTotals{ByState: map[string]int{}}}
	var added, removed reconcile.Money
	for i := range snap.Result.Cards {
		card := &snap.Result.Cards[i]
		if !q.matches(card, snap, vendor) {
			continue
		}
		out.Cards = append(out.Cards, snap.cardDTO(card, pushes[card.ID]))
		out.Totals.ByState[string(card.State)]++
		if card.MonthlyImpact > 0 {
			added += card.MonthlyImpact
		} else {
			removed += card.MonthlyImpact
		}
	}
	out.Totals.Cards = len(out.Cards)
	out.Totals.RevenueAdded, out.Totals.RevenueRemoved = added.String(), removed.String()
	out.Freshness = snap.freshness(c.w)
	for _, f := range out.Freshness {
		out.SyncRunning = out.SyncRunning || f.Running
	}
	return out, nil
}

// checkCardQuery refuses filters that can match nothing because they are misspelt.
func checkCardQuery(q CardQuery) error {
	switch reconcile.CardState(q.State) {
	case "", reconcile.StateReconcile, reconcile.StateNewRevenue, reconcile.StateNoChange, reconcile.StateNoVendorData:
	default:
		return inputErr("state", fmt.Sprintf("card state %q is unknown: use reconcile, new_revenue, no_change or no_vendor_data", q.State))
	}
	switch q.Direction {
	case "", "increase", "decrease":
	default:
		return inputErr("direction", fmt.Sprintf("direction %q is unknown: use increase or decrease", q.Direction))
	}
	return nil
}

// matches applies the query's filters to one card; vendor is the resolved vendor filter.
func (q CardQuery) matches(card *reconcile.Card, snap *snapshot, vendor int64) bool {
	switch {
	case !q.All && card.Decision != reconcile.DecisionOpen:
		return false
	case q.State != "" && string(card.State) != q.State:
		return false
	case q.Direction == "increase" && card.Difference <= 0, q.Direction == "decrease" && card.Difference >= 0:
		return false
	case q.Account != "" && !containsFold(card.AccountName, q.Account):
		return false
	case q.Search != "" && !containsFold(card.AccountName, q.Search) && !containsFold(card.ProductName, q.Search):
		return false
	case vendor != 0 && !slices.Contains(snap.cardVendors(card), vendor):
		return false
	}
	return true
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(strings.TrimSpace(sub)))
}

// vendorByName resolves a vendor integration name (any case).
func (snap *snapshot) vendorByName(name string) (int64, error) {
	var names []string
	for id, in := range snap.Integrations {
		if snap.Roles[id] != connector.RoleVendor {
			continue
		}
		if strings.EqualFold(in.Name, strings.TrimSpace(name)) {
			return id, nil
		}
		names = append(names, in.Name)
	}
	slices.Sort(names)
	return 0, inputErr("vendor", fmt.Sprintf("there is no vendor integration named %q: use one of %s", name, quoteList(names)))
}

func quoteList(names []string) string {
	if len(names) == 0 {
		return "(none: add one with `trueup integrations add`)"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// cardVendors are the vendor integrations behind a card: those of its subscriptions, or,
// for a card without vendor data, those whose products map to its PSA product (the vendor
// that would count it).
func (snap *snapshot) cardVendors(card *reconcile.Card) []int64 {
	var ids []int64
	for _, s := range card.VendorSources {
		if id := parseIntegrationKey(s.Integration); !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		return ids
	}
	for _, m := range snap.Inputs.Mappings {
		if m.Kind == reconcile.KindProduct && !m.Excluded && m.PSAIntegration == card.PSAIntegration && m.PSAID == card.PSAProductID {
			if id := parseIntegrationKey(m.VendorIntegration); !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// cardPushes is the state of each card's latest outbox entry of this cycle; a revert that
// went out makes it "reverted" (the revert's own entry is pushed, the card's change is not).
func (snap *snapshot) cardPushes() map[string]string {
	cards := make(map[int64]string, len(snap.Decisions))
	reverts := map[int64]bool{}
	for _, d := range snap.Decisions {
		cards[d.ID] = d.CardID
		reverts[d.ID] = d.Action == store.ActionRevert
	}
	out := map[string]string{}
	latest := map[string]int64{}
	for _, e := range snap.Outbox {
		id, ok := cards[e.DecisionID]
		if ok && e.ID > latest[id] {
			state := string(e.State)
			if reverts[e.DecisionID] && e.State == store.OutboxPushed {
				state = string(store.OutboxReverted)
			}
			latest[id], out[id] = e.ID, state
		}
	}
	return out
}

// cardDTO is a card as the screens and `trueup cards --json` show it.
func (snap *snapshot) cardDTO(card *reconcile.Card, push string) CardDTO {
	dto := CardDTO{ID: card.ID, State: string(card.State), PSAIntegrationID: parseIntegrationKey(card.PSAIntegration),
		AccountName: card.AccountName, PSAAccountID: card.PSAAccountID, ProductName: card.ProductName, PSAProductID: card.PSAProductID,
		PSAQuantity: card.PSAQuantity.String(), VendorQuantity: card.VendorQuantity.String(), Difference: card.Difference.String(),
		UnitPrice: card.UnitPrice.String(), MonthlyImpact: card.MonthlyImpact.String(), VendorUnitCost: card.VendorUnitCost.String(),
		Margin: card.Margin.String(), Flags: make([]string, len(card.Flags)), Note: card.Note, Decision: string(card.Decision),
		Vendors: []string{}, PSALines: make([]CardLine, len(card.PSALines)), VendorSources: make([]CardSource, len(card.VendorSources)),
		Push: push}
	for i, f := range card.Flags {
		dto.Flags[i] = string(f)
	}
	if t := card.Terms; t != nil {
		dto.Terms = &CardTerms{Term: t.Term, BillingFrequency: t.Frequency, CommitmentEnd: t.CommitmentEnd.String(),
			AutoRenew: t.AutoRenew, RenewsSoon: t.RenewsSoon, AddOnOf: t.AddOnOf, RefundableUntil: fmtTime(t.RefundableUntil),
			RefundNote: t.RefundNote}
		if t.RefundableSeats > 0 {
			dto.Terms.RefundableSeats = t.RefundableSeats.String()
		}
	}
	for _, id := range snap.cardVendors(card) {
		dto.Vendors = append(dto.Vendors, snap.Integrations[id].Name)
	}
	for i := range card.PSALines {
		l := &card.PSALines[i]
		dto.PSALines[i] = CardLine{LineID: l.LineID, AgreementID: l.AgreementID, AgreementName: l.AgreementName,
			Quantity: l.Quantity.String(), LessIncluded: l.LessIncluded.String(), BillCustomer: string(l.BillCustomer),
			UnitPrice: l.UnitPrice.String(), Target: l == card.Target, FetchedAt: fmtTime(l.FetchedAt)}
	}
	for i, s := range card.VendorSources {
		id := parseIntegrationKey(s.Integration)
		dto.VendorSources[i] = CardSource{IntegrationID: id, Integration: snap.Integrations[id].Name, SubscriptionID: s.SubscriptionID,
			AccountID: s.AccountID, AccountName: s.AccountName, ProductID: s.ProductID, ProductName: s.ProductName,
			Quantity: s.Quantity.String(), Term: s.Term, UnitCost: s.UnitCost.String(), FetchedAt: fmtTime(s.FetchedAt)}
	}
	return dto
}

// freshness says, for every integration, when its data was last fetched, whether that was
// before this cycle began (reviewing last month's data is the seed's first pitfall) and
// whether a sync of it is running. PSA integrations come first, then by name.
func (snap *snapshot) freshness(w *Workspace) []Freshness {
	out := []Freshness{}
	start := snap.Cycle.Start()
	for id, in := range snap.Integrations {
		f := Freshness{IntegrationID: id, Integration: in.Name, Role: string(snap.Roles[id]), LastFetchedAt: fmtTime(in.LastFetchedAt)}
		f.Stale = in.LastFetchedAt.IsZero() || reconcile.DateOf(in.LastFetchedAt.In(w.opts.Location)).Before(start)
		if r, ok := snap.Runs[id]; ok {
			f.Running = r.Active()
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Freshness) int {
		if a.Role != b.Role {
			if a.Role == string(connector.RolePSA) {
				return -1
			}
			if b.Role == string(connector.RolePSA) {
				return 1
			}
		}
		return strings.Compare(strings.ToLower(a.Integration), strings.ToLower(b.Integration))
	})
	return out
}

// card finds a card of the snapshot by id.
func (snap *snapshot) card(id string) (*reconcile.Card, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	for i := range snap.Result.Cards {
		if snap.Result.Cards[i].ID == id {
			return &snap.Result.Cards[i], nil
		}
	}
	return nil, inputErr("card_id", fmt.Sprintf("there is no card %q in %s: `trueup cards --all` lists this cycle's cards (ids stay the same across syncs)", id, snap.Cycle))
}

// decisionsOf are the stored decisions of a card this cycle, in the order they were made.
func (snap *snapshot) decisionsOf(cardID string) []store.Decision {
	var out []store.Decision
	for _, d := range snap.Decisions {
		if d.CardID == cardID {
			out = append(out, d)
		}
	}
	return out
}
