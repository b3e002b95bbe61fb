package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// haloRevertPreview reads HaloPSA now for the revert of a HaloPSA push: what the line (or the
// item) holds, against what the push wrote. When someone changed it since, the revert's
// pre-image becomes what Halo holds now, so a confirmed revert writes over that value rather
// than stopping as a conflict; Revert refuses it unless the user confirms.
func (w *Workspace) haloRevertPreview(ctx context.Context, in store.Integration, rp revertPlan, orig reconcile.Write) (revertPlan, error) {
	rev := rp.write
	current, err := w.haloCurrent(ctx, in, rev)
	if rev.Kind == reconcile.WriteRemoveLine && errors.As(err, new(*connector.NotFoundError)) {
		rp.checked, rp.preview.Changed, rp.preview.Current = true, true, "gone"
		rp.preview.Message = fmt.Sprintf("HaloPSA no longer has line %s, the line push %d added: someone removed it, and reverting only records it removed", rev.LineID, rp.entry.ID)
		return rp, nil
	}
	if errors.As(err, new(*connector.NotFoundError)) {
		rp.refusal = fmt.Sprintf("%s: there is nothing to set back; make the change in HaloPSA", err)
		rp.preview.Message = rp.refusal
		return rp, nil
	}
	if err != nil {
		rp.refusal = fmt.Sprintf("TrueUp cannot check what HaloPSA holds now (%s): revert when it answers", connector.UserMessage(err))
		rp.preview.Message = rp.refusal
		return rp, nil
	}
	rp.checked, rp.preview.Current = true, current.String()
	wrote := rev.Expected // what the push left: the pre-image of its revert
	switch {
	case rev.Kind == reconcile.WriteRemoveLine && !push.SameNumber(current, wrote):
		rp.preview.Changed = true
		rp.preview.Message = fmt.Sprintf("HaloPSA's line %s now has qty_order %s, not the %s push %d added: someone changed it since, and reverting removes the line anyway",
			rev.LineID, current, wrote, rp.entry.ID)
		rp.write.Expected = json.RawMessage(current.String()) // the ledger's before: the seats that go
	case rev.Kind == reconcile.WriteRemoveLine:
		rp.preview.Message = fmt.Sprintf("HaloPSA still has line %s as push %d added it: reverting removes it from recurring invoice %s, every other line as HaloPSA holds it then",
			rev.LineID, rp.entry.ID, rev.AgreementID)
	case !push.SameNumber(current, wrote):
		rp.preview.Changed = true
		rp.preview.Message = fmt.Sprintf("HaloPSA now holds %s %s, not the %s push %d wrote: someone changed it since, and reverting sets it to %s",
			rev.Field, current, wrote, rp.entry.ID, rev.Target)
		rp.write.Expected = json.RawMessage(current.String())
		rp.write.Preview = fmt.Sprintf("%s (HaloPSA held %s, not the %s the push wrote: you confirmed)", rev.Preview, current, wrote)
		rp.preview.Writes = []PlannedWrite{revertWriteDTO(rp.write)}
	default:
		rp.preview.Message = fmt.Sprintf("HaloPSA still holds %s %s from push %d: reverting sets it back to %s", rev.Field, current, rp.entry.ID, rev.Target)
	}
	return rp, nil
}

// haloCurrent reads the value a Halo revert changes, as Halo holds it now: the line's
// qty_order, or the item's costprice. A line no longer on its header is a NotFoundError.
func (w *Workspace) haloCurrent(ctx context.Context, in store.Integration, rev reconcile.Write) (json.Number, error) {
	writer, err := w.psaWriter(ctx, in)
	if err != nil {
		return "", err
	}
	hw, ok := writer.(push.HaloWriter)
	if !ok {
		return "", fmt.Errorf("%q is not a HaloPSA integration: its records cannot be read", in.Name)
	}
	if rev.Kind == reconcile.WriteCost {
		item, err := hw.ReadItem(ctx, rev.LineID)
		if err != nil {
			return "", err
		}
		return push.HaloItemCost(hw, item)
	}
	header, err := hw.ReadRecurringInvoice(ctx, rev.AgreementID)
	if err != nil {
		return "", err
	}
	line, found, err := push.HaloLineOf(header, rev.LineID)
	if err != nil {
		return "", fmt.Errorf("HaloPSA's recurring invoice %s: %w", rev.AgreementID, err)
	}
	if !found {
		return "", &connector.NotFoundError{What: fmt.Sprintf("line %s on HaloPSA's recurring invoice %s", rev.LineID, rev.AgreementID)}
	}
	return push.FieldNumber(line, rev.Field)
}
