package connectwise

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The write routes TrueUp's push uses, as ConnectWise documents them (OpenAPI 2025.1 via
// ai-connor/connectwise api_agreement_additions.go and api_catalogs_item.go):
//
//	PATCH /finance/agreements/{agreementId}/additions/{id}  JSON Patch array -> 200 Addition
//	POST  /finance/agreements/{agreementId}/additions       Addition object  -> 201 Addition
//	DELETE /finance/agreements/{agreementId}/additions/{id} no body          -> 204, empty body
//	PATCH /procurement/catalog/{id}                         JSON Patch array -> 200 CatalogItem
//
// DELETE answers 204 with an empty body (the spec's "Return type: (empty response body)",
// ai-connor/connectwise build/docs/AgreementAdditionsAPI.md) and 404 with the error body
// when the addition is not on the agreement (also when it was deleted before).
//
// A PATCH body must be an array of {op, path, value}: an object is refused with 400 (a
// peer CLI sends objects; the spec says array, and TrueUp must not depend on leniency).
// Every refusal uses the {code, message, errors[{code, message, resource, field}]} body.

// maxWriteBody bounds a write request body (an addition is well under 8 KiB).
const maxWriteBody = 1 << 20

func (s *Server) routeWrite(w http.ResponseWriter, r *http.Request, path string) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	switch {
	case len(parts) >= 4 && parts[0] == "finance" && parts[1] == "agreements" && parts[3] == "additions":
		agID, err := strconv.Atoi(parts[2])
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidObject", fmt.Sprintf("%q is not an agreement id.", parts[2]))
			return
		}
		switch {
		case len(parts) == 4 && r.Method == http.MethodPost:
			s.createAddition(w, r, agID)
		case len(parts) == 5 && (r.Method == http.MethodPatch || r.Method == http.MethodDelete):
			id, err := strconv.Atoi(parts[4])
			if err != nil {
				writeError(w, http.StatusBadRequest, "InvalidObject", fmt.Sprintf("%q is not an addition id.", parts[4]))
				return
			}
			if r.Method == http.MethodDelete {
				s.deleteAddition(w, r, agID, id)
				return
			}
			s.patchAddition(w, r, agID, id)
		default:
			writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", fmt.Sprintf("%s is not supported on %s.", r.Method, path))
		}
	case len(parts) == 3 && parts[0] == "procurement" && parts[1] == "catalog" && r.Method == http.MethodPatch:
		id, err := strconv.Atoi(parts[2])
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidObject", fmt.Sprintf("%q is not a catalog item id.", parts[2]))
			return
		}
		s.patchCatalogItem(w, r, id)
	default:
		writeError(w, http.StatusNotFound, "NotFound", fmt.Sprintf("The requested URL %s was not found.", path))
	}
}

// patchOp is one JSON Patch operation as ConnectWise's PatchOperation model has it.
type patchOp struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value"`
}

// refusal is a 400 the handler answers with (nothing is applied).
type refusal struct {
	code, msg string
	errs      []validationError
}

func invalidField(resource, field, msg string) *refusal {
	return &refusal{code: "InvalidObject", msg: resource + " object is invalid",
		errs: []validationError{{Code: "InvalidField", Message: msg, Resource: resource, Field: field}}}
}

func missingField(resource, field string) *refusal {
	return &refusal{code: "InvalidObject", msg: resource + " object is invalid",
		errs: []validationError{{Code: "MissingRequiredField", Message: fmt.Sprintf("The %s field is required.", field), Resource: resource, Field: field}}}
}

func (f *refusal) write(w http.ResponseWriter) {
	writeError(w, http.StatusBadRequest, f.code, f.msg, f.errs...)
}

func readWriteBody(r *http.Request) ([]byte, *refusal) {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxWriteBody+1))
	if err != nil || len(b) > maxWriteBody {
		return nil, &refusal{code: "InvalidObject", msg: "The request body could not be read."}
	}
	return bytes.TrimSpace(b), nil
}

// parsePatch reads a JSON Patch array; resource names the record kind for error bodies.
// It returns the body as received too, for the write log.
func parsePatch(r *http.Request, resource string) ([]patchOp, []byte, *refusal) {
	b, bad := readWriteBody(r)
	if bad != nil {
		return nil, b, bad
	}
	ops, bad := patchOps(b, resource)
	return ops, b, bad
}

func patchOps(b []byte, resource string) ([]patchOp, *refusal) {
	if len(b) == 0 || b[0] != '[' {
		return nil, &refusal{code: "InvalidObject", msg: "The patch document must be a JSON array of operations, e.g. [{\"op\":\"replace\",\"path\":\"quantity\",\"value\":27}].",
			errs: []validationError{{Code: "InvalidObject", Message: "Expected an array of PatchOperation.", Resource: resource, Field: "patchOperation"}}}
	}
	var ops []patchOp
	if err := json.Unmarshal(b, &ops); err != nil {
		return nil, &refusal{code: "InvalidObject", msg: "The patch document is not valid JSON: " + err.Error()}
	}
	if len(ops) == 0 {
		return nil, &refusal{code: "InvalidObject", msg: "The patch document holds no operation."}
	}
	for _, op := range ops {
		switch op.Op {
		case "replace", "add":
		default:
			return nil, invalidField(resource, "op", fmt.Sprintf("Operation %q is not supported on %s; use replace or add.", op.Op, strings.TrimPrefix(op.Path, "/")))
		}
	}
	return ops, nil
}

func numberField(resource, field string, raw json.RawMessage, min float64) (float64, *refusal) {
	var f float64
	// json.Unmarshal leaves f alone for null: a null quantity must not read as 0.
	if isNull(raw) || json.Unmarshal(raw, &f) != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, invalidField(resource, field, fmt.Sprintf("%s must be a number.", field))
	}
	if f < min {
		return 0, invalidField(resource, field, fmt.Sprintf("%s must be %g or more.", field, min))
	}
	return f, nil
}

func isNull(raw json.RawMessage) bool {
	return len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

func textField(resource, field string, raw json.RawMessage, max int) (string, *refusal) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", invalidField(resource, field, fmt.Sprintf("%s must be a string.", field))
	}
	if len([]rune(s)) > max {
		return "", invalidField(resource, field, fmt.Sprintf("%s can be at most %d characters.", field, max))
	}
	return s, nil
}

func flagField(resource, field string, raw json.RawMessage) (bool, *refusal) {
	var b bool
	if isNull(raw) || json.Unmarshal(raw, &b) != nil {
		return false, invalidField(resource, field, fmt.Sprintf("%s must be true or false.", field))
	}
	return b, nil
}

// date reads a ConnectWise date ("2027-01-01T00:00:00Z"; a plain date is accepted too) and
// renders it as ConnectWise sends dates. null or "" clears it when clearable.
func dateField(resource, field string, raw json.RawMessage, clearable bool) (string, *refusal) {
	var s *string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", invalidField(resource, field, fmt.Sprintf("%s must be a date such as 2027-01-01T00:00:00Z.", field))
	}
	if s == nil || *s == "" {
		if clearable {
			return "", nil
		}
		return "", invalidField(resource, field, fmt.Sprintf("%s cannot be empty.", field))
	}
	if t, ok := parseDateTime(*s); ok {
		return cwDate(t.UTC()), nil
	}
	if t, err := time.Parse("2006-01-02", *s); err == nil {
		return cwDate(t), nil
	}
	return "", invalidField(resource, field, fmt.Sprintf("%s must be a date such as 2027-01-01T00:00:00Z.", field))
}

func billCustomerField(raw json.RawMessage) (string, *refusal) {
	var s string
	_ = json.Unmarshal(raw, &s)
	switch s {
	case "Billable", "DoNotBill", "NoCharge":
		return s, nil
	}
	return "", invalidField("addition", "billCustomer", "billCustomer must be Billable, DoNotBill or NoCharge.")
}

// additionWritable lists the fields setAdditionField knows.
var additionWritable = map[string]bool{
	"quantity": true, "lessIncluded": true, "unitPrice": true, "unitCost": true, "billCustomer": true,
	"effectiveDate": true, "cancelledDate": true, "description": true, "invoiceDescription": true,
	"taxableFlag": true, "prorateCurrentPeriodFlag": true,
}

// setAdditionField applies one writable field; the fields are the Addition schema's core
// writable ones (research/psa-write-apis.md §1.2) that TrueUp may touch.
func setAdditionField(a *Addition, field string, raw json.RawMessage) *refusal {
	const res = "addition"
	var bad *refusal
	switch field {
	case "quantity":
		a.Quantity, bad = numberField(res, field, raw, 0)
	case "lessIncluded":
		a.LessIncluded, bad = numberField(res, field, raw, 0)
	case "unitPrice":
		a.UnitPrice, bad = numberField(res, field, raw, math.Inf(-1))
	case "unitCost":
		a.UnitCost, bad = numberField(res, field, raw, 0)
	case "billCustomer":
		a.BillCustomer, bad = billCustomerField(raw)
	case "effectiveDate":
		a.EffectiveDate, bad = dateField(res, field, raw, false)
	case "cancelledDate":
		a.CancelledDate, bad = dateField(res, field, raw, true)
	case "description":
		a.Description, bad = textField(res, field, raw, 6000)
	case "invoiceDescription":
		a.InvoiceDescription, bad = textField(res, field, raw, 6000)
	case "taxableFlag":
		a.TaxableFlag, bad = flagField(res, field, raw)
	case "prorateCurrentPeriodFlag":
		a.ProrateCurrentPeriodFlag, bad = flagField(res, field, raw)
	default:
		return invalidField(res, field, fmt.Sprintf("%s is not a field of addition that can be changed.", field))
	}
	return bad
}

// derive recomputes what ConnectWise derives from an addition's writable fields (the
// billed quantity and the extended price and cost), as the datasets do.
func derive(a *Addition) {
	billed := billedQuantity(*a)
	a.BilledQuantity = billed
	a.ExtPrice = math.Round(billed*a.UnitPrice*100) / 100
	a.ExtCost = math.Round(a.Quantity*a.UnitCost*100) / 100
}

// stampWrite moves _info.lastUpdated to now, and at least one second past its last value:
// stamps are whole seconds, and a writer must be able to tell its change from the state
// before it even when two writes fall in the same second.
func (s *Server) stampWrite(i *Info) {
	at := s.now()
	if !at.After(i.LastUpdated) {
		at = i.LastUpdated.Add(time.Second)
	}
	i.LastUpdated, i.UpdatedBy = at, "TrueUpAPI"
}

// outcome is what a write handler decided while it held s.mu: a refusal, a missing target,
// a fault that strikes before applying, or the applied change and its answer.
type outcome struct {
	refused  *refusal
	notFound string // the 404's message
	fault    *WriteFault
	status   int    // of an applied change
	body     []byte // its answer; nil for 204 No Content
}

func applied(status int, body []byte) outcome { return outcome{status: status, body: body} }
func missing(msg string) outcome              { return outcome{notFound: msg} }
func refused(bad *refusal) outcome            { return outcome{refused: bad} }

// beforeApply is the FailBeforeApply fault of r, if one strikes; s.mu is held.
func (s *Server) beforeApply(r *http.Request) (outcome, bool) {
	f, hit := s.takeWriteFault(r, FailBeforeApply)
	return outcome{fault: &f}, hit
}

// commit runs one write: a body already refused (bad) is answered at once; otherwise apply
// runs under s.mu and decides, and commit unlocks, logs the write and answers it. Every
// write handler goes through here, so each outcome is logged and answered the same way.
func (s *Server) commit(w http.ResponseWriter, r *http.Request, sent []byte, bad *refusal, apply func() outcome) {
	if bad != nil {
		s.logWrite(r, sent, http.StatusBadRequest, false)
		bad.write(w)
		return
	}
	s.mu.Lock()
	o := apply()
	s.mu.Unlock()
	switch {
	case o.refused != nil:
		s.logWrite(r, sent, http.StatusBadRequest, false)
		o.refused.write(w)
	case o.notFound != "":
		s.logWrite(r, sent, http.StatusNotFound, false)
		writeError(w, http.StatusNotFound, "NotFound", o.notFound)
	case o.fault != nil:
		s.logWrite(r, sent, o.fault.status(), false)
		s.writeFault(w, o.fault.Fault)
	default:
		s.answerWrite(w, r, sent, o.status, o.body)
	}
}

func (s *Server) patchAddition(w http.ResponseWriter, r *http.Request, agID, id int) {
	ops, sent, bad := parsePatch(r, "addition")
	s.commit(w, r, sent, bad, func() outcome {
		_, agOK := s.agreement[agID]
		cur, ok := s.addition[id]
		if !agOK || !ok || cur.AgreementID != agID {
			return missing(fmt.Sprintf("Addition with id %d was not found on agreement %d.", id, agID))
		}
		if o, hit := s.beforeApply(r); hit {
			return o
		}
		next := *cur
		for _, op := range ops {
			if bad := setAdditionField(&next, strings.TrimPrefix(op.Path, "/"), op.Value); bad != nil {
				return refused(bad)
			}
		}
		derive(&next)
		s.stampWrite(&next.Info)
		*cur = next
		body := mustJSON(cur)
		find(s.additions[agID], id).raw = body
		return applied(http.StatusOK, body)
	})
}

// deleteAddition removes an addition: 204 with no body, 404 when the agreement does not
// hold it (never there, or deleted before: a second DELETE changes nothing).
func (s *Server) deleteAddition(w http.ResponseWriter, r *http.Request, agID, id int) {
	sent, bad := readWriteBody(r)
	s.commit(w, r, sent, bad, func() outcome {
		_, agOK := s.agreement[agID]
		cur, ok := s.addition[id]
		if !agOK || !ok || cur.AgreementID != agID {
			return missing(fmt.Sprintf("Addition with id %d was not found on agreement %d.", id, agID))
		}
		if o, hit := s.beforeApply(r); hit {
			return o
		}
		delete(s.addition, id)
		s.additions[agID] = removeRecord(s.additions[agID], id)
		return applied(http.StatusNoContent, nil)
	})
}

// newAddition is the POST body: an Addition whose reference fields are checked for presence.
type newAddition struct {
	Product      *Ref            `json:"product"`
	BillCustomer json.RawMessage `json:"billCustomer"`
}

func (s *Server) createAddition(w http.ResponseWriter, r *http.Request, agID int) {
	b, bad := readWriteBody(r)
	if bad == nil && (len(b) == 0 || b[0] != '{') {
		bad = &refusal{code: "InvalidObject", msg: "The request body must be an addition object."}
	}
	var req newAddition
	var fields map[string]json.RawMessage
	if bad == nil {
		if json.Unmarshal(b, &req) != nil || json.Unmarshal(b, &fields) != nil {
			bad = &refusal{code: "InvalidObject", msg: "The addition object is not valid JSON."}
		}
	}
	switch {
	case bad != nil:
	case req.Product == nil || req.Product.ID == 0 && req.Product.Identifier == "":
		bad = missingField("addition", "product")
	case len(req.BillCustomer) == 0 || string(req.BillCustomer) == "null":
		bad = missingField("addition", "billCustomer")
	}
	s.commit(w, r, b, bad, func() outcome {
		ag, ok := s.agreement[agID]
		if !ok {
			return missing(fmt.Sprintf("Agreement with id %d was not found.", agID))
		}
		if o, hit := s.beforeApply(r); hit {
			return o
		}
		a := Addition{AgreementID: agID, AgreementStatus: ag.AgreementStatus, Uom: "Each"}
		product, bad := s.resolveProduct(*req.Product)
		a.Product = product
		// Fields in key order, so that of two bad fields the same one is always named. Fields
		// that are not writable (id, agreementId, _info, extPrice...) are the server's to set
		// and are ignored, as a create ignores unknown properties; product is resolved above.
		for _, field := range slices.Sorted(maps.Keys(fields)) {
			if bad != nil {
				break
			}
			if field != "product" && additionWritable[field] {
				bad = setAdditionField(&a, field, fields[field])
			}
		}
		if bad != nil {
			return refused(bad)
		}
		// Ids only grow, as ConnectWise's do: a deleted addition's id is never given again.
		a.ID = s.nextAddition
		s.nextAddition++
		derive(&a)
		s.stampWrite(&a.Info)
		a.Info.DateEntered, a.Info.EnteredBy = a.Info.LastUpdated, "TrueUpAPI"
		s.addition[a.ID] = &a
		rec := additionRecord(&a)
		s.additions[agID] = append(s.additions[agID], rec) // the new id is the largest: still sorted
		return applied(http.StatusCreated, rec.raw)
	})
}

// resolveProduct checks a product reference against the catalog, when the tenant has one,
// and fills in what ConnectWise returns for it (id and identifier). s.mu must be held.
func (s *Server) resolveProduct(p Ref) (Ref, *refusal) {
	if len(s.item) == 0 {
		return p, nil
	}
	if p.ID != 0 {
		if it, ok := s.item[p.ID]; ok {
			return Ref{ID: it.ID, Identifier: it.Identifier}, nil
		}
	} else {
		for _, it := range s.item {
			if strings.EqualFold(it.Identifier, p.Identifier) {
				return Ref{ID: it.ID, Identifier: it.Identifier}, nil
			}
		}
	}
	return p, invalidField("addition", "product", "The product was not found in the product catalog.")
}

func (s *Server) patchCatalogItem(w http.ResponseWriter, r *http.Request, id int) {
	ops, sent, bad := parsePatch(r, "catalogItem")
	s.commit(w, r, sent, bad, func() outcome {
		cur, ok := s.item[id]
		if !ok {
			return missing(fmt.Sprintf("CatalogItem with id %d was not found.", id))
		}
		if o, hit := s.beforeApply(r); hit {
			return o
		}
		next := *cur
		for _, op := range ops {
			if bad := setCatalogField(&next, strings.TrimPrefix(op.Path, "/"), op.Value); bad != nil {
				return refused(bad)
			}
		}
		s.stampWrite(&next.Info)
		*cur = next
		body := mustJSON(cur)
		find(s.catalog, id).raw = body
		return applied(http.StatusOK, body)
	})
}

// setCatalogField applies one writable catalog item field.
func setCatalogField(c *CatalogItem, field string, raw json.RawMessage) *refusal {
	const res = "catalogItem"
	var bad *refusal
	switch field {
	case "cost":
		c.Cost, bad = numberField(res, field, raw, 0)
	case "price":
		c.Price, bad = numberField(res, field, raw, math.Inf(-1))
	case "recurringCost":
		c.RecurringCost, bad = numberField(res, field, raw, 0)
	case "recurringRevenue":
		c.RecurringRevenue, bad = numberField(res, field, raw, math.Inf(-1))
	case "description":
		c.Description, bad = textField(res, field, raw, 60)
	case "customerDescription":
		c.CustomerDescription, bad = textField(res, field, raw, 60)
	case "inactiveFlag":
		c.InactiveFlag, bad = flagField(res, field, raw)
	default:
		bad = invalidField(res, field, fmt.Sprintf("%s is not a field of catalogItem that can be changed.", field))
	}
	return bad
}

// answerWrite answers an applied write, unless a fault says to fail after applying. A nil
// body is a 204 No Content.
func (s *Server) answerWrite(w http.ResponseWriter, r *http.Request, sent []byte, status int, body []byte) {
	if _, hit := s.takeWriteFault(r, ApplyThenDrop); hit {
		s.logWrite(r, sent, 0, true)
		dropConnection(w)
		return
	}
	if f, hit := s.takeWriteFault(r, ApplyThenFail); hit {
		s.logWrite(r, sent, f.status(), true)
		s.writeFault(w, f.Fault)
		return
	}
	s.logWrite(r, sent, status, true)
	if body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// dropConnection closes the client's connection without an answer, as a crashed gateway
// or a network cut after the server committed would.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: aborting the handler resets the stream
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
