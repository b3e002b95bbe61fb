package autotask

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
	"github.com/trueup/trueup/internal/httpx"
)

// Writer changes units and catalog costs of one Autotask database, for the push outbox
// (push.AutotaskWriter). The API facts it relies on (research/psa-write-apis.md §2):
//   - POST /V1.0/ContractServiceAdjustments {contractID, serviceID, contractServiceID?,
//     unitChange, effectiveDate, …} answers {"itemId": N}; an adjustment is create-only and
//     a delta, so it is never sent twice blindly
//     (ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/ContractServiceAdjustmentsEntity.htm).
//   - ContractServiceUnits (query only) holds one row of units per billing period; the row
//     covering a day is what the contract service bills that day
//     (…/REST/Entities/ContractServiceUnitsEntity.htm).
//   - PATCH /V1.0/Services {id, unitCost} changes only the fields sent; Autotask ignores
//     unitCost silently when the API user cannot see costs
//     (autotask.net/help/developerhelp/content/apis/REST/Entities/ServicesEntity.htm,
//     …/REST_Updating_Data_PATCH.htm).
//   - Failures are HTTP 500 with {"errors": […]} for validation, which applied nothing;
//     an errors array on a 2xx is a failure too ([code] tphakala/go-autotask error.go).
//
// Reads go through the connector's client (zone discovery, the integration's limiter and
// its 401 stop); writes go through httpx.Client.DoWrite, which never resends a request the
// server may have acted on. A write whose outcome is not known comes back as an error that
// errors.As finds an *httpx.UnknownOutcomeError in: the push reads the units before
// anything is sent again.
type Writer struct {
	cl *client
}

// PushWriter is the writer the push worker drives (connector.Pusher).
func (c *Connector) PushWriter() any { return c.Writer() }

// Writer returns a Writer that shares this connector's credentials, zone, redactor,
// transport, request limiter, request counter and the integration's ThresholdInformation
// budget: its reads and writes go one at a time from 75% usage and wait from 90%, as a
// sync's do, and take turns with a sync running at the same time.
func (c *Connector) Writer() *Writer {
	h := c.httpClient(nil)
	b := c.newBudget(h, nil, nil)
	b.pushes = true
	return &Writer{cl: c.newClient(h, b)}
}

// OnNote has note told, from now on, why this writer's requests wait or go one at a time
// ("Autotask API usage 93%: pushes wait until it is under 75%"; "" once they go at full
// speed again), so the status screen can say why a push waits even when no sync runs. Call
// it before the writer is used.
func (w *Writer) OnNote(note func(text string)) {
	if w.cl.budget != nil {
		w.cl.budget.note = note
	}
}

// Entity paths of the writes, below the zone root.
const (
	epAdjustments      = "ContractServiceAdjustments"
	epServices         = "Services"
	epContractServices = "ContractServices"
)

// Units reads what a contract service bills on day (YYYY-MM-DD): the units of the
// ContractServiceUnits row covering it (the latest-starting one, where an adjustment split
// a period). contractServiceID picks the service when known; otherwise it is the service
// serviceID of contract contractID. A contract without that service bills none ("" and no
// error); a contract service without a period covering the day bills 0 then.
func (w *Writer) Units(ctx context.Context, contractID, serviceID, contractServiceID, day string) (string, int64, json.RawMessage, error) {
	if _, err := checkIDs(contractID, serviceID); err != nil {
		return "", 0, nil, err
	}
	if contractServiceID != "" {
		if _, err := checkIDs(contractServiceID); err != nil {
			return "", 0, nil, err
		}
	}
	if !isDay(day) {
		return "", 0, nil, fmt.Errorf("reading units: %q is not a day (YYYY-MM-DD)", day)
	}
	which := []cond{{Op: "eq", Field: "contractID", Value: json.Number(contractID)}, {Op: "eq", Field: "serviceID", Value: json.Number(serviceID)}}
	if contractServiceID != "" {
		which = []cond{{Op: "eq", Field: "contractServiceID", Value: json.Number(contractServiceID)}}
	}
	at := day + "T00:00:00Z"
	filter := append([]cond{{Op: "lte", Field: "startDate", Value: at}, {Op: "gte", Field: "endDate", Value: at}}, which...)
	var best json.RawMessage
	var bestUnit apiUnit
	_, err := w.cl.query(ctx, entUnits, filter, nil, func(rows []json.RawMessage) error {
		for _, raw := range rows {
			u, err := decode[apiUnit](entUnits, raw)
			if err != nil {
				return err
			}
			if best == nil || civilDate(u.StartDate) > civilDate(bestUnit.StartDate) {
				best, bestUnit = raw, u
			}
		}
		return nil
	})
	if err != nil {
		return "", 0, nil, fmt.Errorf("reading the units of %s on %s: %w", serviceWords(contractID, serviceID, contractServiceID), day, err)
	}
	if best != nil {
		units := float64(bestUnit.Units)
		if units != float64(int64(units)) {
			return "", 0, nil, fmt.Errorf("contract service %s bills %v units on %s, not a whole number: fix it in Autotask", bestUnit.ContractServiceID, units, day)
		}
		if bestUnit.ContractServiceID <= 0 {
			return "", 0, nil, fmt.Errorf("%s: a row has no contractServiceID", entUnits)
		}
		return bestUnit.ContractServiceID.String(), int64(units), best, nil
	}
	// No period covers the day: does the contract have the service at all?
	found := ""
	_, err = w.cl.query(ctx, entContractServices, which, []string{"id"}, func(rows []json.RawMessage) error {
		for _, raw := range rows {
			r, err := decode[idOnly](entContractServices, raw)
			if err != nil {
				return err
			}
			if found == "" && r.ID > 0 {
				found = r.ID.String()
			}
		}
		return nil
	})
	if err != nil {
		return "", 0, nil, fmt.Errorf("reading %s: %w", serviceWords(contractID, serviceID, contractServiceID), err)
	}
	return found, 0, nil, nil
}

// Adjust posts one ContractServiceAdjustments body once and returns its itemId.
func (w *Writer) Adjust(ctx context.Context, body []byte) (string, error) {
	if !json.Valid(body) {
		return "", errors.New("the adjustment is not JSON: approve the card again")
	}
	out, err := w.write(ctx, http.MethodPost, epAdjustments, body)
	if err != nil {
		return "", err
	}
	var ans struct {
		ItemID flexInt `json:"itemId"`
	}
	if json.Unmarshal(out, &ans) != nil || ans.ItemID <= 0 {
		return "", w.unknown(http.MethodPost, epAdjustments, errors.New("Autotask answered without the adjustment's itemId"))
	}
	return ans.ItemID.String(), nil
}

// Service reads one catalog service as Autotask holds it now.
func (w *Writer) Service(ctx context.Context, id string) (json.RawMessage, error) {
	if _, err := checkIDs(id); err != nil {
		return nil, err
	}
	out, err := w.cl.call(ctx, epServices+"/{id}", http.MethodGet, "V1.0/"+epServices+"/"+id, "", nil)
	if err != nil {
		return nil, fmt.Errorf("reading service %s: %w", id, err)
	}
	var ans struct {
		Item json.RawMessage `json:"item"`
	}
	if err := json.Unmarshal(out, &ans); err != nil {
		return nil, fmt.Errorf("GET %s/%s: the answer is not an Autotask entity: %w", epServices, id, err)
	}
	if len(bytes.TrimSpace(ans.Item)) == 0 || string(bytes.TrimSpace(ans.Item)) == "null" {
		return nil, &connector.NotFoundError{What: "service " + id + " in Autotask", Err: errors.New("the service is gone from the Autotask catalog: sync and review again")}
	}
	return ans.Item, nil
}

// PatchService sends one PATCH Services body once. Autotask answers {"itemId"} or {"item"};
// what it kept is read back by the caller either way.
func (w *Writer) PatchService(ctx context.Context, body []byte) error {
	if !json.Valid(body) {
		return errors.New("the cost change is not JSON: push the cost again")
	}
	_, err := w.write(ctx, http.MethodPatch, epServices, body)
	return err
}

// ContractService reads one contract service (ContractServices/{id}) as Autotask holds it
// now: its invoiceDescription is what an invoice description push replaces.
func (w *Writer) ContractService(ctx context.Context, id string) (json.RawMessage, error) {
	if _, err := checkIDs(id); err != nil {
		return nil, err
	}
	out, err := w.cl.call(ctx, epContractServices+"/{id}", http.MethodGet, "V1.0/"+epContractServices+"/"+id, "", nil)
	if err != nil {
		return nil, fmt.Errorf("reading contract service %s: %w", id, err)
	}
	var ans struct {
		Item json.RawMessage `json:"item"`
	}
	if err := json.Unmarshal(out, &ans); err != nil {
		return nil, fmt.Errorf("GET %s/%s: the answer is not an Autotask entity: %w", epContractServices, id, err)
	}
	if len(bytes.TrimSpace(ans.Item)) == 0 || string(bytes.TrimSpace(ans.Item)) == "null" {
		return nil, &connector.NotFoundError{What: "contract service " + id + " in Autotask", Err: errors.New("the contract service is gone from its contract: sync and review again")}
	}
	return ans.Item, nil
}

// PatchContractService sends one PATCH ContractServices body ({id, invoiceDescription}) once;
// on update Autotask lets only adjustedPrice and invoiceDescription change.
func (w *Writer) PatchContractService(ctx context.Context, body []byte) error {
	if !json.Valid(body) {
		return errors.New("the contract service change is not JSON: approve the card again")
	}
	_, err := w.write(ctx, http.MethodPatch, epContractServices, body)
	return err
}

// write sends one change below the zone root with DoWrite. A 404 from the zone (the
// database moved) applied nothing, so it is sent once more to the zone Autotask names now.
func (w *Writer) write(ctx context.Context, method, entity string, body []byte) ([]byte, error) {
	cl := w.cl
	if a := cl.gate.halted(); a != nil {
		return nil, notSent(a)
	}
	zone, err := cl.zone(ctx)
	if err != nil {
		return nil, cl.stop(err)
	}
	for attempt := 0; ; attempt++ {
		out, err := w.writeOnce(ctx, method, entity, zone+"V1.0/"+entity, body)
		if err == nil || attempt > 0 || !errors.As(err, new(*connector.NotFoundError)) || ctx.Err() != nil {
			return out, cl.stop(err)
		}
		fresh, derr := cl.discover(ctx, zone)
		if derr != nil || fresh == zone {
			return nil, cl.stop(err)
		}
		zone = fresh
	}
}

func (w *Writer) writeOnce(ctx context.Context, method, entity, target string, body []byte) ([]byte, error) {
	cl := w.cl
	if cl.budget != nil {
		// Before anything is sent: a wait that ends in an error leaves nothing unknown.
		release, err := cl.budget.acquire(ctx)
		if err != nil {
			return nil, cl.stop(err)
		}
		defer release()
	}
	endpoint := method + " " + entity
	_, out, err := cl.http.DoWrite(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		// No Idempotency-Key: net/http would resend a POST on a broken keep-alive
		// connection by itself, the resend DoWrite exists to prevent.
		req.Header.Set("ApiIntegrationCode", cl.code)
		req.Header.Set("UserName", cl.user)
		req.Header.Set("Secret", cl.secret)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Content-Type", "application/json")
		return req, nil
	})
	if err != nil {
		var unknown *httpx.UnknownOutcomeError
		var se *httpx.StatusError
		switch {
		case errors.As(err, &se) && validation(se.Status, se.Body):
			// Autotask's validation answer: nothing was applied, and sending it again gets
			// the same answer.
			return nil, refusedWrite(endpoint, atMessage(se.Body, cl.redact))
		case errors.As(err, &unknown):
			cause := unknown.Err.Error()
			if se != nil {
				cause = fmt.Sprintf("HTTP %d", se.Status)
			}
			return nil, w.unknown(method, entity, errors.New(cl.redact.String(cause)))
		}
		return nil, mapError(ctx, endpoint, err, cl.redact)
	}
	if msg := errorsOn2xx(out, cl.redact); msg != "" {
		// A success that carries errors: whether anything was applied is not known.
		return nil, w.unknown(method, entity, fmt.Errorf("Autotask answered success with errors: %q", msg))
	}
	return out, nil
}

// unknown is a write whose outcome is not known: errors.As finds the
// *httpx.UnknownOutcomeError in it, and its text says what TrueUp does next.
func (w *Writer) unknown(method, entity string, cause error) error {
	u := &httpx.UnknownOutcomeError{Method: method, URL: "V1.0/" + entity, Err: cause}
	what := "the adjustment"
	if entity == epServices {
		what = "the cost"
	}
	return &unknownWrite{msg: fmt.Sprintf("Autotask may or may not have applied %s: TrueUp reads Autotask before sending anything again (%s %s: %v)", what, method, entity, cause), err: u}
}

type unknownWrite struct {
	msg string
	err error
}

func (e *unknownWrite) Error() string { return e.msg }
func (e *unknownWrite) Unwrap() error { return e.err }

// RefusedWriteError is a write Autotask refused as invalid (HTTP 500 with an errors array):
// it applied nothing; Hint says what the user should do, Said is Autotask's text.
type RefusedWriteError struct {
	Endpoint string
	Said     string
	Hint     string
}

func (e *RefusedWriteError) Error() string {
	return fmt.Sprintf("%s (%s: HTTP 500; Autotask said %q)", e.Hint, e.Endpoint, e.Said)
}

func refusedWrite(endpoint, said string) *RefusedWriteError {
	e := &RefusedWriteError{Endpoint: endpoint, Said: said}
	low := strings.ToLower(said)
	switch {
	case strings.Contains(low, "duplicate"):
		e.Hint = "Autotask refused the adjustment: it takes one adjustment of a contract service per date, and this one has one on that date: approve the card again with another effective date"
	case strings.Contains(low, "effectivedate") || strings.Contains(low, "effective date"):
		e.Hint = "Autotask refused the adjustment's effective date: choose a date inside the contract's dates, or extend the contract in Autotask and sync"
	case strings.Contains(low, "permission") || strings.Contains(low, "security"):
		e.Hint = "Autotask refused the change: the API user's security level does not allow it (Services need System Administrator): change the security level in Autotask, then push again"
	default:
		e.Hint = "Autotask refused the change: correct it, then push again"
	}
	return e
}

// checkIDs refuses anything but positive entity ids before they go into a filter or a URL.
func checkIDs(ids ...string) ([]int64, error) {
	out := make([]int64, len(ids))
	for i, id := range ids {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not an Autotask entity id: run a Full Sync of the PSA", id)
		}
		out[i] = n
	}
	return out, nil
}

func isDay(s string) bool {
	return len(s) == 10 && s[4] == '-' && s[7] == '-' && civilDate(s) == s
}

func serviceWords(contractID, serviceID, contractServiceID string) string {
	if contractServiceID != "" {
		return "contract service " + contractServiceID
	}
	return fmt.Sprintf("service %s on contract %s", serviceID, contractID)
}
