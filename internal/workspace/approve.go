package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// approval is an ApproveRequest checked against the snapshot: the card, and for a card with
// something to push, the plan the push will send.
type approval struct {
	card *reconcile.Card
	plan reconcile.Plan
	// acknowledge: the card is No Change, so approving it only records that it was seen.
	acknowledge bool
	large       bool
	agreements  []AgreementOption
	psaName     string
	// automatic: made by the automatic true-up, not a person (the ledger marks it).
	automatic bool
}

// what names the change in messages: "Eastgate Property Management, M365 Business Premium 25 -> 27".
func (a approval) what() string {
	return fmt.Sprintf("%s, %s %s -> %s", a.card.AccountName, a.card.ProductName, a.card.PSAQuantity, a.quantity())
}

// Preview says exactly what approving req would write: the writes of the plan the push
// sends (method, path, body bytes), the effective date and how the PSA bills it. For a
// New Revenue card without an agreement it lists the account's agreements to choose from
// and writes nothing yet.
func (c *Cards) Preview(ctx context.Context, req ApproveRequest) (ApprovePreview, error) {
	snap, err := c.w.snapshot(ctx)
	if err != nil {
		return ApprovePreview{}, err
	}
	card, err := snap.card(req.CardID)
	if err != nil {
		return ApprovePreview{}, err
	}
	agreements := snap.agreementOptions(card)
	if card.State == reconcile.StateNewRevenue && strings.TrimSpace(req.AgreementID) == "" {
		if len(agreements) == 0 {
			return ApprovePreview{}, noAgreementErr(card, snap.Integrations[parseIntegrationKey(card.PSAIntegration)].Name)
		}
		return ApprovePreview{CardID: card.ID, Writes: []PlannedWrite{}, Large: card.HasFlag(reconcile.FlagLargeChange), Agreements: agreements,
			Explanation: "choose the agreement to add the new line to"}, nil
	}
	a, err := snap.approval(card, req)
	if err != nil {
		return ApprovePreview{}, err
	}
	return a.preview(), nil
}

func (a approval) preview() ApprovePreview {
	p := ApprovePreview{CardID: a.card.ID, Writes: plannedWrites(a.plan), Large: a.large, Agreements: a.agreements}
	if a.acknowledge {
		p.Explanation = "no change: approving acknowledges the card and writes nothing"
		return p
	}
	p.Effective, p.Prorated, p.Explanation = a.plan.Effective.Date.String(), a.plan.Effective.Prorated, a.plan.Effective.Explanation
	return p
}

// plannedWrites are a plan's writes as the preview shows them.
func plannedWrites(p reconcile.Plan) []PlannedWrite {
	out := make([]PlannedWrite, len(p.Writes))
	for i, w := range p.Writes {
		out[i] = PlannedWrite{Kind: string(w.Kind), Method: w.Method, Path: w.Path, Body: string(w.Body), Preview: w.Preview,
			AgreementName: w.AgreementName}
		if w.InvoiceText != nil {
			out[i].InvoiceDescription, out[i].HasInvoiceDescription = *w.InvoiceText, true
		}
	}
	return out
}

// approval checks req against the card and builds its plan, with the same rules for
// Preview, Approve and a dry run.
func (snap *snapshot) approval(card *reconcile.Card, req ApproveRequest) (approval, error) {
	a := approval{card: card, large: card.HasFlag(reconcile.FlagLargeChange), agreements: snap.agreementOptions(card),
		psaName: snap.Integrations[parseIntegrationKey(card.PSAIntegration)].Name}
	switch card.State {
	case reconcile.StateNoChange:
		a.acknowledge = true
		return a, nil
	case reconcile.StateNoVendorData:
		return approval{}, inputErr("card_id", fmt.Sprintf("card %s (%s, %s) has no vendor data: no vendor counts these seats, so there is nothing to push. Check the mappings of the account and product, then acknowledge or dismiss the card",
			card.ID, card.AccountName, card.ProductName))
	}
	pr := reconcile.PlanRequest{Card: *card, Cycle: snap.Cycle, PSA: connector.Kind(snap.Integrations[parseIntegrationKey(card.PSAIntegration)].Kind)}
	var err error
	if pr.Invoice, err = snap.invoiceText(parseIntegrationKey(card.PSAIntegration)); err != nil {
		return approval{}, err
	}
	if q := strings.TrimSpace(req.Quantity); q != "" {
		n, err := parseQty(q)
		if err != nil || n < 0 || !n.IsWhole() {
			return approval{}, inputErr("quantity", fmt.Sprintf("quantity %q is not a whole number of seats >= 0: give a whole number such as %s", q, card.VendorQuantity))
		}
		pr.Quantity = &n
	}
	if e := strings.TrimSpace(req.Effective); e != "" {
		d, err := reconcile.ParseDate(e)
		if err != nil {
			return approval{}, inputErr("effective", fmt.Sprintf("effective date %q is not a calendar day: use YYYY-MM-DD, e.g. %s", e, snap.Cycle.Next().Start()))
		}
		pr.Effective = d
	}
	if card.State == reconcile.StateNewRevenue {
		pr.Agreement, err = snap.newLineAgreement(card, strings.TrimSpace(req.AgreementID), a.agreements)
	} else {
		pr.Agreement, err = snap.lineAgreement(&pr.Card, strings.TrimSpace(req.LineID), strings.TrimSpace(req.AgreementID))
	}
	if err != nil {
		return approval{}, err
	}
	if a.plan, err = reconcile.BuildPlan(pr); err != nil {
		return approval{}, inputErr("card_id", err.Error())
	}
	return a, nil
}

// newLineAgreement is the agreement a New Revenue line goes on: one of the account's current
// agreements.
func (snap *snapshot) newLineAgreement(card *reconcile.Card, id string, options []AgreementOption) (reconcile.Agreement, error) {
	if len(options) == 0 {
		return reconcile.Agreement{}, noAgreementErr(card, snap.Integrations[parseIntegrationKey(card.PSAIntegration)].Name)
	}
	if id == "" {
		return reconcile.Agreement{}, inputErr("agreement_id", fmt.Sprintf("card %s (%s, %s) is New Revenue: choose the agreement to add the line to with --agreement ID: %s",
			card.ID, card.AccountName, card.ProductName, agreementList(options)))
	}
	for _, o := range options {
		if o.ID == id {
			return snap.Agreements[agreementKey(card.PSAIntegration, id)], nil
		}
	}
	return reconcile.Agreement{}, inputErr("agreement_id", fmt.Sprintf("agreement %q is not a current agreement of %s: choose one of %s", id, card.AccountName, agreementList(options)))
}

func noAgreementErr(card *reconcile.Card, psaName string) error {
	return inputErr("agreement_id", fmt.Sprintf("%s has no current agreement in %s to add %s to: create one there, run a Quick Sync of the PSA, then approve", card.AccountName, orDefault(psaName, "the PSA"), card.ProductName))
}

func agreementList(options []AgreementOption) string {
	parts := make([]string, len(options))
	for i, o := range options {
		parts[i] = fmt.Sprintf("%s (%q)", o.ID, o.Name)
	}
	return strings.Join(parts, ", ")
}

// lineAgreement picks the line a quantity change patches. By default the card's target line;
// lineID picks another billable line of the card, agreementID the largest billable line on
// that agreement. It returns that line's agreement; card.Target moves to the line chosen.
func (snap *snapshot) lineAgreement(card *reconcile.Card, lineID, agreementID string) (reconcile.Agreement, error) {
	if lineID != "" {
		var line *reconcile.LineEvidence
		for i := range card.PSALines {
			if card.PSALines[i].LineID == lineID {
				line = &card.PSALines[i]
			}
		}
		switch {
		case line == nil:
			return reconcile.Agreement{}, inputErr("line_id", fmt.Sprintf("line %q is not one of the lines of card %s: `trueup cards --json` lists them under psa_lines", lineID, card.ID))
		case !line.Billable():
			return reconcile.Agreement{}, inputErr("line_id", fmt.Sprintf("line %s is set to %s in the PSA, so changing its quantity changes no bill: choose a billable line", lineID, line.BillCustomer))
		case agreementID != "" && agreementID != line.AgreementID:
			return reconcile.Agreement{}, inputErr("agreement_id", fmt.Sprintf("line %s is on agreement %s, not %s: give one of them", lineID, line.AgreementID, agreementID))
		}
		card.Target, agreementID = line, line.AgreementID
	}
	if agreementID == "" && card.Target != nil {
		agreementID = card.Target.AgreementID
	}
	if agreementID == "" {
		return reconcile.Agreement{}, nil // BuildPlan says what is missing
	}
	a, ok := snap.Agreements[agreementKey(card.PSAIntegration, agreementID)]
	if !ok {
		return reconcile.Agreement{}, inputErr("agreement_id", fmt.Sprintf("agreement %q is not in the cache: give one of the agreements the card's lines are on, or run a Full Sync of the PSA", agreementID))
	}
	return a, nil
}

// agreementOptions are the current agreements of the card's account.
func (snap *snapshot) agreementOptions(card *reconcile.Card) []AgreementOption {
	out := []AgreementOption{}
	for _, id := range snap.AccountAgreements[agreementKey(card.PSAIntegration, card.PSAAccountID)] {
		a := snap.Agreements[agreementKey(card.PSAIntegration, id)]
		out = append(out, AgreementOption{ID: a.ID, Name: a.Name, Prorates: a.Prorates})
	}
	return out
}

// Approve records the approval and the outbox entries of its writes in one transaction,
// then hands them to the push workers and waits for what became of them. A No Change card
// is acknowledged (nothing is written); a large change needs ConfirmLarge; DryRun returns
// the plan and stores nothing.
func (c *Cards) Approve(ctx context.Context, req ApproveRequest) (ApproveResult, error) {
	snap, err := c.w.snapshot(ctx)
	if err != nil {
		return ApproveResult{}, err
	}
	card, err := snap.card(req.CardID)
	if err != nil {
		return ApproveResult{}, err
	}
	if err := decidable(card); err != nil {
		return ApproveResult{}, err
	}
	a, err := snap.approval(card, req)
	if err != nil {
		return ApproveResult{}, err
	}
	if a.large && !req.ConfirmLarge && !req.DryRun {
		return ApproveResult{}, inputErr("confirm_large", fmt.Sprintf("card %s (%s, %s) is a large change (%s -> %s): check it, then approve it with --confirm-large",
			card.ID, card.AccountName, card.ProductName, card.PSAQuantity, a.quantity()))
	}
	return c.approve(ctx, snap, a, req.Note, req.DryRun, osUser())
}

// quantity is the PSA quantity the approval bills.
func (a approval) quantity() reconcile.Qty {
	if a.acknowledge {
		return a.card.PSAQuantity
	}
	return a.card.PSAQuantity + a.delta()
}

// delta is the change the plan's quantity write makes (the whole quantity for a new line).
func (a approval) delta() reconcile.Qty {
	for _, w := range a.plan.Writes {
		switch {
		case w.Kind == reconcile.WriteQuantity, w.Kind == reconcile.WriteNewLine && isNumber(w.Target):
			// A new line whose write names its before and after (an Autotask adjustment
			// that creates the contract service, a HaloPSA line: 0 -> the units).
			var before, after reconcile.Qty
			_ = json.Unmarshal(w.Expected, &before) // the plan wrote both as numbers
			_ = json.Unmarshal(w.Target, &after)
			return after - before
		case w.Kind == reconcile.WriteNewLine:
			var body struct {
				Quantity reconcile.Qty `json:"quantity"`
			}
			_ = json.Unmarshal(w.Body, &body)
			return body.Quantity
		}
	}
	return 0
}

// decidable refuses a card already decided this cycle: its decision holds until a quantity
// changes (then the card is open again) or the next cycle begins.
func decidable(card *reconcile.Card) error {
	if card.Decision == reconcile.DecisionOpen {
		return nil
	}
	return inputErr("card_id", fmt.Sprintf("card %s (%s, %s) is already %s this cycle: `trueup ledger` shows the decision; it opens again if a quantity changes",
		card.ID, card.AccountName, card.ProductName, card.Decision))
}

// approve stores a checked approval (unless dryRun) and sends its writes.
func (c *Cards) approve(ctx context.Context, snap *snapshot, a approval, note string, dryRun bool, user string) (ApproveResult, error) {
	if dryRun {
		res := a.result()
		res.DryRun, res.Message = true, a.dryRunMessage()
		return res, nil
	}
	res, queued, err := c.record(ctx, snap, a, note, user)
	if err != nil || len(queued) == 0 {
		return res, err
	}
	out, err := c.send(ctx, []approval{a}, []ApproveResult{res}, [][]store.OutboxEntry{queued})
	return out[0], err
}

// result is the approval's result before anything is stored or sent.
func (a approval) result() ApproveResult {
	res := ApproveResult{CardID: a.card.ID, Decision: string(reconcile.DecisionApproved), Writes: plannedWrites(a.plan), Pushes: []PushEntry{}}
	if a.acknowledge {
		res.Decision = string(reconcile.DecisionAcknowledged)
	}
	return res
}

// record stores the decision and its outbox entries in one transaction.
func (c *Cards) record(ctx context.Context, snap *snapshot, a approval, note, user string) (ApproveResult, []store.OutboxEntry, error) {
	card := a.card
	res := a.result()
	d := snap.decision(a, note, user)
	// The plan's key names this cycle's change of the card, so the same approval is never
	// queued twice (two windows approving at once). A card approved before in this cycle is
	// open again only because that approval no longer holds (it was reverted, failed, or the
	// data moved): approving it again is a new change and gets the next key.
	again := 0
	for _, x := range snap.decisionsOf(card.ID) {
		if x.Action == store.ActionApprove {
			again++
		}
	}
	entries := make([]store.NewOutboxEntry, len(a.plan.Writes))
	for i, w := range a.plan.Writes {
		if again > 0 {
			w.Key = fmt.Sprintf("%s#%d", w.Key, again+1)
			a.plan.Writes[i].Key = w.Key
		}
		b, err := json.Marshal(w)
		if err != nil {
			return ApproveResult{}, nil, fmt.Errorf("encode the write of card %s: %w", card.ID, err)
		}
		entries[i] = store.NewOutboxEntry{IntegrationID: d.PSAIntegrationID, Key: w.Key, Write: b}
	}
	stored, queued, err := c.w.store.Approve(ctx, d, entries)
	if errors.Is(err, store.ErrDuplicateKey) {
		// Only an approval made at the same moment elsewhere (another window, a script)
		// queued this change first.
		return ApproveResult{}, nil, inputErr("card_id", fmt.Sprintf("card %s (%s, %s) was just approved elsewhere: `trueup ledger` shows that approval and its push",
			card.ID, card.AccountName, card.ProductName))
	}
	if err != nil {
		return ApproveResult{}, nil, err
	}
	res.DecisionID = stored.ID
	if a.acknowledge {
		res.Message = fmt.Sprintf("Acknowledged: %s, %s stays at %s (nothing to push).", card.AccountName, card.ProductName, card.PSAQuantity)
	}
	return res, queued, nil
}

// send hands the stored entries of several approvals to the push workers at once and
// completes each result with what became of its entries. An error (the PSA refused the
// credentials, the worker could not be built, ctx ended) comes back with the results: the
// approvals are stored and their entries wait in the outbox, and the error says what to fix.
func (c *Cards) send(ctx context.Context, as []approval, results []ApproveResult, queued [][]store.OutboxEntry) ([]ApproveResult, error) {
	var ids []int64
	for _, q := range queued {
		for _, e := range q {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		return results, nil
	}
	pushes, err := c.w.Pushes().Send(ctx, ids)
	byDecision := map[int64][]PushEntry{}
	for _, p := range pushes {
		byDecision[p.DecisionID] = append(byDecision[p.DecisionID], p)
	}
	for i, a := range as {
		if len(queued[i]) == 0 {
			continue
		}
		res := &results[i]
		res.Pushes = append(res.Pushes, byDecision[res.DecisionID]...)
		if len(res.Pushes) == 0 {
			for _, e := range queued[i] {
				res.Pushes = append(res.Pushes, PushEntry{ID: e.ID, DecisionID: e.DecisionID, CardID: a.card.ID, Integration: a.psaName,
					State: string(e.State), Preview: writePreview(a.plan, e.Key)})
			}
		}
		res.Message = a.pushMessage(res.Pushes)
		if err != nil {
			res.Message = fmt.Sprintf("Recorded: %s waits in the outbox: %v", a.what(), err)
		}
	}
	return results, err
}

func writePreview(p reconcile.Plan, key string) string {
	for _, w := range p.Writes {
		if w.Key == key {
			return w.Preview
		}
	}
	return ""
}

func (a approval) dryRunMessage() string {
	card := a.card
	if a.acknowledge {
		return fmt.Sprintf("Dry run: %s, %s has no change; approving acknowledges it and writes nothing.", card.AccountName, card.ProductName)
	}
	msg := fmt.Sprintf("Dry run: approving %s, %s (%s -> %s) sends %d write(s); nothing was changed.", card.AccountName, card.ProductName,
		card.PSAQuantity, a.quantity(), len(a.plan.Writes))
	if a.large {
		msg += " It is a large change: approving it needs --confirm-large."
	}
	return msg
}

// pushMessage sums up what became of the approval's pushes in one sentence, the worst first.
func (a approval) pushMessage(pushes []PushEntry) string {
	what := a.what()
	by := map[string][]PushEntry{}
	for _, p := range pushes {
		by[p.State] = append(by[p.State], p)
	}
	first := func(state string) string {
		if len(by[state]) > 0 && by[state][0].LastError != "" {
			return by[state][0].LastError
		}
		return ""
	}
	switch {
	case len(by[string(store.OutboxConflict)]) > 0:
		return fmt.Sprintf("Conflict: %s was not pushed: %s", what, orDefault(first(string(store.OutboxConflict)), "the PSA no longer holds what the card showed: sync and review it again"))
	case len(by[string(store.OutboxFailed)]) > 0:
		return fmt.Sprintf("Failed: %s was not pushed: %s", what, orDefault(first(string(store.OutboxFailed)), "the PSA refused the write"))
	case len(by[string(store.OutboxQueued)])+len(by[string(store.OutboxSending)]) > 0:
		return fmt.Sprintf("Queued: %s: %s cannot be reached; it goes out when it answers.", what, orDefault(a.psaName, "the PSA"))
	}
	return fmt.Sprintf("Pushed: %s.", what)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
