package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// Costs is Cost Reconciliation (step 6): per mapped PSA product, what the vendors charge
// against the catalog's cost and price, with the margin, and the state of this cycle's
// cost push of it.
func (c *Cards) Costs(ctx context.Context) ([]CostRowDTO, error) {
	w := c.w
	snap, err := w.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	pushes, err := w.costPushes(ctx, snap.Cycle)
	if err != nil {
		return nil, err
	}
	prices := map[string]reconcile.Money{}
	for _, it := range snap.Inputs.Catalog {
		prices[agreementKey(it.Integration, it.ID)] = reconcile.MoneyOf(it.Price)
	}
	out := make([]CostRowDTO, 0, len(snap.Result.Costs))
	for _, r := range snap.Result.Costs {
		price := prices[agreementKey(r.PSAIntegration, r.ProductID)]
		margin := price - r.VendorCost
		row := CostRowDTO{PSAIntegrationID: parseIntegrationKey(r.PSAIntegration), ProductID: r.ProductID, ProductName: r.ProductName,
			CatalogCost: r.CatalogCost.String(), CatalogPrice: price.String(), VendorCost: r.VendorCost.String(), Margin: margin.String(),
			MarginPercent: percentOf(margin, price), Seats: r.Seats.String(), Subscriptions: r.Subscriptions, Drift: r.Drift,
			Push: pushes[agreementKey(r.PSAIntegration, r.ProductID)]}
		out = append(out, row)
	}
	return out, nil
}

// percentOf is part as a percentage of whole with two decimals, exactly rounded ("" when
// whole is 0).
func percentOf(part, whole reconcile.Money) string {
	if whole == 0 {
		return ""
	}
	return new(big.Rat).SetFrac64(int64(part)*100, int64(whole)).FloatString(2)
}

// costPushes is, per agreementKey(PSA integration, product id), the state of the latest
// cost push made in cycle.
func (w *Workspace) costPushes(ctx context.Context, cycle reconcile.Cycle) (map[string]string, error) {
	rows, err := w.store.Ledger(ctx, store.LedgerFilter{Since: w.cycleStart(cycle)})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range rows { // newest first: the first one of a product is its latest
		if r.Entry == nil || r.Decision.Action != store.ActionCost {
			continue
		}
		k := agreementKey(integrationKey(r.Decision.PSAIntegrationID), r.Decision.ProductID)
		if _, ok := out[k]; !ok {
			out[k] = string(r.Entry.State)
		}
	}
	return out, nil
}

// PushCost pushes the vendor cost of a mapped product to its PSA catalog item (PATCH
// /procurement/catalog/{id}) through the outbox and the ledger, like an approval; dryRun
// returns the exact write and changes nothing. psaIntegrationID may be 0 when one PSA has
// the product.
func (c *Cards) PushCost(ctx context.Context, psaIntegrationID int64, productID string, dryRun bool) (ApproveResult, error) {
	w := c.w
	productID = strings.TrimSpace(productID)
	if productID == "" {
		return ApproveResult{}, inputErr("product", "say which PSA catalog product to push the cost of: `trueup costs` lists them")
	}
	snap, err := w.snapshot(ctx)
	if err != nil {
		return ApproveResult{}, err
	}
	var rows []reconcile.CostRow
	for _, r := range snap.Result.Costs {
		if r.ProductID == productID && (psaIntegrationID == 0 || r.PSAIntegration == integrationKey(psaIntegrationID)) {
			rows = append(rows, r)
		}
	}
	switch {
	case len(rows) == 0:
		return ApproveResult{}, inputErr("product", fmt.Sprintf("no mapped vendor product maps to PSA product %s: `trueup costs` lists the ones that do", productID))
	case len(rows) > 1:
		return ApproveResult{}, inputErr("integration", fmt.Sprintf("PSA product %s is in more than one PSA integration: choose the integration", productID))
	}
	row := rows[0]
	plan, err := reconcile.PlanCost(row, connector.Kind(snap.Integrations[parseIntegrationKey(row.PSAIntegration)].Kind))
	if err != nil {
		return ApproveResult{}, inputErr("product", err.Error())
	}
	wr := plan.Writes[0]
	res := ApproveResult{Decision: string(store.ActionCost), Writes: []PlannedWrite{revertWriteDTO(wr)}, DryRun: dryRun}
	if dryRun {
		res.Message = "Nothing was changed: this is what the cost push writes."
		return res, nil
	}
	body, err := json.Marshal(wr)
	if err != nil {
		return ApproveResult{}, err
	}
	psaID := parseIntegrationKey(row.PSAIntegration)
	d := store.Decision{Action: store.ActionCost, PSAQuantity: row.CatalogCost.String(), TargetQuantity: row.VendorCost.String(),
		OSUser: osUser(), PSAIntegrationID: psaID, ProductID: row.ProductID, ProductName: row.ProductName}
	dec, entries, err := w.store.Approve(ctx, d, []store.NewOutboxEntry{{IntegrationID: psaID, Key: wr.Key, Write: body}})
	if errors.Is(err, store.ErrDuplicateKey) {
		return ApproveResult{}, inputErr("product", fmt.Sprintf("the cost %s of PSA product %s was pushed already: see `trueup ledger`", row.VendorCost, productID))
	}
	if err != nil {
		return ApproveResult{}, err
	}
	res.DecisionID = dec.ID
	res.Pushes, err = w.Pushes().Send(ctx, []int64{entries[0].ID})
	if len(res.Pushes) > 0 {
		switch e := res.Pushes[0]; e.State {
		case string(store.OutboxPushed):
			res.Message = fmt.Sprintf("Catalog item %s %q costs %s now.", row.ProductID, row.ProductName, row.VendorCost)
		case string(store.OutboxQueued), string(store.OutboxSending):
			res.Message = fmt.Sprintf("The cost push waits in the outbox and goes out when %s answers: %s", orDefault(e.Integration, "the PSA"), e.LastError)
		default:
			res.Message = fmt.Sprintf("The cost push is %s: %s", e.State, e.LastError)
		}
	}
	return res, err
}
