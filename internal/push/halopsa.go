package push

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// HaloPSA pushes (research/psa-write-apis.md §3). Halo has no PATCH: a recurring invoice
// line changes when the header is POSTed with its lines array, which is the header's whole
// set of lines. So the body is built here, right before it is sent, from a fresh read of the
// header: every line exactly as Halo holds it at that moment, byte for byte (fields TrueUp
// does not know included), with only the target line's qty_order changed, the new line
// appended, or the line TrueUp added left out. A stale cached copy of the other lines is
// never sent: it would undo whatever someone changed in Halo since the last sync.
//
// qty_order is an absolute value, so sending it twice is harmless; still, every attempt reads
// first (the target already there is done), and a new line is looked up by its marker before
// it is created, so an unknown outcome never creates a second line.

// HaloWriter is what the HaloPSA push needs of the Halo writer (connectors/halopsa.Writer).
// Build it from the integration's connector.Config with its shared Limiter.
type HaloWriter interface {
	// ReadRecurringInvoice returns recurring invoice header id with its lines as Halo holds
	// it now; a header that is gone is a *connector.NotFoundError.
	ReadRecurringInvoice(ctx context.Context, id string) ([]byte, error)
	// ReadItem returns item id as Halo holds it now.
	ReadItem(ctx context.Context, id string) ([]byte, error)
	// Post sends body (a JSON array) to path (reconcile.HaloRecurringInvoicePath or
	// HaloItemPath) once; an error that an *httpx.UnknownOutcomeError is found in means the
	// change may have been applied.
	Post(ctx context.Context, path string, body []byte) (status int, answer []byte, err error)
	// CachedLine turns Halo's JSON of one line of a header into the record the cache keeps.
	CachedLine(header, line []byte) (connector.Record, error)
	// CachedItem turns Halo's JSON of an item into the record the cache keeps.
	CachedItem(item []byte) (connector.Record, error)
}

// halo pushes one HaloPSA write: read the record now, send at most once, read back.
func (w *Worker) halo(ctx context.Context, e store.OutboxEntry, wr reconcile.Write) verdict {
	hw, ok := w.PSA.(HaloWriter)
	if !ok {
		return verdict{state: store.OutboxFailed, msg: "this change was approved for HaloPSA, and the integration is no longer a HaloPSA one: approve the card again"}
	}
	switch wr.Kind {
	case reconcile.WriteQuantity:
		return w.haloQuantity(ctx, hw, e, wr)
	case reconcile.WriteNewLine:
		return w.haloNewLine(ctx, hw, e, wr)
	case reconcile.WriteRemoveLine:
		return w.haloRemoveLine(ctx, hw, e, wr)
	case reconcile.WriteCost:
		return w.haloCost(ctx, hw, e, wr)
	}
	return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("TrueUp cannot push a %s change to HaloPSA: make it in HaloPSA", wr.Kind)}
}

// haloQuantity sets qty_order of one line: done when Halo already holds the target, a
// conflict when it holds neither the pre-image nor the target or the line is gone.
func (w *Worker) haloQuantity(ctx context.Context, hw HaloWriter, e store.OutboxEntry, wr reconcile.Write) verdict {
	inv, v, ok := w.haloRead(ctx, hw, e, wr, false)
	if !ok {
		return v
	}
	i := inv.find(wr.LineID)
	if i < 0 {
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA no longer has line %s on recurring invoice %s: sync and review the card again", wr.LineID, wr.AgreementID)}
	}
	have, err := FieldNumber(inv.lines[i], wr.Field)
	if err != nil {
		return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("HaloPSA's line %s on recurring invoice %s has no %s TrueUp can read (%v): sync and review again", wr.LineID, wr.AgreementID, wr.Field, err)}
	}
	switch {
	case SameNumber(have, wr.Target):
		return haloPushed(hw, http.StatusOK, inv, i, wr, true)
	case !SameNumber(have, wr.Expected):
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA now has %s on this line (line %s on recurring invoice %s), you approved %s -> %s: sync and review again",
			have, wr.LineID, wr.AgreementID, wr.Expected, wr.Target)}
	}
	target, err := withField(inv.lines[i], wr.Field, wr.Target)
	var before *string
	if err == nil && wr.InvoiceText != nil {
		current := lineDescription(inv.lines[i])
		before = &current
		var text json.RawMessage
		if text, err = jsonText(haloInvoiceText(current, *wr.InvoiceText)); err == nil {
			target, err = withField(target, reconcile.InvoiceFieldOf(connector.KindHaloPSA).Name, text)
		}
	}
	if err != nil {
		return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("HaloPSA's line %s cannot be changed by TrueUp (%v): change it in HaloPSA", wr.LineID, err)}
	}
	sent := inv.replaced(i, target)
	status, v, ok := w.haloPost(ctx, hw, e, wr, sent)
	if !ok {
		return v
	}
	after, v, ok := w.haloReadBack(ctx, hw, wr)
	if !ok {
		return v
	}
	j := after.find(wr.LineID)
	if j < 0 {
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA answered HTTP %d, but line %s is no longer on recurring invoice %s: check the invoice in HaloPSA", status, wr.LineID, wr.AgreementID)}
	}
	if got, err := FieldNumber(after.lines[j], wr.Field); err != nil || !SameNumber(got, wr.Target) {
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA holds %s %s on line %s after TrueUp sent %s: check the line in HaloPSA, then sync and review again", wr.Field, got, wr.LineID, wr.Target)}
	}
	if msg := after.unchangedBut(sent, wr.LineID); msg != "" {
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA set line %s to %s, but %s: check recurring invoice %s in HaloPSA", wr.LineID, wr.Target, msg, wr.AgreementID)}
	}
	v = haloPushed(hw, status, after, j, wr, false)
	v.answer.InvoiceTextBefore = before
	if before != nil {
		if want, kept := haloInvoiceText(*before, *wr.InvoiceText), lineDescription(after.lines[j]); kept != want {
			// Verify after write: the quantity is the push; a description Halo did not keep is said.
			v.answer.Note = joinNote(v.answer.Note, fmt.Sprintf("HaloPSA kept item_shortdescription %q, not the %q TrueUp sent: check the line in HaloPSA", kept, want))
		}
	}
	return v
}

// haloInvoiceText is the item_shortdescription a line gets from the template's text: a
// line TrueUp added keeps its marker's tag after the text (its revert looks the line up by
// it), unless the text brings a tag itself (a revert putting back the description the
// line had).
func haloInvoiceText(current, text string) string {
	const open = "(TrueUp "
	i := strings.Index(current, open)
	if i < 0 || strings.Contains(text, open) {
		return text
	}
	j := strings.IndexByte(current[i:], ')')
	if j < 0 {
		return text
	}
	return strings.TrimSpace(text + " " + current[i:i+j+1])
}

// jsonText is s as a JSON string, its HTML characters kept as they are (Halo shows the text).
func jsonText(s string) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}

// haloNewLine appends the planned line to the header, unless a line carrying its marker is
// there already (an earlier attempt whose outcome was unknown got through).
func (w *Worker) haloNewLine(ctx context.Context, hw HaloWriter, e store.OutboxEntry, wr reconcile.Write) verdict {
	if wr.Marker == "" || !json.Valid(wr.Body) {
		// Without a marker an unknown outcome could never be looked up: never send it.
		return verdict{state: store.OutboxFailed, msg: "the approved new line has no TrueUp marker or no line: approve the card again"}
	}
	inv, v, ok := w.haloRead(ctx, hw, e, wr, false)
	if !ok {
		return v
	}
	if found := inv.marked(wr.Marker); len(found) > 0 {
		v := haloPushed(hw, http.StatusOK, inv, found[0], wr, true)
		if len(found) > 1 {
			v.answer.Note = fmt.Sprintf("HaloPSA holds %d lines marked %s on recurring invoice %s: remove all but line %s there", len(found), wr.Marker, wr.AgreementID, v.answer.RecordID)
		}
		return v
	}
	sent := append(append([]json.RawMessage{}, inv.lines...), json.RawMessage(wr.Body))
	status, v, ok := w.haloPost(ctx, hw, e, wr, sent)
	if !ok {
		return v
	}
	after, v, ok := w.haloReadBack(ctx, hw, wr)
	if !ok {
		return v
	}
	found := after.marked(wr.Marker)
	if len(found) == 0 {
		// Halo said it took the header, yet no line carries the marker: sending it again
		// could add a second line if Halo kept it without the text, so a person looks.
		return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("HaloPSA answered HTTP %d, but recurring invoice %s has no line marked %s: check the invoice in HaloPSA before approving the card again", status, wr.AgreementID, wr.Marker)}
	}
	return haloPushed(hw, status, after, found[0], wr, false)
}

// haloRemoveLine takes the line TrueUp added out of the header's lines (Halo's API deletes
// no single line). A line that is gone already is done; one that no longer carries the
// marker is someone else's and is left alone.
func (w *Worker) haloRemoveLine(ctx context.Context, hw HaloWriter, e store.OutboxEntry, wr reconcile.Write) verdict {
	inv, v, ok := w.haloRead(ctx, hw, e, wr, true)
	if !ok {
		return v
	}
	i := inv.find(wr.LineID)
	if i < 0 {
		return haloGone(http.StatusOK, wr, true)
	}
	if wr.Marker != "" && !strings.Contains(lineDescription(inv.lines[i]), reconcile.MarkerTag(wr.Marker)) {
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA's line %s no longer carries TrueUp's marker %s: it is not the line TrueUp added; remove it in HaloPSA if you mean to", wr.LineID, wr.Marker)}
	}
	sent := inv.without(i)
	status, v, ok := w.haloPost(ctx, hw, e, wr, sent)
	if !ok {
		return v
	}
	after, v, ok := w.haloReadBack(ctx, hw, wr)
	if !ok {
		return v
	}
	if after.find(wr.LineID) >= 0 {
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA kept line %s after TrueUp sent recurring invoice %s without it: this HaloPSA keeps lines an update leaves out; remove the line in HaloPSA", wr.LineID, wr.AgreementID)}
	}
	if msg := after.unchangedBut(sent, ""); msg != "" {
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA removed line %s, but %s: check recurring invoice %s in HaloPSA", wr.LineID, msg, wr.AgreementID)}
	}
	return haloGone(status, wr, false)
}

// haloCost sets an item's cost, read before and after like a quantity. The cost is compared
// as the read side takes it from the item (HaloItemCost), so the push checks exactly the
// cost the card and the Costs screen showed.
func (w *Worker) haloCost(ctx context.Context, hw HaloWriter, e store.OutboxEntry, wr reconcile.Write) verdict {
	current, err := hw.ReadItem(ctx, wr.LineID)
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterRead, e.ID)
	have, err := HaloItemCost(hw, current)
	if err != nil {
		return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("HaloPSA's item %s has no cost TrueUp can read (%v): sync and review again", wr.LineID, err)}
	}
	switch {
	case SameNumber(have, wr.Target):
		return haloItemPushed(hw, http.StatusOK, current, wr, true)
	case !SameNumber(have, wr.Expected):
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA's item %s now costs %s, you approved %s -> %s: sync and review again", wr.LineID, have, wr.Expected, wr.Target)}
	}
	status, _, err := hw.Post(ctx, wr.Path, wr.Body)
	if err != nil {
		return failure(ctx, err)
	}
	call(w.Hooks.AfterSend, e.ID)
	after, err := hw.ReadItem(ctx, wr.LineID)
	if err != nil {
		return haloUnread(ctx, err)
	}
	if got, err := HaloItemCost(hw, after); err != nil || !SameNumber(got, wr.Target) {
		return verdict{state: store.OutboxConflict, msg: fmt.Sprintf("HaloPSA's item %s costs %s after TrueUp sent %s: the API application's agent may lack the right to change item costs; check the item in HaloPSA", wr.LineID, got, wr.Target)}
	}
	return haloItemPushed(hw, status, after, wr, false)
}

// HaloItemCost is an item's cost as TrueUp reads it (the product the writer maps it to), for
// the push and the revert preview.
func HaloItemCost(hw HaloWriter, item []byte) (json.Number, error) {
	rec, err := hw.CachedItem(item)
	if err != nil {
		return "", err
	}
	p, err := connector.Decode[connector.Product](rec)
	if err != nil {
		return "", err
	}
	return json.Number(strconv.FormatFloat(p.Cost, 'f', -1, 64)), nil
}

// haloRead reads the header a write targets, fresh, and says (ok false) what becomes of the
// entry when it cannot be used. removing: the write takes a line out, so a header that is
// gone (and the line with it) is what it wanted.
func (w *Worker) haloRead(ctx context.Context, hw HaloWriter, e store.OutboxEntry, wr reconcile.Write, removing bool) (haloInvoice, verdict, bool) {
	raw, err := hw.ReadRecurringInvoice(ctx, wr.AgreementID)
	if errors.As(err, new(*connector.NotFoundError)) {
		call(w.Hooks.AfterRead, e.ID)
		if removing {
			return haloInvoice{}, haloGone(http.StatusNotFound, wr, true), false
		}
		return haloInvoice{}, verdict{state: store.OutboxConflict,
			msg: fmt.Sprintf("HaloPSA no longer has recurring invoice %s: sync and review the card again", wr.AgreementID)}, false
	}
	if err != nil {
		return haloInvoice{}, failure(ctx, err), false
	}
	call(w.Hooks.AfterRead, e.ID)
	inv, err := parseHaloInvoice(raw)
	if err != nil {
		return haloInvoice{}, verdict{state: store.OutboxFailed, msg: fmt.Sprintf("HaloPSA's recurring invoice %s cannot be read (%v): TrueUp sends nothing rather than risk its lines; sync and review again", wr.AgreementID, err)}, false
	}
	return inv, verdict{}, true
}

// haloPost sends the header with lines once.
func (w *Worker) haloPost(ctx context.Context, hw HaloWriter, e store.OutboxEntry, wr reconcile.Write, lines []json.RawMessage) (int, verdict, bool) {
	body, err := haloHeaderBody(wr.AgreementID, lines)
	if err != nil {
		return 0, verdict{state: store.OutboxFailed, msg: err.Error()}, false
	}
	status, _, err := hw.Post(ctx, wr.Path, body)
	if err != nil {
		return 0, failure(ctx, err), false
	}
	call(w.Hooks.AfterSend, e.ID)
	return status, verdict{}, true
}

// haloHeaderBody is [{"id": id, "lines": [...]}], every line the exact bytes given (Halo's
// own for the lines TrueUp does not change), nothing re-encoded.
func haloHeaderBody(id string, lines []json.RawMessage) ([]byte, error) {
	if !haloNumber(id) {
		return nil, fmt.Errorf("%q is not a HaloPSA recurring invoice id: approve the card again", id)
	}
	var b bytes.Buffer
	b.WriteString(`[{"id":` + id + `,"lines":[`)
	for i, l := range lines {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(bytes.TrimSpace(l))
	}
	b.WriteString(`]}]`)
	if !json.Valid(b.Bytes()) {
		return nil, fmt.Errorf("the lines of recurring invoice %s are not JSON TrueUp can send back: change them in HaloPSA", id)
	}
	return b.Bytes(), nil
}

// haloNumber says whether id is a positive decimal integer.
func haloNumber(id string) bool {
	if id == "" || id[0] == '0' || len(id) > 10 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// haloReadBack reads the header after a write Halo took. When it cannot be read the entry
// stays "sending": the next attempt reads first and settles it.
func (w *Worker) haloReadBack(ctx context.Context, hw HaloWriter, wr reconcile.Write) (haloInvoice, verdict, bool) {
	raw, err := hw.ReadRecurringInvoice(ctx, wr.AgreementID)
	if err != nil {
		return haloInvoice{}, haloUnread(ctx, err), false
	}
	inv, err := parseHaloInvoice(raw)
	if err != nil {
		return haloInvoice{}, verdict{state: store.OutboxSending, msg: fmt.Sprintf("HaloPSA took the change, but recurring invoice %s could not be read back (%v): TrueUp reads it before sending anything again", wr.AgreementID, err)}, false
	}
	return inv, verdict{}, true
}

// haloUnread is the verdict when a write went through but its read-back failed.
func haloUnread(ctx context.Context, err error) verdict {
	if ctx.Err() != nil {
		return verdict{err: ctx.Err()}
	}
	return verdict{state: store.OutboxSending, msg: "HaloPSA took the change, but it could not be read back: TrueUp reads it before sending anything again: " + connector.UserMessage(err)}
}

// haloPushed is the verdict on line i of inv holding what wr wrote.
func haloPushed(hw HaloWriter, status int, inv haloInvoice, i int, wr reconcile.Write, read bool) verdict {
	line := inv.lines[i]
	a := store.PSAAnswer{Status: status, RecordID: recordID(line), Field: wr.Field, Read: read, Record: line}
	if n, err := FieldNumber(line, wr.Field); err == nil {
		a.Value = json.RawMessage(n.String())
	}
	v := verdict{state: store.OutboxPushed, answer: a}
	rec, err := hw.CachedLine(inv.raw, line)
	if err != nil {
		v.answer.Note = "the cache keeps its copy until the next sync: " + err.Error()
		return v
	}
	v.cached = &rec
	return v
}

// haloItemPushed is the verdict on an item holding the cost wr wrote.
func haloItemPushed(hw HaloWriter, status int, item []byte, wr reconcile.Write, read bool) verdict {
	a := store.PSAAnswer{Status: status, RecordID: recordID(item), Field: wr.Field, Read: read, Record: item}
	if n, err := FieldNumber(item, wr.Field); err == nil {
		a.Value = json.RawMessage(n.String())
	}
	v := verdict{state: store.OutboxPushed, answer: a}
	rec, err := hw.CachedItem(item)
	if err != nil {
		v.answer.Note = "the cache keeps its copy until the next sync: " + err.Error()
		return v
	}
	v.cached = &rec
	return v
}

// haloGone is the verdict on a line no longer in Halo: pushed, and the cache keeps it
// cancelled (Worker.tombstone).
func haloGone(status int, wr reconcile.Write, read bool) verdict {
	return verdict{state: store.OutboxPushed, answer: store.PSAAnswer{Status: status, RecordID: wr.LineID, Read: read}, removed: true}
}

// haloInvoice is a recurring invoice header as Halo sent it, with its lines kept as the
// exact bytes Halo wrote.
type haloInvoice struct {
	raw   []byte
	lines []json.RawMessage
}

// parseHaloInvoice reads a header. One without a lines array is refused: sending back an
// empty set would remove every line.
func parseHaloInvoice(raw []byte) (haloInvoice, error) {
	var h struct {
		Lines *[]json.RawMessage `json:"lines"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return haloInvoice{}, err
	}
	if h.Lines == nil {
		return haloInvoice{}, errors.New("it came without its lines")
	}
	for _, l := range *h.Lines {
		if len(bytes.TrimSpace(l)) == 0 || bytes.TrimSpace(l)[0] != '{' {
			return haloInvoice{}, fmt.Errorf("a line is %s, not an object", l)
		}
	}
	return haloInvoice{raw: raw, lines: *h.Lines}, nil
}

// find is the index of line id (-1 when it is not there).
func (inv haloInvoice) find(id string) int {
	for i, l := range inv.lines {
		if id != "" && recordID(l) == id {
			return i
		}
	}
	return -1
}

// marked lists the lines whose description carries the marker's tag.
func (inv haloInvoice) marked(marker string) []int {
	var out []int
	tag := reconcile.MarkerTag(marker)
	for i, l := range inv.lines {
		if strings.Contains(lineDescription(l), tag) {
			out = append(out, i)
		}
	}
	return out
}

// replaced is the lines with line i replaced.
func (inv haloInvoice) replaced(i int, line json.RawMessage) []json.RawMessage {
	out := append([]json.RawMessage{}, inv.lines...)
	out[i] = line
	return out
}

// without is the lines without line i.
func (inv haloInvoice) without(i int) []json.RawMessage {
	out := append([]json.RawMessage{}, inv.lines[:i]...)
	return append(out, inv.lines[i+1:]...)
}

// haloBilling are the fields of a line that say what it bills: the read-back compares them
// for every line TrueUp sent unchanged (fields Halo derives, such as totals, may move).
var haloBilling = []string{"_itemid", "qty_order", "unit_price", "unit_cost", "isinactive"}

// unchangedBut says how the lines Halo holds differ from the ones TrueUp sent, ignoring line
// skip ("" when they do not): a sent line that is gone or bills differently.
func (inv haloInvoice) unchangedBut(sent []json.RawMessage, skip string) string {
	for _, s := range sent {
		id := recordID(s)
		if id == "" || id == skip {
			continue
		}
		j := inv.find(id)
		if j < 0 {
			return fmt.Sprintf("line %s that TrueUp sent back unchanged is gone", id)
		}
		for _, f := range haloBilling {
			if !sameField(s, inv.lines[j], f) {
				return fmt.Sprintf("line %s that TrueUp sent back unchanged now has another %s", id, f)
			}
		}
	}
	return ""
}

// sameField compares one field of two lines by JSON value (numbers exactly).
func sameField(a, b json.RawMessage, field string) bool {
	fa, fb := fieldRaw(a, field), fieldRaw(b, field)
	if fa == nil || fb == nil {
		return fa == nil && fb == nil
	}
	if n, err := FieldNumber(a, field); err == nil {
		return SameNumber(n, fb)
	}
	var va, vb any
	return json.Unmarshal(fa, &va) == nil && json.Unmarshal(fb, &vb) == nil && fmt.Sprint(va) == fmt.Sprint(vb)
}

func fieldRaw(line json.RawMessage, field string) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(line, &m) != nil {
		return nil
	}
	return m[field]
}

// withField is line with one field set to value; every other field keeps Halo's bytes.
func withField(line json.RawMessage, field string, value json.RawMessage) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return nil, err
	}
	m[field] = value
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // Halo's text goes back as Halo wrote it
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}

// lineDescription is a line's item_shortdescription, where a new line's marker is.
func lineDescription(line json.RawMessage) string {
	var l struct {
		Description string `json:"item_shortdescription"`
	}
	_ = json.Unmarshal(line, &l)
	return l.Description
}

// HaloLineOf is line id of a recurring invoice header as Halo sent it (found false when the
// header has no such line), for the revert preview, which reads Halo as the push does.
func HaloLineOf(header []byte, id string) (line json.RawMessage, found bool, err error) {
	inv, err := parseHaloInvoice(header)
	if err != nil {
		return nil, false, err
	}
	i := inv.find(id)
	if i < 0 {
		return nil, false, nil
	}
	return inv.lines[i], true, nil
}
