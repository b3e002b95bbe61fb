package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// Ledger returns the decisions and pushes that match q, newest first: one entry per
// decision (state "recorded" when it writes nothing) and one per outbox entry (action
// push). Decision and push entries have separate ids; Kind says which an id is, and
// `trueup revert --push ID` takes a push entry's.
func (p *Pushes) Ledger(ctx context.Context, q LedgerQuery) ([]LedgerEntry, error) {
	f, err := p.w.ledgerFilter(q)
	if err != nil {
		return nil, err
	}
	rows, err := p.w.store.Ledger(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]LedgerEntry, 0, len(rows))
	for _, r := range rows {
		out = append(out, ledgerEntry(r))
	}
	return out, nil
}

var ledgerStates = []string{string(store.OutboxQueued), string(store.OutboxSending), string(store.OutboxPushed), string(store.OutboxFailed),
	string(store.OutboxConflict), string(store.OutboxReverted), store.StateRecorded}

func (w *Workspace) ledgerFilter(q LedgerQuery) (store.LedgerFilter, error) {
	f := store.LedgerFilter{Account: q.Account, Vendor: q.Vendor, State: strings.TrimSpace(q.State)}
	if s := strings.TrimSpace(q.Since); s != "" {
		t, err := time.ParseInLocation("2006-01-02", s, w.opts.Location)
		if err != nil {
			return f, inputErr("since", fmt.Sprintf("%q is not a date: use YYYY-MM-DD, e.g. 2026-11-01", q.Since))
		}
		f.Since = t
	}
	if c := strings.TrimSpace(q.Cycle); c != "" {
		if _, err := reconcile.ParseCycle(c); err != nil {
			return f, inputErr("cycle", fmt.Sprintf("%q is not a billing cycle: use YYYY-MM, e.g. 2026-11", q.Cycle))
		}
		f.Cycle = c
	}
	if f.State != "" && !slices.Contains(ledgerStates, f.State) {
		return f, inputErr("state", fmt.Sprintf("unknown state %q: use one of %s", q.State, strings.Join(ledgerStates, ", ")))
	}
	return f, nil
}

// ledgerEntry is one row as the Activity Log and `trueup ledger` show it.
func ledgerEntry(r store.LedgerRow) LedgerEntry {
	d := r.Decision
	e := LedgerEntry{Kind: "decision", ID: d.ID, At: fmtTime(r.At()), Action: string(d.Action), CardID: d.CardID, Cycle: d.Cycle,
		AccountName: d.AccountName, ProductName: d.ProductName, AgreementName: d.AgreementName, LineID: d.LineID,
		Vendors: ledgerVendors(d.Vendors), EffectiveDate: d.EffectiveDate, State: r.State(), Note: d.Note, User: d.OSUser,
		Automatic: d.Automatic, RevertOf: d.RevertOf}
	if r.Entry == nil {
		e.Before, e.After = d.PSAQuantity, d.TargetQuantity
		return e
	}
	o := r.Entry
	e.Kind, e.ID, e.Action, e.LastError = "push", o.ID, "push", o.LastError
	var wr reconcile.Write
	if json.Unmarshal(o.Write, &wr) == nil {
		e.Before, e.After = writeValues(wr)
		if wr.AgreementName != "" {
			e.AgreementName = wr.AgreementName
		}
		if wr.LineID != "" {
			e.LineID = wr.LineID
		}
		// A pushed quantity or cost change is undone by its compensating PATCH, a created
		// line by its DELETE (which needs the id ConnectWise gave it).
		created := wr.Method == "POST" && o.Answer != nil && o.Answer.RecordID != ""
		e.Revertible = o.State == store.OutboxPushed && (wr.Method == "PATCH" || created) && d.Action != store.ActionRevert
	}
	if o.Answer != nil {
		e.PSAResponse = psaResponse(*o.Answer)
		if e.LineID == "" && o.Answer.RecordID != "" && wr.Kind != reconcile.WriteCost {
			e.LineID = o.Answer.RecordID
		}
	}
	return e
}

func ledgerVendors(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeValues are a write's before and after as the ledger shows them: a PATCH's pre-image
// and target, a new line's quantity (nothing before it).
func writeValues(wr reconcile.Write) (before, after string) {
	if wr.Method == "PATCH" || (isNumber(wr.Expected) && isNumber(wr.Target)) {
		// A PATCH, or a write that names its before and after itself (an Autotask
		// adjustment: the units of its effective date).
		return string(wr.Expected), string(wr.Target)
	}
	if t := jsonValue(wr.Target); t != "" { // HaloPSA's writes POST and carry both
		return jsonValue(wr.Expected), t
	}
	var body struct {
		Quantity json.Number `json:"quantity"`
	}
	if wr.Method == "POST" && json.Unmarshal(wr.Body, &body) == nil {
		return "", body.Quantity.String()
	}
	return "", ""
}

// jsonValue is a stored JSON value as text ("" for none: a write read back from the outbox
// holds null where it had no value).
func jsonValue(raw json.RawMessage) string {
	if v := strings.TrimSpace(string(raw)); v != "null" {
		return v
	}
	return ""
}

// isNumber reports whether raw is a JSON number (a stored write's absent Expected reads back
// as null).
func isNumber(raw json.RawMessage) bool {
	var n json.Number
	return json.Unmarshal(raw, &n) == nil && n != ""
}

// psaResponse is what the PSA answered, in one line: "HTTP 200, addition 5001, quantity 27".
func psaResponse(a store.PSAAnswer) string {
	parts := []string{fmt.Sprintf("HTTP %d", a.Status)}
	if a.RecordID != "" {
		parts = append(parts, "record "+a.RecordID)
	}
	if a.Field != "" && len(a.Value) > 0 {
		parts = append(parts, a.Field+" "+strings.Trim(string(a.Value), `"`))
	}
	s := strings.Join(parts, ", ")
	if a.Read {
		s += " (read: the PSA already held it, nothing was sent again)"
	}
	if a.InvoiceTextBefore != nil {
		s += fmt.Sprintf("; invoice description before: %q", *a.InvoiceTextBefore)
	}
	if a.Note != "" {
		s += "; " + a.Note
	}
	return s
}
