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

// revertPlan is a push's compensating write and what the PSA holds now.
type revertPlan struct {
	entry    store.OutboxEntry
	decision store.Decision
	write    reconcile.Write
	preview  RevertPreview
	// checked: the PSA was read now; refusal: why Revert cannot go ahead whatever the user
	// confirms ("" when it can).
	checked bool
	refusal string
}

// RevertPreview says exactly what reverting a pushed entry writes, and whether the PSA
// still holds what the push wrote: it reads the PSA now. Offline it says that it cannot
// check, and Revert waits until it can.
func (p *Pushes) RevertPreview(ctx context.Context, pushID int64) (RevertPreview, error) {
	rp, err := p.w.planRevert(ctx, pushID)
	if err != nil {
		return RevertPreview{}, err
	}
	return rp.preview, nil
}

// Revert records a revert decision with its compensating write (the PATCH back, the
// DELETE of a line the push added, or Autotask's counter-adjustment) in one transaction and sends it; once it is pushed, the original entry reads reverted. It is refused while the
// PSA cannot be read, and when the PSA no longer holds what the push wrote unless
// confirmChanged (then the revert writes over the newer value, from what the PSA holds now).
func (p *Pushes) Revert(ctx context.Context, pushID int64, confirmChanged bool) (ApproveResult, error) {
	w := p.w
	rp, err := w.planRevert(ctx, pushID)
	if err != nil {
		return ApproveResult{}, err
	}
	if rp.refusal != "" {
		return ApproveResult{}, inputErr("push", rp.refusal)
	}
	wr := rp.write
	if rp.preview.Changed {
		if !confirmChanged {
			return ApproveResult{}, inputErr("confirm", rp.preview.Message+": confirm to revert anyway")
		}
	}
	switch {
	case rp.preview.Changed && reconcile.PSAOf(wr.PSA) == connector.KindAutotask:
		// A counter-adjustment is a delta: re-planned from what Autotask bills now.
		if wr, err = rebaseAutotaskRevert(rp); err != nil {
			return ApproveResult{}, err
		}
	case rp.preview.Changed && wr.Method == "PATCH":
		// The PSA's current value is the pre-image now: the push reads it before writing.
		wr.Expected = json.RawMessage(rp.preview.Current)
		wr.Preview = fmt.Sprintf("%s (the PSA held %s, not the %s the push wrote: you confirmed)", wr.Preview, rp.preview.Current, rp.write.Expected)
	}
	body, err := json.Marshal(wr)
	if err != nil {
		return ApproveResult{}, err
	}
	o := rp.decision
	before, after := string(wr.Expected), string(wr.Target)
	if wr.Method == "DELETE" {
		// The line's seats go: from what ConnectWise holds now to none.
		before, after = "", "0"
		if _, err := parseQty(rp.preview.Current); err == nil {
			before = rp.preview.Current
		}
	}
	d := store.Decision{CardID: o.CardID, Cycle: o.Cycle, Action: store.ActionRevert, VendorQuantity: o.VendorQuantity,
		PSAQuantity: before, TargetQuantity: after, OSUser: osUser(), PSAIntegrationID: rp.entry.IntegrationID,
		AccountID: o.AccountID, AccountName: o.AccountName, ProductID: o.ProductID, ProductName: o.ProductName,
		AgreementID: o.AgreementID, AgreementName: o.AgreementName, LineID: o.LineID, EffectiveDate: o.EffectiveDate,
		Vendors: o.Vendors, RevertOf: rp.entry.ID, Note: fmt.Sprintf("revert of push %d", rp.entry.ID)}
	dec, entries, err := w.store.Approve(ctx, d, []store.NewOutboxEntry{{IntegrationID: rp.entry.IntegrationID, Key: wr.Key, Write: body}})
	if errors.Is(err, store.ErrDuplicateKey) {
		return ApproveResult{}, inputErr("push", fmt.Sprintf("push %d is already being reverted: see its revert in `trueup ledger`", pushID))
	}
	if err != nil {
		return ApproveResult{}, err
	}
	res := ApproveResult{CardID: o.CardID, DecisionID: dec.ID, Decision: string(store.ActionRevert), Writes: []PlannedWrite{revertWriteDTO(wr)}}
	res.Pushes, err = p.Send(ctx, []int64{entries[0].ID})
	res.Message = revertMessage(pushID, res.Pushes)
	return res, err
}

func revertMessage(pushID int64, pushes []PushEntry) string {
	if len(pushes) == 0 {
		return fmt.Sprintf("The revert of push %d is queued.", pushID)
	}
	switch e := pushes[0]; e.State {
	case string(store.OutboxPushed):
		return fmt.Sprintf("Push %d is reverted: %s holds the value from before it.", pushID, orDefault(e.Integration, "the PSA"))
	case string(store.OutboxQueued), string(store.OutboxSending):
		return fmt.Sprintf("The revert of push %d waits in the outbox and goes out when %s answers: %s", pushID, orDefault(e.Integration, "the PSA"), e.LastError)
	default:
		return fmt.Sprintf("The revert of push %d is %s: %s", pushID, e.State, e.LastError)
	}
}

// planRevert builds the compensating write of a pushed entry and reads the PSA.
func (w *Workspace) planRevert(ctx context.Context, pushID int64) (revertPlan, error) {
	e, err := w.store.OutboxEntry(ctx, pushID)
	if errors.Is(err, store.ErrNotFound) {
		return revertPlan{}, inputErr("push", fmt.Sprintf("there is no push %d: `trueup ledger` lists the pushes (kind push) with their ids", pushID))
	}
	if err != nil {
		return revertPlan{}, err
	}
	d, err := w.store.Decision(ctx, e.DecisionID)
	if err != nil {
		return revertPlan{}, err
	}
	switch {
	case d.Action == store.ActionRevert:
		return revertPlan{}, inputErr("push", fmt.Sprintf("push %d is itself a revert: approve the card again instead", pushID))
	case e.State == store.OutboxReverted:
		return revertPlan{}, inputErr("push", fmt.Sprintf("push %d is already reverted", pushID))
	case e.State != store.OutboxPushed:
		return revertPlan{}, inputErr("push", fmt.Sprintf("push %d is %s, not pushed: only a change that reached the PSA can be reverted", pushID, e.State))
	}
	var orig reconcile.Write
	if err := json.Unmarshal(e.Write, &orig); err != nil {
		return revertPlan{}, fmt.Errorf("push %d: its write cannot be read: %w", pushID, err)
	}
	created := ""
	if e.Answer != nil {
		created = e.Answer.RecordID
	}
	rev, err := reconcile.RevertWrite(orig, created, reconcile.Today(w.opts.Now(), w.opts.Location))
	if err != nil {
		return revertPlan{}, inputErr("push", err.Error())
	}
	if orig.InvoiceText != nil && e.Answer != nil && e.Answer.InvoiceTextBefore != nil {
		// The push gave the line a description from the template: the revert puts back the
		// one it had, which the ledger kept with the push's answer.
		if rev, err = reconcile.RestoreInvoiceText(rev, *e.Answer.InvoiceTextBefore); err != nil {
			return revertPlan{}, err
		}
	}
	rp := revertPlan{entry: e, decision: d, write: rev, preview: RevertPreview{PushID: pushID, Writes: []PlannedWrite{revertWriteDTO(rev)}}}
	in, err := w.store.Integration(ctx, e.IntegrationID)
	if err != nil {
		rp.refusal = fmt.Sprintf("the PSA integration of push %d was removed: make the change in the PSA", pushID)
		rp.preview.Message = rp.refusal
		return rp, nil
	}
	switch reconcile.PSAOf(rev.PSA) {
	case connector.KindAutotask:
		return w.autotaskRevertPreview(ctx, in, rp, orig)
	case connector.KindHaloPSA:
		return w.haloRevertPreview(ctx, in, rp, orig)
	}
	// What the push left in ConnectWise: the field it patched, or the quantity of the line
	// it created.
	field, wrote := rev.Field, rev.Expected
	if rev.Method == "DELETE" {
		field = "quantity"
		if _, after := writeValues(orig); after != "" {
			wrote = json.RawMessage(after)
		}
	}
	current, err := w.readField(ctx, in, rev.Path, field)
	if rev.Method == "DELETE" && errors.As(err, new(*connector.NotFoundError)) {
		rp.checked, rp.preview.Changed, rp.preview.Current = true, true, "gone"
		rp.preview.Message = fmt.Sprintf("ConnectWise no longer has addition %s, the line push %d added: someone removed it, and reverting only records it removed", rev.LineID, pushID)
		return rp, nil
	}
	if err != nil {
		rp.refusal = fmt.Sprintf("TrueUp cannot check what ConnectWise holds now (%s): revert when it answers", connector.UserMessage(err))
		rp.preview.Message = rp.refusal
		return rp, nil
	}
	rp.checked, rp.preview.Current = true, current.String()
	switch {
	case rev.Method == "DELETE" && !push.SameNumber(current, wrote):
		rp.preview.Changed = true
		rp.preview.Message = fmt.Sprintf("ConnectWise's addition %s now has quantity %s, not the %s push %d added: someone changed it since, and reverting removes the line anyway",
			rev.LineID, current, wrote, pushID)
	case rev.Method == "DELETE":
		rp.preview.Message = fmt.Sprintf("ConnectWise still has addition %s as push %d added it: reverting removes the line", rev.LineID, pushID)
	case !push.SameNumber(current, rev.Expected):
		rp.preview.Changed = true
		rp.preview.Message = fmt.Sprintf("ConnectWise now holds %s %s, not the %s push %d wrote: someone changed it since, and reverting sets it to %s",
			rev.Field, current, rev.Expected, pushID, rev.Target)
	default:
		rp.preview.Message = fmt.Sprintf("ConnectWise still holds %s %s from push %d: reverting sets it back to %s", rev.Field, current, pushID, rev.Target)
	}
	return rp, nil
}

// readField reads one numeric field of a PSA record now.
func (w *Workspace) readField(ctx context.Context, in store.Integration, path, field string) (json.Number, error) {
	writer, err := w.psaWriter(ctx, in)
	if err != nil {
		return "", err
	}
	psa, ok := writer.(push.PSA)
	if !ok {
		return "", fmt.Errorf("%q is not a ConnectWise integration: its record %s cannot be read", in.Name, path)
	}
	body, err := psa.Read(ctx, path)
	if err != nil {
		return "", err
	}
	n, err := push.FieldNumber(body, field)
	if err != nil {
		return "", fmt.Errorf("ConnectWise's record %s: %w", path, err)
	}
	return n, nil
}

// revertWriteDTO is a write as the previews show it.
func revertWriteDTO(wr reconcile.Write) PlannedWrite {
	return PlannedWrite{Kind: string(wr.Kind), Method: wr.Method, Path: wr.Path, Body: string(wr.Body), Preview: wr.Preview, AgreementName: wr.AgreementName}
}
