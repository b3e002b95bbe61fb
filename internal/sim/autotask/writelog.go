package autotask

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// WriteFaultMode says when an injected write failure strikes, relative to applying the
// change: the outcomes a push must tell apart.
type WriteFaultMode int

const (
	// FailBeforeApply answers the fault's status (default 500, with Autotask's errors
	// array unless Body says otherwise) and changes nothing.
	FailBeforeApply WriteFaultMode = iota + 1
	// ApplyThenDrop applies the change, then closes the connection without an answer.
	ApplyThenDrop
	// ApplyThenFail applies the change, then answers the fault's status (default 503) with
	// a gateway's body, not Autotask's errors array: the outcome is unknown to the client.
	ApplyThenFail
	// ApplyThenHang applies the change, then holds the answer until the client gives up.
	ApplyThenHang
)

// WriteFault is a failure injected into POST and PATCH writes only (queries and reads are
// unaffected); PathContains, Status, Times, RetryAfter and Body mean what they mean in
// sim.Fault. It strikes after authentication and after the request was validated, so a 401
// or a validation error still wins.
type WriteFault struct {
	sim.Fault
	Mode WriteFaultMode
}

// Write is one write request as the server received it, and what became of it.
type Write struct {
	Method string
	Path   string // below the zone root, lower-cased: /v1.0/contractserviceadjustments
	Body   string // the request body as sent
	// Status is the answer's status; 0 when the connection was dropped or held.
	Status int
	// Applied says the change was made (it can be true with Status 0 or 5xx).
	Applied bool
	// ContractServiceID and EffectiveDate name an applied adjustment (YYYY-MM-DD).
	ContractServiceID int
	EffectiveDate     string
	UnitChange        int
}

// writeState is the write side's part of a Server: the log, the faults, the adjustments
// applied (one per contract service and date), and the API user's cost permission.
type writeState struct {
	mu         sync.Mutex
	list       []Write
	before     sim.Faults
	drop       sim.Faults
	after      sim.Faults
	hang       sim.Faults
	adjusted   map[adjustmentKey]int // -> the adjustment's itemId
	nextItem   int
	costHidden bool
}

type adjustmentKey struct {
	contractServiceID int
	date              string
}

func (ws *writeState) faults(m WriteFaultMode) *sim.Faults {
	switch m {
	case ApplyThenDrop:
		return &ws.drop
	case ApplyThenFail:
		return &ws.after
	case ApplyThenHang:
		return &ws.hang
	}
	return &ws.before
}

// AddWriteFault injects a write failure (see WriteFault).
func (s *Server) AddWriteFault(f WriteFault) {
	if f.Status == 0 {
		switch f.Mode {
		case FailBeforeApply:
			f.Status = http.StatusInternalServerError
		case ApplyThenFail:
			f.Status = http.StatusServiceUnavailable
		}
	}
	s.writes.faults(f.Mode).Add(f.Fault)
}

func (s *Server) takeWriteFault(r *http.Request, m WriteFaultMode) (sim.Fault, bool) {
	uri := r.URL.Path
	if r.URL.RawQuery != "" {
		uri += "?" + r.URL.RawQuery
	}
	return s.writes.faults(m).Take(uri)
}

// SetCostsHidden says whether the API user's security level lets it see (and so change)
// costs: when hidden, a PATCH of Services answers success and silently keeps unitCost, as
// Autotask does.
func (s *Server) SetCostsHidden(hidden bool) {
	s.writes.mu.Lock()
	defer s.writes.mu.Unlock()
	s.writes.costHidden = hidden
}

func (s *Server) costsHidden() bool {
	s.writes.mu.Lock()
	defer s.writes.mu.Unlock()
	return s.writes.costHidden
}

func (s *Server) logWrite(w Write) {
	s.writes.mu.Lock()
	defer s.writes.mu.Unlock()
	s.writes.list = append(s.writes.list, w)
}

// Writes lists every write request that reached a write handler (authenticated, past any
// read fault), applied or not, in the order received.
func (s *Server) Writes() []Write {
	s.writes.mu.Lock()
	defer s.writes.mu.Unlock()
	return slices.Clone(s.writes.list)
}

// AppliedAdjustments lists the adjustments applied to a contract service, in order.
func (s *Server) AppliedAdjustments(contractServiceID int) []Write {
	var out []Write
	for _, w := range s.Writes() {
		if w.Applied && w.ContractServiceID == contractServiceID && w.EffectiveDate != "" {
			out = append(out, w)
		}
	}
	return out
}

// answerWrite answers an applied write, unless a fault says to fail after applying.
func (s *Server) answerWrite(w http.ResponseWriter, r *http.Request, logged Write, body []byte) {
	logged.Applied = true
	if _, hit := s.takeWriteFault(r, ApplyThenDrop); hit {
		s.logWrite(logged)
		dropConnection(w)
		return
	}
	if _, hit := s.takeWriteFault(r, ApplyThenHang); hit {
		s.logWrite(logged)
		hold(r.Context())
		dropConnection(w)
		return
	}
	if f, hit := s.takeWriteFault(r, ApplyThenFail); hit {
		logged.Status = f.Status
		s.logWrite(logged)
		if f.Body == "" {
			f.Body = "<html><body><h1>503 Service Unavailable</h1></body></html>"
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	logged.Status = http.StatusOK
	s.logWrite(logged)
	writeBody(w, body)
}

// hold blocks until the client gives up (its request's context ends), bounded so a test
// without a client timeout cannot hang the server for ever.
func hold(ctx context.Context) {
	t := time.NewTimer(2 * time.Minute)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// dropConnection closes the client's connection without an answer, as a crashed gateway
// or a network cut after the server committed would.
func dropConnection(w http.ResponseWriter) {
	if u, ok := w.(interface{ Unwrap() http.ResponseWriter }); ok {
		w = u.Unwrap()
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // no hijacking: aborting the handler closes the connection
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
