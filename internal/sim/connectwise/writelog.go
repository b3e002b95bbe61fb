package connectwise

import (
	"net/http"
	"slices"
	"sync"

	"github.com/trueup/trueup/internal/sim"
)

// WriteFaultMode says when an injected write failure strikes, relative to applying the
// change: the three outcomes a push must tell apart.
type WriteFaultMode int

const (
	// FailBeforeApply answers the fault's status (default 500) and changes nothing.
	FailBeforeApply WriteFaultMode = iota + 1
	// ApplyThenDrop applies the change, then closes the connection without an answer.
	ApplyThenDrop
	// ApplyThenFail applies the change, then answers the fault's status (default 500).
	ApplyThenFail
)

// WriteFault is a failure injected into PATCH, POST and DELETE requests only (reads are unaffected);
// PathContains, Status, Times, RetryAfter and Body mean what they mean in sim.Fault. It
// strikes after authentication and after the target was found, so a 401 or 404 still wins.
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
	before, drop, after sim.Faults
}

func (wf *writeFaults) list(m WriteFaultMode) *sim.Faults {
	switch m {
	case ApplyThenDrop:
		return &wf.drop
	case ApplyThenFail:
		return &wf.after
	}
	return &wf.before
}

// AddWriteFault injects a write failure (see WriteFault).
func (s *Server) AddWriteFault(f WriteFault) {
	if f.Status == 0 && f.Mode != ApplyThenDrop {
		f.Status = http.StatusInternalServerError
	}
	s.writeFaults.list(f.Mode).Add(f.Fault)
}

func (s *Server) takeWriteFault(r *http.Request, m WriteFaultMode) (WriteFault, bool) {
	uri := r.URL.Path
	if r.URL.RawQuery != "" {
		uri += "?" + r.URL.RawQuery
	}
	f, ok := s.writeFaults.list(m).Take(uri)
	return WriteFault{Fault: f, Mode: m}, ok
}

// Write is one write request as the server received it, and what became of it.
type Write struct {
	Method string
	Path   string // without PathPrefix
	Body   string // the request body as sent (a JSON Patch array, an addition object; "" for DELETE)
	// Status is the answer's status; 0 when the connection was dropped without one.
	Status int
	// Applied says the change was made (it can be true with Status 0 or 5xx).
	Applied bool
}

// writeLog is the list of write requests received, in order.
type writeLog struct {
	mu   sync.Mutex
	list []Write
}

func (s *Server) logWrite(r *http.Request, sent []byte, status int, applied bool) {
	body := string(sent)
	path := r.URL.Path
	if len(path) > len(PathPrefix) && path[:len(PathPrefix)] == PathPrefix {
		path = path[len(PathPrefix):]
	}
	s.writes.mu.Lock()
	defer s.writes.mu.Unlock()
	s.writes.list = append(s.writes.list, Write{Method: r.Method, Path: path, Body: body, Status: status, Applied: applied})
}

// Writes lists every write request that reached a write handler (authenticated, past any
// read fault), applied or not, in the order received.
func (s *Server) Writes() []Write {
	s.writes.mu.Lock()
	defer s.writes.mu.Unlock()
	return slices.Clone(s.writes.list)
}

// AppliedWrites counts the writes that changed the tenant.
func (s *Server) AppliedWrites() int {
	n := 0
	for _, w := range s.Writes() {
		if w.Applied {
			n++
		}
	}
	return n
}

// Addition returns a copy of an addition as the tenant holds it now.
func (s *Server) Addition(agreementID, additionID int) (Addition, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.addition[additionID]
	if !ok || a.AgreementID != agreementID {
		return Addition{}, false
	}
	return *a, true
}

// CatalogItem returns a copy of a catalog item as the tenant holds it now.
func (s *Server) CatalogItem(id int) (CatalogItem, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.item[id]
	if !ok {
		return CatalogItem{}, false
	}
	return *c, true
}
