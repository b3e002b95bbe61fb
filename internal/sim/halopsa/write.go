package halopsa

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The write side of the simulator: the two routes TrueUp pushes through, as the Halo API v2
// swagger describes them (covenanttechnologysolutions/halopsa-rest generator/spec/
// swagger.json; homotechsual/HaloAPI Private/New-HaloPOSTRequest.ps1, which always POSTs a
// JSON array, with an id to update and without one to create):
//   - POST /api/RecurringInvoice takes an array of InvoiceHeader. A header with an id updates
//     that recurring invoice, one without creates one (client_id required). When a header
//     carries "lines", that array is the invoice's whole set of lines afterwards: a line with
//     an id updates that line of the invoice (the fields sent over what it holds), a line
//     without one is created with a new id, and a line left out is removed
//     (research/psa-write-apis.md §3: the peer always sends the full set; the schema's
//     separate add_lines, which appends, is taken as well). Unknown fields are ignored.
//   - POST /api/Item takes an array of Item: with an id it updates that item's fields sent
//     (costprice, baseprice, recurringcost, recurringprice, ...), without one it creates one.
// Halo documents neither the answer nor an error body: the simulator answers 201 with the
// last record written, and refuses invalid input with 400 and the {"message": ...} body of
// Halo's ASP.NET API (the shape of its other errors). The request is all or nothing.

// maxWriteBody bounds a write's body (a recurring invoice with thousands of lines fits).
const maxWriteBody = 8 << 20

// refusal is a 400 with Halo's message body.
type refusal struct{ msg string }

func (e *refusal) Error() string { return e.msg }

func refuse(format string, args ...any) error { return &refusal{msg: fmt.Sprintf(format, args...)} }

// readArray reads a write's body: a JSON array of objects.
func readArray(r *http.Request, what string) ([]byte, []map[string]json.RawMessage, error) {
	sent, err := io.ReadAll(io.LimitReader(r.Body, maxWriteBody+1))
	if err != nil {
		return sent, nil, refuse("The request body could not be read.")
	}
	if len(sent) > maxWriteBody {
		return sent[:maxWriteBody], nil, refuse("The request body is too large.")
	}
	var rows []map[string]json.RawMessage
	d := json.NewDecoder(bytes.NewReader(sent))
	d.UseNumber()
	if err := d.Decode(&rows); err != nil || rows == nil {
		return sent, nil, refuse("The request is invalid: the body must be a JSON array of %s.", what)
	}
	return sent, rows, nil
}

// write runs one POST: parse, apply to a copy of the data under s.mu (all or nothing),
// then the faults, the log and the answer.
func (s *Server) write(w http.ResponseWriter, r *http.Request, what string, apply func(d *Dataset, rows []map[string]json.RawMessage) (any, error)) {
	sent, rows, err := readArray(r, what)
	if err != nil {
		s.logWrite(r, sent, http.StatusBadRequest, false)
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	next := s.data.Clone()
	answer, err := apply(next, rows)
	var f WriteFault
	hit := false
	if err == nil {
		if f, hit = s.takeWriteFault(r, FailBeforeApply); !hit {
			s.data = next
		}
	}
	s.mu.Unlock()
	var bad *refusal
	switch {
	case errors.As(err, &bad):
		s.logWrite(r, sent, http.StatusBadRequest, false)
		writeMessage(w, http.StatusBadRequest, bad.msg)
		return
	case err != nil:
		s.logWrite(r, sent, http.StatusInternalServerError, false)
		writeMessage(w, http.StatusInternalServerError, "An error has occurred.")
		return
	case hit:
		s.logWrite(r, sent, f.status(), false)
		writeFault(w, f.Fault)
		return
	}
	if _, hit := s.takeWriteFault(r, ApplyThenDrop); hit {
		s.logWrite(r, sent, 0, true)
		dropConnection(w)
		return
	}
	if f, hit := s.takeWriteFault(r, ApplyThenFail); hit {
		s.logWrite(r, sent, f.status(), true)
		writeFault(w, f.Fault)
		return
	}
	if _, hit := s.takeWriteFault(r, ApplyThenHang); hit {
		s.logWrite(r, sent, 0, true)
		<-r.Context().Done() // the client gave up, or the server closed
		return
	}
	s.logWrite(r, sent, http.StatusCreated, true)
	writeJSON(w, http.StatusCreated, answer)
}

// dropConnection closes the connection without an answer, as a crash or a network cut after
// the server committed would.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func (s *Server) postInvoices(w http.ResponseWriter, r *http.Request) {
	s.write(w, r, "InvoiceHeader", func(d *Dataset, rows []map[string]json.RawMessage) (any, error) {
		var last RecurringInvoice
		for _, h := range rows {
			inv, err := s.applyInvoice(d, h)
			if err != nil {
				return nil, err
			}
			last = inv
		}
		return renderInvoice(last, true), nil
	})
}

func (s *Server) postItems(w http.ResponseWriter, r *http.Request) {
	s.write(w, r, "Item", func(d *Dataset, rows []map[string]json.RawMessage) (any, error) {
		var last Item
		for _, row := range rows {
			it, err := s.applyItem(d, row)
			if err != nil {
				return nil, err
			}
			last = it
		}
		return last, nil
	})
}

// rowID reads a row's id: 0 when it has none (null, 0 or absent: a create).
func rowID(row map[string]json.RawMessage, field string) (int, error) {
	raw, ok := row[field]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.Trim(string(bytes.TrimSpace(raw)), `"`))
	if err != nil || n < 0 {
		return 0, refuse("The value '%s' is not valid for %s.", raw, field)
	}
	return n, nil
}

// overlay sets the fields of row over rec (a record struct), leaving the ones not sent, and
// ignoring skip and fields the record does not have.
func overlay[T any](rec *T, row map[string]json.RawMessage, what string, skip ...string) error {
	cur, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(cur, &fields); err != nil {
		return err
	}
	for k, v := range row {
		if _, known := fields[k]; !known || slices.Contains(skip, k) {
			continue
		}
		fields[k] = v
	}
	merged, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	var out T
	if err := json.Unmarshal(merged, &out); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return refuse("The %s is invalid: %s cannot be %s.", what, te.Field, te.Value)
		}
		return refuse("The %s is invalid.", what)
	}
	*rec = out
	return nil
}

func (s *Server) applyInvoice(d *Dataset, h map[string]json.RawMessage) (RecurringInvoice, error) {
	id, err := rowID(h, "id")
	if err != nil {
		return RecurringInvoice{}, err
	}
	k := -1
	if id > 0 {
		k = slices.IndexFunc(d.Invoices, func(inv RecurringInvoice) bool { return inv.ID == id })
		if k < 0 {
			return RecurringInvoice{}, refuse("Recurring Invoice %d does not exist.", id)
		}
	} else {
		d.Invoices = append(d.Invoices, RecurringInvoice{ID: nextInvoiceID(d), Lines: []InvoiceLine{}})
		k = len(d.Invoices) - 1
	}
	inv := &d.Invoices[k]
	if err := overlay(inv, h, "recurring invoice", "id", "lines", "add_lines"); err != nil {
		return RecurringInvoice{}, err
	}
	if id == 0 {
		ci := slices.IndexFunc(d.Clients, func(c Client) bool { return c.ID == inv.ClientID })
		if inv.ClientID == 0 || ci < 0 {
			return RecurringInvoice{}, refuse("Please select a valid Client.")
		}
		inv.ClientName = d.Clients[ci].Name
	}
	if raw, ok := h["lines"]; ok && string(bytes.TrimSpace(raw)) != "null" {
		lines, err := s.invoiceLines(d, *inv, raw, false)
		if err != nil {
			return RecurringInvoice{}, err
		}
		inv.Lines = lines
	}
	if raw, ok := h["add_lines"]; ok && string(bytes.TrimSpace(raw)) != "null" {
		added, err := s.invoiceLines(d, *inv, raw, true)
		if err != nil {
			return RecurringInvoice{}, err
		}
		inv.Lines = append(inv.Lines, added...)
	}
	inv.LastModified = haloStamp(s.now())
	out := *inv
	out.Lines = slices.Clone(inv.Lines)
	return out, nil
}

// invoiceLines reads a lines array for inv: the new set (onlyNew false), or lines to append
// (add_lines: onlyNew true, every line is created).
func (s *Server) invoiceLines(d *Dataset, inv RecurringInvoice, raw json.RawMessage, onlyNew bool) ([]InvoiceLine, error) {
	var rows []map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&rows); err != nil {
		return nil, refuse("The recurring invoice's lines must be an array of InvoiceDetail.")
	}
	out := make([]InvoiceLine, 0, len(rows))
	seen := map[int]bool{}
	nextID := max(nextLineID(d), s.writes.lineSeq+1)
	for _, row := range rows {
		lid, err := rowID(row, "id")
		if err != nil {
			return nil, err
		}
		var l InvoiceLine
		if lid > 0 && !onlyNew {
			k := slices.IndexFunc(inv.Lines, func(l InvoiceLine) bool { return l.ID == lid })
			if k < 0 {
				return nil, refuse("Line %d is not a line of Recurring Invoice %d.", lid, inv.ID)
			}
			if seen[lid] {
				return nil, refuse("Line %d is sent twice.", lid)
			}
			seen[lid] = true
			l = inv.Lines[k]
			if err := overlay(&l, row, "line", "id", "ihid"); err != nil {
				return nil, err
			}
		} else {
			if err := overlay(&l, row, "line", "id", "ihid"); err != nil {
				return nil, err
			}
			it := slices.IndexFunc(d.Items, func(it Item) bool { return it.ID == l.ItemID })
			if l.ItemID == 0 || it < 0 {
				return nil, refuse("Please select a valid Item for each line.")
			}
			item := d.Items[it]
			l.ID, nextID = nextID, nextID+1
			s.writes.lineSeq = l.ID // never reused, even after the line is removed
			if l.ItemCode == "" {
				l.ItemCode = itemCode(item.Name)
			}
			if l.ItemShortDescription == "" {
				l.ItemShortDescription = item.Name
			}
			if _, sent := row["unit_price"]; !sent {
				l.UnitPrice = item.RecurringPrice
			}
			if _, sent := row["unit_cost"]; !sent {
				l.UnitCost = item.RecurringCost
			}
			if l.BasePrice == 0 {
				l.BasePrice = item.BasePrice
			}
			if l.ContractID == 0 {
				l.ContractID = inv.ContractID
			}
			l.SequenceID = len(out) + 1 // its place in the new set
			if onlyNew {
				l.SequenceID += len(inv.Lines)
			}
		}
		l.IHID = inv.ID
		l.NetAmount = l.QtyOrder * l.UnitPrice
		out = append(out, l)
	}
	return out, nil
}

func (s *Server) applyItem(d *Dataset, row map[string]json.RawMessage) (Item, error) {
	id, err := rowID(row, "id")
	if err != nil {
		return Item{}, err
	}
	if id == 0 {
		it := Item{ID: 1}
		for _, x := range d.Items {
			it.ID = max(it.ID, x.ID+1)
		}
		if err := overlay(&it, row, "item", "id"); err != nil {
			return Item{}, err
		}
		if strings.TrimSpace(it.Name) == "" {
			return Item{}, refuse("Please enter a name for the Item.")
		}
		it.LastModified = haloStamp(s.now())
		d.Items = append(d.Items, it)
		return it, nil
	}
	k := slices.IndexFunc(d.Items, func(it Item) bool { return it.ID == id })
	if k < 0 {
		return Item{}, refuse("Item %d does not exist.", id)
	}
	if err := overlay(&d.Items[k], row, "item", "id"); err != nil {
		return Item{}, err
	}
	d.Items[k].LastModified = haloStamp(s.now())
	return d.Items[k], nil
}

func nextInvoiceID(d *Dataset) int {
	n := 1
	for _, inv := range d.Invoices {
		n = max(n, inv.ID+1)
	}
	return n
}

// nextLineID is one more than every line id of the instance: line ids are unique across
// recurring invoices, as database keys are (and, with writeState.lineSeq, never reused).
func nextLineID(d *Dataset) int {
	n := 1
	for _, inv := range d.Invoices {
		for _, l := range inv.Lines {
			n = max(n, l.ID+1)
		}
	}
	return n
}
