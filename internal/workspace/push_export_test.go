package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// What the push tests reach inside the workspace for.

// PushWorkers lists the integrations whose push workers run in this workspace.
func (w *Workspace) PushWorkers() []int64 {
	w.push.mu.Lock()
	defer w.push.mu.Unlock()
	var ids []int64
	for id := range w.push.workers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// QueuePlan records an approval of the card with the plan reconcile builds for it (the
// card's target line, the vendor quantity), as the Reconcile screen's Approve does, and
// returns the outbox entries it queued.
func (w *Workspace) QueuePlan(ctx context.Context, cardID string) ([]store.OutboxEntry, error) {
	snap, err := w.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range snap.Result.Cards {
		if c.ID != cardID {
			continue
		}
		req := reconcile.PlanRequest{Card: c, Cycle: snap.Cycle}
		switch {
		case c.State == reconcile.StateNewRevenue:
			// New Revenue goes to the account's first current agreement.
			ids := snap.AccountAgreements[agreementKey(c.PSAIntegration, c.PSAAccountID)]
			if len(ids) == 0 {
				return nil, fmt.Errorf("card %s: the account has no agreement", cardID)
			}
			req.Agreement = snap.Agreements[agreementKey(c.PSAIntegration, ids[0])]
		case c.Target != nil:
			req.Agreement = snap.Agreements[agreementKey(c.PSAIntegration, c.Target.AgreementID)]
		}
		plan, err := reconcile.BuildPlan(req)
		if err != nil {
			return nil, err
		}
		var entries []store.NewOutboxEntry
		for _, wr := range plan.Writes {
			b, err := json.Marshal(wr)
			if err != nil {
				return nil, err
			}
			entries = append(entries, store.NewOutboxEntry{IntegrationID: parseIntegrationKey(c.PSAIntegration), Key: wr.Key, Write: b})
		}
		d := store.Decision{CardID: c.ID, Cycle: snap.Cycle.String(), Action: store.ActionApprove, VendorQuantity: c.VendorQuantity.String(),
			PSAQuantity: c.PSAQuantity.String(), TargetQuantity: c.VendorQuantity.String(), OSUser: "dana",
			PSAIntegrationID: parseIntegrationKey(c.PSAIntegration), AccountID: c.PSAAccountID, AccountName: c.AccountName,
			ProductID: c.PSAProductID, ProductName: c.ProductName, EffectiveDate: plan.Effective.Date.String(), Vendors: []string{"Pax8"}}
		if len(plan.Writes) > 0 {
			d.AgreementID, d.AgreementName, d.LineID = plan.Writes[0].AgreementID, plan.Writes[0].AgreementName, plan.Writes[0].LineID
		}
		_, out, err := w.store.Approve(ctx, d, entries)
		return out, err
	}
	return nil, fmt.Errorf("no card %s", cardID)
}
