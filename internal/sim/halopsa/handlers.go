package halopsa

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// defaultPageSize is what the simulator uses for pageinate=true without page_size (Halo
// documents no default; a small one makes clients that forget page_size page visibly).
const defaultPageSize = 50

// listQuery is the paging part of a list request.
type listQuery struct {
	paginate bool
	size     int
	page     int // from 1
}

func boolParam(q url.Values, name string) (value, set bool) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return false, false
	}
	return strings.EqualFold(v, "true") || v == "1", true
}

func intParam(q url.Values, name string) (int, bool, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return 0, false, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, true, fmt.Errorf("The value '%s' is not valid for %s.", v, name)
	}
	return n, true, nil
}

func parseListQuery(q url.Values, maxSize int) (listQuery, error) {
	lq := listQuery{size: defaultPageSize, page: 1}
	lq.paginate, _ = boolParam(q, "pageinate")
	if n, ok, err := intParam(q, "page_size"); err != nil {
		return lq, err
	} else if ok && n > 0 {
		lq.size = n
	}
	if maxSize > 0 {
		lq.size = min(lq.size, maxSize)
	}
	// Pages start at 1; page_no 0 or below is read as the first page (so a client that
	// counts from 0 reads page 1 twice).
	if n, ok, err := intParam(q, "page_no"); err != nil {
		return lq, err
	} else if ok && n > 1 {
		lq.page = n
	}
	return lq, nil
}

// page cuts rows to the requested page.
func page[T any](rows []T, lq listQuery) []T {
	if !lq.paginate {
		return rows
	}
	from := (lq.page - 1) * lq.size
	if from >= len(rows) {
		return []T{}
	}
	return rows[from:min(len(rows), from+lq.size)]
}

// writeList answers {"record_count": N, key: [...]}; record_count counts every row that
// matched, not the page.
func writeList[T any](w http.ResponseWriter, r *http.Request, maxSize int, key string, rows []T, render func(T) any) {
	lq, err := parseListQuery(r.URL.Query(), maxSize)
	if err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	out := make([]any, 0, len(rows))
	for _, row := range page(rows, lq) {
		out = append(out, render(row))
	}
	body := map[string]any{"record_count": len(rows), key: out}
	if lq.paginate {
		body["page_no"], body["page_size"] = lq.page, lq.size
	}
	writeJSON(w, http.StatusOK, body)
}

func itself[T any](v T) any { return v }

// includeInactive reports whether a list includes inactive records, and active ones.
func includeFlags(q url.Values) (active, inactive bool) {
	active = true
	if v, set := boolParam(q, "includeactive"); set {
		active = v
	}
	inactive, _ = boolParam(q, "includeinactive")
	return active, inactive
}

func wanted(inactiveRow, active, inactive bool) bool {
	if inactiveRow {
		return inactive
	}
	return active
}

func (s *Server) listClients(w http.ResponseWriter, r *http.Request) {
	active, inactive := includeFlags(r.URL.Query())
	s.mu.Lock()
	var rows []Client
	for _, c := range s.data.Clients {
		if wanted(c.Inactive, active, inactive) {
			rows = append(rows, c)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(rows, func(a, b Client) int { return a.ID - b.ID })
	writeList(w, r, s.opts.MaxPageSize, "clients", rows, itself)
}

func (s *Server) getClient(w http.ResponseWriter, idText string) {
	id, err := strconv.Atoi(idText)
	if err != nil {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("The value '%s' is not valid.", idText))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.data.Clients {
		if c.ID == id {
			writeJSON(w, http.StatusOK, c)
			return
		}
	}
	writeMessage(w, http.StatusNotFound, fmt.Sprintf("Client %d not found.", id))
}

func (s *Server) listContracts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	clientID, hasClient, err := intParam(q, "client_id")
	if err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	inactive, _ := boolParam(q, "includeinactive")
	s.mu.Lock()
	var rows []Contract
	for _, c := range s.data.Contracts {
		if (hasClient && c.ClientID != clientID) || (!c.Active && !inactive) {
			continue
		}
		rows = append(rows, c)
	}
	s.mu.Unlock()
	slices.SortFunc(rows, func(a, b Contract) int { return a.ID - b.ID })
	writeList(w, r, s.opts.MaxPageSize, "contracts", rows, itself)
}

func (s *Server) listInvoices(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	clientID, hasClient, err := intParam(q, "client_id")
	if err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	contractID, hasContract, err := intParam(q, "contract_id")
	if err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	lines, _ := boolParam(q, "includelines")
	s.mu.Lock()
	var rows []RecurringInvoice
	for _, inv := range s.data.Invoices {
		if (hasClient && inv.ClientID != clientID) || (hasContract && inv.ContractID != contractID) {
			continue
		}
		inv.Lines = slices.Clone(inv.Lines)
		rows = append(rows, inv)
	}
	s.mu.Unlock()
	slices.SortFunc(rows, func(a, b RecurringInvoice) int { return a.ID - b.ID })
	writeList(w, r, s.opts.MaxPageSize, "invoices", rows, func(inv RecurringInvoice) any { return renderInvoice(inv, lines) })
}

func renderInvoice(inv RecurringInvoice, lines bool) any {
	if !lines {
		return headerOnly(inv)
	}
	if inv.Lines == nil {
		inv.Lines = []InvoiceLine{}
	}
	return inv
}

func (s *Server) getInvoice(w http.ResponseWriter, r *http.Request, idText string) {
	id, err := strconv.Atoi(idText)
	if err != nil {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("The value '%s' is not valid.", idText))
		return
	}
	details, _ := boolParam(r.URL.Query(), "includedetails")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, inv := range s.data.Invoices {
		if inv.ID == id {
			inv.Lines = slices.Clone(inv.Lines)
			writeJSON(w, http.StatusOK, renderInvoice(inv, details))
			return
		}
	}
	writeMessage(w, http.StatusNotFound, fmt.Sprintf("Recurring invoice %d not found.", id))
}

func (s *Server) listItems(w http.ResponseWriter, r *http.Request) {
	active, inactive := includeFlags(r.URL.Query())
	s.mu.Lock()
	var rows []Item
	for _, it := range s.data.Items {
		if wanted(it.Inactive, active, inactive) {
			rows = append(rows, it)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(rows, func(a, b Item) int { return a.ID - b.ID })
	writeList(w, r, s.opts.MaxPageSize, "items", rows, itself)
}

func (s *Server) getItem(w http.ResponseWriter, idText string) {
	id, err := strconv.Atoi(idText)
	if err != nil {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("The value '%s' is not valid.", idText))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range s.data.Items {
		if it.ID == id {
			writeJSON(w, http.StatusOK, it)
			return
		}
	}
	writeMessage(w, http.StatusNotFound, fmt.Sprintf("Item %d not found.", id))
}
