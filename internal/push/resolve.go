package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// patch reads the record before it writes: the PSA already holding the target is done
// (an earlier attempt got through, or someone made the same change), holding neither the
// pre-image nor the target is a conflict the user reviews, and only the pre-image is sent.
func (w *Worker) patch(ctx context.Context, psa PSA, e store.OutboxEntry, wr reconcile.Write) verdict {
	current, err := psa.Read(ctx, wr.Path)
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterRead, e.ID)
	have, err := FieldNumber(current, wr.Field)
	if err != nil {
		return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("ConnectWise's record %s has no %s TrueUp can read (%v): sync and review again", wr.Path, wr.Field, err)}
	}
	switch {
	case SameNumber(have, wr.Target):
		return pushed(http.StatusOK, wr.Path, current, wr.Field, true)
	case !SameNumber(have, wr.Expected):
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("ConnectWise now says %s, you approved %s -> %s: sync and review again",
			have, wr.Expected, wr.Target)}
	}
	before := invoiceTextBefore(current, wr)
	status, answer, err := psa.Send(ctx, wr.Method, wr.Path, wr.Body)
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterSend, e.ID)
	got, err := FieldNumber(answer, wr.Field)
	if err != nil {
		return verdict{state: store.OutboxSending, msg: fmt.Sprintf("ConnectWise answered HTTP %d without a readable %s (%v): TrueUp reads the record before sending anything again", status, wr.Field, err)}
	}
	if !SameNumber(got, wr.Target) {
		// Verify after write: what ConnectWise kept is not what was sent.
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("ConnectWise answered %s %s after TrueUp sent %s: check the line in ConnectWise, then sync and review again",
			wr.Field, got, wr.Target)}
	}
	v := pushed(status, wr.Path, answer, wr.Field, false)
	v.answer.InvoiceTextBefore = before
	if kept := invoiceTextBefore(answer, wr); kept != nil && *kept != *wr.InvoiceText {
		// Verify after write: the quantity is what counts for the push; a description
		// ConnectWise did not keep is said, not retried.
		v.answer.Note = joinNote(v.answer.Note, fmt.Sprintf("ConnectWise kept invoiceDescription %q, not the %q TrueUp sent: check the addition in ConnectWise", *kept, *wr.InvoiceText))
	}
	return v
}

// invoiceTextBefore is the invoice description a ConnectWise record holds before a write that
// sets one from the template (nil when the write sets none): the ledger keeps it for the
// revert. A record that already holds the write's target is settled without it (an earlier
// attempt may have written the description, and its "before" would be TrueUp's own text).
func invoiceTextBefore(current []byte, wr reconcile.Write) *string {
	if wr.InvoiceText == nil {
		return nil
	}
	var rec struct {
		InvoiceDescription string `json:"invoiceDescription"`
	}
	if json.Unmarshal(current, &rec) != nil {
		return nil
	}
	return &rec.InvoiceDescription
}

// post looks the new line up by its marker before it creates it: a create whose outcome
// was unknown (a crash, a dropped connection, a 5xx) is found there and never sent again.
func (w *Worker) post(ctx context.Context, psa PSA, e store.OutboxEntry, wr reconcile.Write) verdict {
	if wr.Marker == "" || wr.AgreementID == "" {
		// Without a marker an unknown outcome could never be looked up: never send it.
		return verdict{state: store.OutboxFailed, msg: "the approved new line has no TrueUp marker or agreement: approve the card again"}
	}
	found, err := psa.FindMarked(ctx, wr.AgreementID, wr.Marker)
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterRead, e.ID)
	if len(found) > 0 {
		v := created(http.StatusOK, wr.Path, found[0], true)
		if len(found) > 1 && v.state == store.OutboxPushed {
			v.answer.Note = fmt.Sprintf("ConnectWise holds %d lines marked %s on agreement %s: remove all but addition %s there", len(found), wr.Marker, wr.AgreementID, v.answer.RecordID)
		}
		return v
	}
	status, answer, err := psa.Send(ctx, wr.Method, wr.Path, wr.Body)
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterSend, e.ID)
	return created(status, wr.Path, answer, false)
}

// remove reads the line before it deletes it (a revert of a line TrueUp created): a line
// that is gone already (an earlier attempt got through, or someone removed it in
// ConnectWise) is done without a write, and a line that no longer carries the marker of
// the push that created it is left alone. The DELETE is sent once; when its outcome is
// unknown, the next attempt's read settles it (gone: pushed).
func (w *Worker) remove(ctx context.Context, psa PSA, e store.OutboxEntry, wr reconcile.Write) verdict {
	current, err := psa.Read(ctx, wr.Path)
	if errors.As(err, new(*connector.NotFoundError)) {
		call(w.Hooks.AfterRead, e.ID)
		return gone(http.StatusNotFound, wr, true)
	}
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterRead, e.ID)
	if wr.Marker != "" {
		var rec struct{ Description string }
		if json.Unmarshal(current, &rec) != nil || !strings.Contains(rec.Description, reconcile.MarkerTag(wr.Marker)) {
			return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("ConnectWise's line %s no longer carries TrueUp's marker %s: it is not the line TrueUp added; remove it in ConnectWise if you mean to",
				path.Base(wr.Path), wr.Marker)}
		}
	}
	status, _, err := psa.Send(ctx, wr.Method, wr.Path, nil)
	if errors.As(err, new(*connector.NotFoundError)) {
		// Removed by someone else between the read and the DELETE: what the revert wanted.
		call(w.Hooks.AfterSend, e.ID)
		return gone(http.StatusNotFound, wr, false)
	}
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterSend, e.ID)
	return gone(status, wr, false)
}

// gone is the verdict on a line that is no longer in the PSA: pushed, and the cache keeps it
// as a cancelled line (Worker.tombstone).
func gone(status int, wr reconcile.Write, read bool) verdict {
	id := path.Base(wr.Path)
	return verdict{state: store.OutboxPushed, answer: store.PSAAnswer{Status: status, RecordID: id, Read: read}, recordPath: wr.Path, removed: true}
}

// created is the verdict on a POST's answer (or the marked record found): pushed when it
// names the record it created; otherwise the line is looked up by its marker next time.
func created(status int, collection string, body []byte, read bool) verdict {
	id := recordID(body)
	if id == "" {
		return verdict{state: store.OutboxSending, msg: fmt.Sprintf("ConnectWise answered HTTP %d without the new line's id: TrueUp looks it up by its marker before sending anything again", status)}
	}
	return pushed(status, collection+"/"+id, body, "quantity", read)
}

func pushed(status int, path string, body []byte, field string, read bool) verdict {
	a := store.PSAAnswer{Status: status, RecordID: recordID(body), Field: field, Read: read}
	if json.Valid(body) {
		a.Record = json.RawMessage(body)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) == nil {
		a.Value = fields[field]
	}
	return verdict{state: store.OutboxPushed, answer: a, recordPath: path, body: body}
}

// recordID is the record's "id" as text ("" when it has none).
func recordID(body []byte) string {
	var r struct {
		ID json.Number `json:"id"`
	}
	if json.Unmarshal(body, &r) != nil || r.ID == "" || r.ID == "0" {
		return ""
	}
	return r.ID.String()
}
