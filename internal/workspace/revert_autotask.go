package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// autotaskRevertPreview reads Autotask for the revert of an Autotask push: the units the
// contract service bills on the counter-adjustment's date (or the service's unitCost), and
// says for which days the pushed count still bills, since an Autotask adjustment cannot be
// undone, only followed by another one on a later day.
func (w *Workspace) autotaskRevertPreview(ctx context.Context, in store.Integration, rp revertPlan, orig reconcile.Write) (revertPlan, error) {
	rev := rp.write
	writer, err := w.psaWriter(ctx, in)
	if err != nil {
		return cannotCheck(rp, in, err), nil
	}
	at, ok := writer.(push.AutotaskWriter)
	if !ok {
		rp.refusal = fmt.Sprintf("%q is no longer an Autotask integration: change it in its PSA", in.Name)
		rp.preview.Message = rp.refusal
		return rp, nil
	}
	if rev.Kind == reconcile.WriteCost {
		body, err := at.Service(ctx, rev.ProductID)
		if err != nil {
			return cannotCheck(rp, in, err), nil
		}
		current, err := push.FieldNumber(body, rev.Field)
		if err != nil {
			return cannotCheck(rp, in, fmt.Errorf("Autotask's service %s: %w", rev.ProductID, err)), nil
		}
		rp.checked, rp.preview.Current = true, current.String()
		if !push.SameNumber(current, rev.Expected) {
			rp.preview.Changed = true
			rp.preview.Message = fmt.Sprintf("Autotask's service %s now costs %s, not the %s push %d wrote: someone changed it since, and reverting sets it to %s",
				rev.ProductID, current, rev.Expected, rp.entry.ID, rev.Target)
			return rp, nil
		}
		rp.preview.Message = fmt.Sprintf("Autotask's service %s still costs %s from push %d: reverting sets it back to %s", rev.ProductID, current, rp.entry.ID, rev.Target)
		return rp, nil
	}
	u, err := push.ReadAutotaskUnits(ctx, at, push.AutotaskUnitsQuery{ContractID: rev.AgreementID, ServiceID: rev.ProductID, ContractServiceID: rev.LineID, On: rev.Effective.String()})
	if err != nil {
		return cannotCheck(rp, in, err), nil
	}
	if u.ContractServiceID == "" {
		rp.refusal = fmt.Sprintf("contract %q has no %s in Autotask any more: there is nothing to counter-adjust", rev.AgreementName, serviceName(rp))
		rp.preview.Message = rp.refusal
		return rp, nil
	}
	current := strconv.FormatInt(u.Units, 10)
	rp.checked, rp.preview.Current = true, current
	pushed := reconcile.AutotaskBilledDays(orig.Effective, rev.Effective, qtyOf(orig.Target))
	if !push.SameNumber(json.Number(current), rev.Expected) {
		rp.preview.Changed = true
		rp.preview.Message = fmt.Sprintf("Autotask now bills %s units on %s, not the %s push %d wrote: someone changed it since, and reverting sets it to %s from %s (%s)",
			current, rev.Effective, rev.Expected, rp.entry.ID, rev.Target, rev.Effective, pushed)
		return rp, nil
	}
	rp.preview.Message = fmt.Sprintf("Autotask bills %s units on %s from push %d: reverting counter-adjusts it to %s from %s, the earliest day Autotask takes (%s)",
		current, rev.Effective, rp.entry.ID, rev.Target, rev.Effective, pushed)
	return rp, nil
}

// rebaseAutotaskRevert re-plans a confirmed Autotask revert from what Autotask bills now, so
// its delta ends at the units from before the push.
func rebaseAutotaskRevert(rp revertPlan) (reconcile.Write, error) {
	wr := rp.write
	if wr.Kind == reconcile.WriteCost {
		wr.Expected = json.RawMessage(rp.preview.Current)
		return wr, nil
	}
	current, err := parseQty(rp.preview.Current)
	if err != nil {
		return reconcile.Write{}, inputErr("push", fmt.Sprintf("Autotask's units %q cannot be read: sync and revert again", rp.preview.Current))
	}
	rb, err := reconcile.RebaseAutotaskUnits(wr, current)
	if err != nil {
		return reconcile.Write{}, inputErr("push", err.Error())
	}
	return rb, nil
}

// cannotCheck refuses a revert while the PSA cannot be read.
func cannotCheck(rp revertPlan, in store.Integration, err error) revertPlan {
	rp.refusal = fmt.Sprintf("TrueUp cannot check what %s holds now (%s): revert when it answers", in.Name, connector.UserMessage(err))
	rp.preview.Message = rp.refusal
	return rp
}

func serviceName(rp revertPlan) string {
	if rp.decision.ProductName != "" {
		return rp.decision.ProductName
	}
	return "service " + rp.write.ProductID
}

// qtyOf reads a write's JSON number as a quantity (0 when it is not one).
func qtyOf(raw json.RawMessage) reconcile.Qty {
	var q reconcile.Qty
	_ = json.Unmarshal(raw, &q)
	return q
}
