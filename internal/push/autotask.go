package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// AutotaskWriter is what the Autotask strategy needs of the Autotask writer (the writer of
// internal/connectors/autotask implements it). Units change by dated deltas
// (ContractServiceAdjustments), which are not idempotent: the strategy reads the units of
// the effective date before every adjustment and after it, and never sends one whose
// earlier attempt may have got through without reading first.
type AutotaskWriter interface {
	// Units reads the units a contract service bills on a day, YYYY-MM-DD (the
	// ContractServiceUnits row covering it): the service serviceID of contract contractID,
	// or contractServiceID when it is known. A contract without that service bills none:
	// contractServiceID "" and no error; a failed read is an error, never "none". row is
	// Autotask's row (nil when none covers the day).
	Units(ctx context.Context, contractID, serviceID, contractServiceID, day string) (foundID string, units int64, row json.RawMessage, err error)
	// Adjust POSTs one ContractServiceAdjustments body once and returns Autotask's itemId.
	// An answer without an itemId, a 5xx without Autotask's errors, a timeout or a broken
	// connection is an error errors.As finds an *httpx.UnknownOutcomeError in; Autotask's
	// validation errors (HTTP 500 with an errors array) are not: nothing was applied.
	Adjust(ctx context.Context, body []byte) (itemID string, err error)
	// Service reads one catalog service (Services/{id}) as Autotask holds it now.
	Service(ctx context.Context, id string) (json.RawMessage, error)
	// PatchService sends one PATCH Services body once (same errors as Adjust).
	PatchService(ctx context.Context, body []byte) error
}

// AutotaskUnitsQuery names a contract service (ContractServiceID "" when the push creates
// it: found by contract and service) and a day (YYYY-MM-DD).
type AutotaskUnitsQuery struct {
	ContractID, ServiceID, ContractServiceID, On string
}

// AutotaskUnits is what a contract service bills on the day asked.
type AutotaskUnits struct {
	ContractServiceID string // "" when the contract has no such service
	Units             int64
	// Row is Autotask's ContractServiceUnits row covering the day (nil when none), kept as
	// the push's answer for the ledger.
	Row json.RawMessage
}

// ReadAutotaskUnits reads q through at.
func ReadAutotaskUnits(ctx context.Context, at AutotaskWriter, q AutotaskUnitsQuery) (AutotaskUnits, error) {
	id, n, row, err := at.Units(ctx, q.ContractID, q.ServiceID, q.ContractServiceID, q.On)
	return AutotaskUnits{ContractServiceID: id, Units: n, Row: row}, err
}

// autotask pushes a write to Autotask.
func (w *Worker) autotask(ctx context.Context, e store.OutboxEntry, wr reconcile.Write) verdict {
	at, ok := w.PSA.(AutotaskWriter)
	if !ok {
		return verdict{state: store.OutboxFailed, msg: "this change was approved for Autotask, and the integration is no longer an Autotask one: approve the card again"}
	}
	switch {
	case wr.Kind == reconcile.WriteCost && wr.Method == http.MethodPatch:
		return w.autotaskCost(ctx, at, e, wr)
	case (wr.Kind == reconcile.WriteQuantity || wr.Kind == reconcile.WriteNewLine) && wr.Method == http.MethodPost:
		return w.autotaskUnits(ctx, at, e, wr)
	}
	return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("TrueUp cannot push a %s %s to Autotask: make the change in Autotask", wr.Kind, wr.Method)}
}

// autotaskUnits reads the units of the effective date, adjusts them once when they are
// the pre-image, and reads them back. An attempt whose outcome was unknown is settled by
// that first read: the target already there is done, the pre-image still there means the
// adjustment never took effect, and anything else is a conflict. A delta is never replayed
// on top of itself.
func (w *Worker) autotaskUnits(ctx context.Context, at AutotaskWriter, e store.OutboxEntry, wr reconcile.Write) verdict {
	if wr.Effective.IsZero() || wr.AgreementID == "" || wr.ProductID == "" || wr.Field != "units" {
		return verdict{state: store.OutboxFailed, msg: "the approved Autotask change names no contract, service or effective date: approve the card again"}
	}
	q := AutotaskUnitsQuery{ContractID: wr.AgreementID, ServiceID: wr.ProductID, ContractServiceID: wr.LineID, On: wr.Effective.String()}
	now, err := ReadAutotaskUnits(ctx, at, q)
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterRead, e.ID)
	have := json.Number(strconv.FormatInt(now.Units, 10))
	switch {
	case now.ContractServiceID != "" && SameNumber(have, wr.Target):
		return w.autotaskDone(ctx, at, wr, now, "", true)
	case !SameNumber(have, wr.Expected):
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("Autotask now bills %s units of %s on contract %q on %s, you approved %s -> %s: sync and review again",
			have, serviceWords(wr), wr.AgreementName, wr.Effective, wr.Expected, wr.Target)}
	}
	itemID, err := at.Adjust(ctx, wr.Body)
	if err != nil {
		return failure(ctx, err) // Autotask's refusal says what it refused and why
	}
	call(w.Hooks.AfterSend, e.ID)
	if q.ContractServiceID == "" {
		q.ContractServiceID = now.ContractServiceID
	}
	after, err := ReadAutotaskUnits(ctx, at, q)
	if err != nil {
		// Autotask took the adjustment (itemId) but what it bills now is not known: the next
		// attempt reads before it sends anything.
		return verdict{state: store.OutboxSending, msg: fmt.Sprintf("Autotask took adjustment %s, and reading the units back failed: TrueUp reads them before sending anything again: %s",
			itemID, connector.UserMessage(err))}
	}
	if got := json.Number(strconv.FormatInt(after.Units, 10)); after.ContractServiceID == "" || !SameNumber(got, wr.Target) {
		// Verify after write: what Autotask bills is not what was approved.
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("Autotask took adjustment %s but bills %s units of %s on %s, not %s: check the contract service in Autotask, then sync and review again",
			itemID, got, serviceWords(wr), wr.Effective, wr.Target)}
	}
	return w.autotaskDone(ctx, at, wr, after, itemID, false)
}

// autotaskDone is the pushed verdict with the line the cache keeps: the contract service
// with the units from the effective date on, so the card settles at once.
func (w *Worker) autotaskDone(ctx context.Context, at AutotaskWriter, wr reconcile.Write, u AutotaskUnits, itemID string, read bool) verdict {
	answer := store.PSAAnswer{Status: http.StatusOK, RecordID: u.ContractServiceID, Field: "units",
		Value: json.RawMessage(strconv.FormatInt(u.Units, 10)), Read: read}
	if len(u.Row) > 0 && json.Valid(u.Row) {
		answer.Record = u.Row
	}
	if itemID != "" {
		answer.Note = "Autotask adjustment " + itemID
	}
	if wr.InvoiceText != nil {
		var note string
		answer.InvoiceTextBefore, note = autotaskInvoiceText(ctx, at, u.ContractServiceID, *wr.InvoiceText)
		if ctx.Err() != nil {
			return verdict{err: ctx.Err()}
		}
		answer.Note = joinNote(answer.Note, note)
	}
	rec, err := w.autotaskLine(ctx, wr, u)
	if err != nil {
		var se storeError
		if errors.As(err, &se) {
			return verdict{err: se.err}
		}
		answer.Note = joinNote(answer.Note, "the cache keeps its copy until the next sync: "+err.Error())
	}
	return verdict{state: store.OutboxPushed, answer: answer, cached: rec}
}

// AutotaskDescriber is what the Autotask strategy needs to write a contract service's invoice
// description (the writer of internal/connectors/autotask implements it).
type AutotaskDescriber interface {
	// ContractService reads one contract service as Autotask holds it now.
	ContractService(ctx context.Context, id string) (json.RawMessage, error)
	// PatchContractService sends one PATCH ContractServices body once.
	PatchContractService(ctx context.Context, body []byte) error
}

// autotaskInvoiceText gives contract service id the template's invoiceDescription once its
// units are what was approved, and returns the description it had (nil when it was not
// changed) and what the ledger should say. The units are the push; the description follows
// it: when it cannot be written the push still stands, and the note says what to do. A
// description already equal to text is left as it is, with no "before" (it may be TrueUp's
// own, from an attempt whose answer was lost).
func autotaskInvoiceText(ctx context.Context, at AutotaskWriter, id, text string) (*string, string) {
	d, ok := at.(AutotaskDescriber)
	if !ok || id == "" {
		return nil, "the invoice description was not written: this Autotask writer cannot change contract services; set it in Autotask"
	}
	current, err := d.ContractService(ctx, id)
	if err != nil {
		return nil, "the invoice description was not written (" + connector.UserMessage(err) + "): set it in Autotask"
	}
	var cs struct {
		InvoiceDescription string `json:"invoiceDescription"`
	}
	if err := json.Unmarshal(current, &cs); err != nil {
		return nil, "the invoice description was not written: Autotask's contract service " + id + " cannot be read; set it in Autotask"
	}
	if cs.InvoiceDescription == text {
		return nil, ""
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	body, err := json.Marshal(struct {
		ID                 int64  `json:"id"`
		InvoiceDescription string `json:"invoiceDescription"`
	}{n, text})
	if err != nil {
		return nil, "the invoice description was not written: " + err.Error()
	}
	if err := d.PatchContractService(ctx, body); err != nil {
		// The description is a plain value: a PATCH whose outcome is unknown is harmless to
		// send again, so the next approval or revert settles it; the units stand.
		return &cs.InvoiceDescription, "the invoice description may not have been written (" + connector.UserMessage(err) + "): check contract service " + id + " in Autotask"
	}
	return &cs.InvoiceDescription, "invoiceDescription set"
}

// storeError marks a failure of the store (not of the data) while building the cached line.
type storeError struct{ err error }

func (e storeError) Error() string { return e.err.Error() }

// autotaskLine is the cached contract service after the push: from the cached copy (or, for
// a service the push created, from its contract and product), billing u.Units from the
// effective date: today's quantity when that day has come, the scheduled one otherwise.
func (w *Worker) autotaskLine(ctx context.Context, wr reconcile.Write, u AutotaskUnits) (*connector.Record, error) {
	var l connector.ServiceLine
	cached, err := w.Outbox.CachedRecord(ctx, w.IntegrationID, connector.EntityServiceLines, u.ContractServiceID)
	switch {
	case err == nil:
		if l, err = connector.Decode[connector.ServiceLine](cached); err != nil {
			return nil, err
		}
	case errors.Is(err, store.ErrNotFound):
		l = connector.ServiceLine{ID: u.ContractServiceID, AgreementID: wr.AgreementID, ProductID: wr.ProductID}
		ag, err := w.Outbox.CachedRecord(ctx, w.IntegrationID, connector.EntityAgreements, wr.AgreementID)
		switch {
		case err == nil:
			l.AccountID = ag.AccountID
		case !errors.Is(err, store.ErrNotFound):
			return nil, storeError{err}
		}
		if p, err := w.Outbox.CachedRecord(ctx, w.IntegrationID, connector.EntityProducts, wr.ProductID); err == nil {
			if prod, err := connector.Decode[connector.Product](p); err == nil {
				l.ProductName, l.UnitPrice, l.UnitCost = prod.Name, prod.Price, prod.Cost
			}
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, storeError{err}
		}
		var body struct {
			Price *float64 `json:"adjustedUnitPrice"`
			Cost  *float64 `json:"adjustedUnitCost"`
		}
		if json.Unmarshal(wr.Body, &body) == nil {
			if body.Price != nil {
				l.UnitPrice = *body.Price
			}
			if body.Cost != nil {
				l.UnitCost = *body.Cost
			}
		}
	default:
		return nil, storeError{err}
	}
	units := float64(u.Units)
	today := w.today()
	switch {
	case !wr.Effective.After(today):
		l.Quantity, l.NextQuantity, l.NextFrom = units, nil, ""
	case units == l.Quantity:
		l.NextQuantity, l.NextFrom = nil, "" // a revert back to today's units: nothing scheduled
	default:
		l.NextQuantity, l.NextFrom = &units, wr.Effective.String()
	}
	recs, err := connector.Encode(l)
	if err != nil {
		return nil, err
	}
	return &recs[0], nil
}

// autotaskCost patches a catalog service's unitCost and reads it back: Autotask answers
// the PATCH with success and silently keeps the old cost when the API user cannot see
// costs, so only the read-back says whether it was applied.
func (w *Worker) autotaskCost(ctx context.Context, at AutotaskWriter, e store.OutboxEntry, wr reconcile.Write) verdict {
	if wr.ProductID == "" || wr.Field == "" {
		return verdict{state: store.OutboxFailed, msg: "the approved Autotask cost names no service: push the cost again"}
	}
	current, err := at.Service(ctx, wr.ProductID)
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterRead, e.ID)
	have, err := FieldNumber(current, wr.Field)
	switch {
	case err == nil && SameNumber(have, wr.Target):
		return w.autotaskCostDone(ctx, wr, current, true)
	case err == nil && !SameNumber(have, wr.Expected):
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("Autotask's service %s now costs %s, you approved %s -> %s: sync and review again", wr.ProductID, have, wr.Expected, wr.Target)}
	}
	// A cost Autotask does not show (null, missing) cannot be compared: send it, and let the
	// read-back decide.
	if err := at.PatchService(ctx, wr.Body); err != nil {
		return failure(ctx, err) // Autotask's refusal says what it refused and why
	}
	call(w.Hooks.AfterSend, e.ID)
	after, err := at.Service(ctx, wr.ProductID)
	if err != nil {
		return verdict{state: store.OutboxSending, msg: "Autotask took the cost, and reading it back failed: TrueUp reads it before sending anything again: " + connector.UserMessage(err)}
	}
	got, err := FieldNumber(after, wr.Field)
	if err != nil || !SameNumber(got, wr.Target) {
		return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("Autotask did not apply the cost: the API user cannot see costs (service %s still reads unitCost %s after TrueUp sent %s): give the API user's security level access to costs in Autotask, or change the cost there",
			wr.ProductID, orNone(got), wr.Target)}
	}
	return w.autotaskCostDone(ctx, wr, after, false)
}

// autotaskCostDone is the pushed verdict of a cost, with the cached catalog product at the
// new cost so Cost Reconciliation settles at once.
func (w *Worker) autotaskCostDone(ctx context.Context, wr reconcile.Write, service json.RawMessage, read bool) verdict {
	v := pushed(http.StatusOK, wr.Path+"/"+wr.ProductID, service, wr.Field, read)
	v.answer.RecordID = wr.ProductID
	cached, err := w.Outbox.CachedRecord(ctx, w.IntegrationID, connector.EntityProducts, wr.ProductID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return v
	case err != nil:
		return verdict{err: err}
	}
	p, err := connector.Decode[connector.Product](cached)
	if err != nil {
		v.answer.Note = "the cache keeps its copy until the next sync: " + err.Error()
		return v
	}
	if p.Cost, err = strconv.ParseFloat(string(wr.Target), 64); err != nil {
		v.answer.Note = "the cache keeps its copy until the next sync: " + err.Error()
		return v
	}
	recs, err := connector.Encode(p)
	if err != nil {
		v.answer.Note = "the cache keeps its copy until the next sync: " + err.Error()
		return v
	}
	v.cached = &recs[0]
	return v
}

func serviceWords(wr reconcile.Write) string {
	if wr.LineID != "" {
		return "contract service " + wr.LineID
	}
	return "service " + wr.ProductID
}

func orNone(n json.Number) string {
	if n == "" {
		return "nothing"
	}
	return n.String()
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
