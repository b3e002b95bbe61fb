package halopsa

import (
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/trueup/trueup/internal/sim"
)

// WriteFaultMode says when an injected write failure strikes, relative to applying the
// change: the outcomes a push must tell apart.
type WriteFaultMode int

const (
	// FailBeforeApply answers the fault's status (default 500) and changes nothing.
	FailBeforeApply WriteFaultMode = iota + 1
	// ApplyThenDrop applies the change, then closes the connection without an answer.
	ApplyThenDrop
	// ApplyThenFail applies the change, then answers the fault's status (default 500), as
	// a gateway that timed out in front of a Halo that finished would.
	ApplyThenFail
	// ApplyThenHang applies the change, then holds the answer until the client gives up
	// (its timeout or cancellation) or the server closes.
	ApplyThenHang
)

// WriteFault is a failure injected into POST requests only (reads are unaffected);
// PathContains, Status, Times, RetryAfter and Body mean what they mean in sim.Fault. It
// strikes after authentication and after the body was read and found valid, so a 401 or a
// validation error still wins.
type WriteFault struct {
	sim.Fault
	Mode WriteFaultMode
}

func (f WriteFault) status() int {
	if f.Status == 0 {
		return http.StatusInternalServerError
	}
	return f.Status
}

// writeFaults holds one sim.Faults list per mode.
type writeFaults struct {
	before, drop, after, hang sim.Faults
}

func (wf *writeFaults) list(m WriteFaultMode) *sim.Faults {
	switch m {
	case ApplyThenDrop:
		return &wf.drop
	case ApplyThenFail:
		return &wf.after
	case ApplyThenHang:
		return &wf.hang
	}
	return &wf.before
}

// Write is one write request as the server received it, and what became of it.
type Write struct {
	Method string
	Path   string // below PathPrefix, as sent (e.g. /RecurringInvoice)
	Body   string // the request body as sent
	// Status is the answer's status; 0 when the connection was dropped or held without one.
	Status int
	// Applied says the change was made (it can be true with Status 0 or 5xx).
	Applied bool
}

// writeLog is the list of write requests received, in order.
type writeLog struct {
	mu   sync.Mutex
	list []Write
}

// writeState is what the write side adds to a Server: the log and the faults (a field of
// Server, so the read side's code stays as it is).
type writeState struct {
	log    writeLog
	faults writeFaults
	// lineSeq is the last line id handed out (guarded by Server.mu).
	lineSeq int
}

// AddWriteFault injects a write failure (see WriteFault).
func (s *Server) AddWriteFault(f WriteFault) {
	if f.Status == 0 && (f.Mode == FailBeforeApply || f.Mode == ApplyThenFail || f.Mode == 0) {
		f.Status = http.StatusInternalServerError
	}
	s.writes.faults.list(f.Mode).Add(f.Fault)
}

func (s *Server) takeWriteFault(r *http.Request, m WriteFaultMode) (WriteFault, bool) {
	uri := r.URL.Path
	if r.URL.RawQuery != "" {
		uri += "?" + r.URL.RawQuery
	}
	f, ok := s.writes.faults.list(m).Take(uri)
	return WriteFault{Fault: f, Mode: m}, ok
}

func (s *Server) logWrite(r *http.Request, sent []byte, status int, applied bool) {
	p := r.URL.Path
	if rest, ok := cutPrefixFold(p, PathPrefix); ok {
		p = rest
	}
	s.writes.log.mu.Lock()
	defer s.writes.log.mu.Unlock()
	s.writes.log.list = append(s.writes.log.list, Write{Method: r.Method, Path: p, Body: string(sent), Status: status, Applied: applied})
}

// Writes lists every write request that reached a write handler (authenticated, past any
// read fault), applied or not, in the order received.
func (s *Server) Writes() []Write {
	s.writes.log.mu.Lock()
	defer s.writes.log.mu.Unlock()
	return slices.Clone(s.writes.log.list)
}

// AppliedWrites counts the writes that changed the instance.
func (s *Server) AppliedWrites() int {
	n := 0
	for _, w := range s.Writes() {
		if w.Applied {
			n++
		}
	}
	return n
}

// Invoice returns a copy of recurring invoice id with its lines as the instance holds it now.
func (s *Server) Invoice(id int) (RecurringInvoice, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, inv := range s.data.Invoices {
		if inv.ID == id {
			inv.Lines = slices.Clone(inv.Lines)
			return inv, true
		}
	}
	return RecurringInvoice{}, false
}

// Line returns a copy of line lineID of recurring invoice headerID as the instance holds it.
func (s *Server) Line(headerID, lineID int) (InvoiceLine, bool) {
	inv, ok := s.Invoice(headerID)
	if !ok {
		return InvoiceLine{}, false
	}
	for _, l := range inv.Lines {
		if l.ID == lineID {
			return l, true
		}
	}
	return InvoiceLine{}, false
}

// LinesDescribed lists the lines of recurring invoice headerID whose item_shortdescription
// contains text (a TrueUp marker's tag, in tests).
func (s *Server) LinesDescribed(headerID int, text string) []InvoiceLine {
	inv, _ := s.Invoice(headerID)
	var out []InvoiceLine
	for _, l := range inv.Lines {
		if strings.Contains(l.ItemShortDescription, text) {
			out = append(out, l)
		}
	}
	return out
}

// CatalogItem returns a copy of item id as the instance holds it now.
func (s *Server) CatalogItem(id int) (Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range s.data.Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}
