package workspace

import (
	"context"
	"fmt"
	"strings"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// decision is the stored form of an approval, with what the ledger shows of it as it is now:
// later renames do not rewrite history.
func (snap *snapshot) decision(a approval, note, user string) store.Decision {
	card := a.card
	d := snap.decisionOf(card, store.ActionApprove, note, user)
	d.Automatic = a.automatic
	if a.acknowledge {
		d.Action = store.ActionAcknowledge
		return d
	}
	d.TargetQuantity = a.quantity().String()
	d.EffectiveDate = a.plan.Effective.Date.String()
	if len(a.plan.Writes) > 0 {
		w := a.plan.Writes[0]
		d.AgreementID, d.AgreementName, d.LineID = w.AgreementID, w.AgreementName, w.LineID
	}
	return d
}

// decisionOf is a decision on card without a write.
func (snap *snapshot) decisionOf(card *reconcile.Card, action store.Action, note, user string) store.Decision {
	d := store.Decision{CardID: card.ID, Cycle: snap.Cycle.String(), Action: action, VendorQuantity: card.VendorQuantity.String(),
		PSAQuantity: card.PSAQuantity.String(), Note: strings.TrimSpace(note), OSUser: user,
		PSAIntegrationID: parseIntegrationKey(card.PSAIntegration), AccountID: card.PSAAccountID, AccountName: card.AccountName,
		ProductID: card.PSAProductID, ProductName: card.ProductName, Vendors: []string{}}
	if t := card.Target; t != nil {
		d.AgreementID, d.AgreementName, d.LineID = t.AgreementID, t.AgreementName, t.LineID
	}
	for _, id := range snap.cardVendors(card) {
		d.Vendors = append(d.Vendors, snap.Integrations[id].Name)
	}
	return d
}

// cards resolves card ids (repeats count once). Unknown ids are one InputError naming all
// of them, so a typo records nothing.
func (snap *snapshot) cards(ids []string) ([]*reconcile.Card, error) {
	if len(ids) == 0 {
		return nil, inputErr("card_ids", "no card given: `trueup cards` lists the ids")
	}
	var out []*reconcile.Card
	var unknown []string
	seen := map[string]bool{}
	for _, id := range ids {
		card, err := snap.card(id)
		if err != nil {
			unknown = append(unknown, strings.TrimSpace(id))
			continue
		}
		if !seen[card.ID] {
			seen[card.ID] = true
			out = append(out, card)
		}
	}
	if len(unknown) > 0 {
		return nil, inputErr("card_ids", fmt.Sprintf("there is no card %s in %s: `trueup cards --all` lists this cycle's cards; nothing was recorded",
			strings.Join(unknown, ", "), snap.Cycle))
	}
	return out, nil
}

// Dismiss leaves the cards as they are this cycle: each is hidden until the next cycle, or
// until either quantity changes (then it comes back, flagged changed_since_dismissed).
// Every id is checked before anything is recorded.
func (c *Cards) Dismiss(ctx context.Context, cardIDs []string, note string) error {
	snap, err := c.w.snapshot(ctx)
	if err != nil {
		return err
	}
	cards, err := snap.cards(cardIDs)
	if err != nil {
		return err
	}
	for _, card := range cards {
		if err := decidable(card); err != nil {
			return err
		}
	}
	user := osUser()
	for _, card := range cards {
		if _, _, err := c.w.store.Approve(ctx, snap.decisionOf(card, store.ActionDismiss, note, user), nil); err != nil {
			return err
		}
	}
	return nil
}

// Acknowledge marks No Change and No vendor data cards as seen (nothing is pushed) and returns how many it
// acknowledged; cards already acknowledged this cycle are left as they are. Any other card
// is refused before anything is recorded.
func (c *Cards) Acknowledge(ctx context.Context, cardIDs []string) (int, error) {
	snap, err := c.w.snapshot(ctx)
	if err != nil {
		return 0, err
	}
	cards, err := snap.cards(cardIDs)
	if err != nil {
		return 0, err
	}
	var todo []*reconcile.Card
	for _, card := range cards {
		switch {
		case card.State != reconcile.StateNoChange && card.State != reconcile.StateNoVendorData:
			return 0, inputErr("card_ids", fmt.Sprintf("card %s (%s, %s) is %s, not no_change or no_vendor_data: approve or dismiss it instead; nothing was recorded",
				card.ID, card.AccountName, card.ProductName, card.State))
		case card.Decision == reconcile.DecisionAcknowledged:
		case card.Decision != reconcile.DecisionOpen:
			return 0, decidable(card)
		default:
			todo = append(todo, card)
		}
	}
	user := osUser()
	for _, card := range todo {
		if _, _, err := c.w.store.Approve(ctx, snap.decisionOf(card, store.ActionAcknowledge, "", user), nil); err != nil {
			return 0, err
		}
	}
	return len(todo), nil
}

// BulkApprove approves the selected cards with their vendor quantities. Large changes are
// left out unless listed in Confirmed; No Change cards are acknowledged; cards with nothing
// to approve, already decided, or that need a choice (New Revenue needs an agreement) are
// skipped with the reason. Every approval is stored before the pushes are sent, together.
func (c *Cards) BulkApprove(ctx context.Context, req BulkApproveRequest) (BulkApproveResult, error) {
	snap, err := c.w.snapshot(ctx)
	if err != nil {
		return BulkApproveResult{}, err
	}
	cards, err := snap.cards(req.CardIDs)
	if err != nil {
		return BulkApproveResult{}, err
	}
	confirmed := map[string]bool{}
	for _, id := range req.Confirmed {
		confirmed[strings.ToLower(strings.TrimSpace(id))] = true
	}
	selected := make([]reconcile.Card, len(cards))
	for i, card := range cards {
		selected[i] = *card
	}
	sel := reconcile.SelectBulkApprove(selected, confirmed)
	out := BulkApproveResult{Approved: []ApproveResult{}, Acknowledged: []string{}, Skipped: []SkippedCard{}}
	for _, s := range sel.Skipped {
		out.Skipped = append(out.Skipped, SkippedCard{CardID: s.Card.ID, Reason: s.Reason})
	}
	user := osUser()
	for _, card := range sel.Acknowledge {
		if _, _, err := c.w.store.Approve(ctx, snap.decisionOf(&card, store.ActionAcknowledge, req.Note, user), nil); err != nil {
			return out, err
		}
		out.Acknowledged = append(out.Acknowledged, card.ID)
	}
	var as []approval
	var results []ApproveResult
	var queued [][]store.OutboxEntry
	for _, sc := range sel.Approve {
		card, _ := snap.card(sc.ID)
		a, err := snap.approval(card, ApproveRequest{CardID: card.ID})
		if err != nil {
			out.Skipped = append(out.Skipped, SkippedCard{CardID: card.ID, Reason: err.Error()})
			continue
		}
		res, q, err := c.record(ctx, snap, a, req.Note, user)
		if IsInputError(err) {
			out.Skipped = append(out.Skipped, SkippedCard{CardID: card.ID, Reason: err.Error()})
			continue
		}
		if err != nil {
			return out, err
		}
		as, results, queued = append(as, a), append(results, res), append(queued, q)
	}
	out.Approved, err = c.send(ctx, as, results, queued)
	return out, err
}
