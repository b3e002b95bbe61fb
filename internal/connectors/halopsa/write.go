package halopsa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
)

// Writer changes recurring invoice lines and item costs of one HaloPSA instance, for the
// push outbox (internal/push, halopsa.go). Halo's API writes by POSTing a JSON array of
// records to the resource (Halo API v2 swagger: POST /api/RecurringInvoice takes
// InvoiceHeader[], POST /api/Item takes Item[]; homotechsual/HaloAPI
// Private/New-HaloPOSTRequest.ps1 always POSTs an array, with an id to update). Halo
// documents neither the answer nor an error body, so the push never decides by the answer:
// it reads the record back (ReadRecurringInvoice, ReadItem).
//
// Every write goes through httpx.Client.DoWrite: it is sent again only when it cannot have
// reached Halo (a refused dial, a 429 with Retry-After), and anything else after the request
// left (a timeout, a dropped connection, a 5xx) comes back as an error that errors.As finds
// an *httpx.UnknownOutcomeError in, so the push reads Halo before it sends anything again.
// A 401 is the one answer sent again at once, with a fresh token: Halo processed nothing.
// Requests draw on Config.Limiter, the integration's one budget, so a 429 pauses sync and
// push alike; error texts have the credentials and tokens removed.
type Writer struct {
	run *run
}

// NewWriter validates cfg (the Config the connector is built from) and builds a Writer.
func NewWriter(cfg connector.Config) (*Writer, error) {
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c.Writer(), nil
}

// PushWriter is the writer the push worker drives (connector.Pusher).
func (c *Connector) PushWriter() any { return c.Writer() }

// Writer returns a Writer sharing this connector's credentials, token cache, redactor,
// transport, request budget and request counter.
func (c *Connector) Writer() *Writer { return &Writer{run: c.newRun(nil)} }

var _ connector.Pusher = (*Connector)(nil)

// ReadRecurringInvoice GETs recurring invoice id with its lines (includedetails=true) as
// Halo holds it now. A header that is gone is a *connector.NotFoundError.
func (w *Writer) ReadRecurringInvoice(ctx context.Context, id string) ([]byte, error) {
	if !positiveID(id) {
		return nil, fmt.Errorf("%q is not a HaloPSA recurring invoice id: plan the change again", id)
	}
	return w.run.get(ctx, "/RecurringInvoice/"+id, url.Values{"includedetails": {"true"}}, "recurring invoice "+id)
}

// ReadItem GETs item id as Halo holds it now.
func (w *Writer) ReadItem(ctx context.Context, id string) ([]byte, error) {
	if !positiveID(id) {
		return nil, fmt.Errorf("%q is not a HaloPSA item id: plan the change again", id)
	}
	return w.run.get(ctx, "/Item/"+id, nil, "item "+id)
}

// Post sends body, a JSON array of records, to path (/RecurringInvoice or /Item) once and
// returns Halo's status and answer. A refusal (400 and the like) is an error carrying Halo's
// message: nothing was applied, and sending it again gets the same answer.
func (w *Writer) Post(ctx context.Context, path string, body []byte) (int, []byte, error) {
	what := ""
	switch path {
	case "/RecurringInvoice":
		what = "the recurring invoice update"
	case "/Item":
		what = "the item update"
	default:
		return 0, nil, fmt.Errorf("TrueUp does not write to HaloPSA path %q: plan the change again", path)
	}
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '[' || !json.Valid(t) {
		return 0, nil, fmt.Errorf("POST %s: the body is not a JSON array of records: plan the change again", path)
	}
	r := w.run
	// Use sends the write once more, with a fresh token, only after a 401: refused before
	// anything was done (the token expired or was revoked early). An unknown outcome is not.
	var resp *http.Response
	var answer []byte
	getErr, err := r.c.tokens.Use(ctx, r.c.fetch(r.http), func(tok string) (err error) {
		resp, answer, err = r.post(ctx, path, body, tok)
		return err
	})
	if getErr != nil {
		return 0, nil, getErr
	}
	if err != nil {
		return 0, nil, r.c.mapWriteError(ctx, err, what)
	}
	return resp.StatusCode, answer, nil
}

func (r *run) post(ctx context.Context, path string, body []byte, tok string) (*http.Response, []byte, error) {
	target := r.c.base + apiPath + path
	return r.http.DoWrite(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "TrueUp")
		return req, nil
	})
}

// mapWriteError keeps an unknown outcome recognisable (mapError would turn its 5xx into a
// plain transient error, and a transient error is sent again) and maps the rest as reads
// are mapped. Halo's own text is shown, secrets removed.
func (c *Connector) mapWriteError(ctx context.Context, err error, what string) error {
	var unknown *httpx.UnknownOutcomeError
	if errors.As(err, &unknown) {
		detail := unknown.Err.Error()
		var se *httpx.StatusError
		if errors.As(err, &se) {
			detail = c.statusDetail(se).Error()
		}
		msg := fmt.Sprintf("HaloPSA may or may not have applied %s: TrueUp reads HaloPSA before trying again (%s %s: %s)", what, unknown.Method, unknown.URL, detail)
		return &redactedWrite{msg: c.redact(msg), err: unknown}
	}
	var se *httpx.StatusError
	if errors.As(err, &se) && se.Status == http.StatusForbidden {
		return &connector.AuthError{Status: se.Status, Hint: writeDenyHint, Err: c.statusDetail(se)}
	}
	return c.mapError(ctx, err, what, tokenHint)
}

// writeDenyHint is what a 403 on a write means: the application may read but not edit.
const writeDenyHint = "HaloPSA accepted the credentials but refused the change: give the API application (and its agent) permission to edit recurring invoices (and items, for cost pushes) in Halo under Configuration > Integrations > Halo API > Permissions"

// redactedWrite shows a write error's text with secrets removed and keeps the error for
// errors.As.
type redactedWrite struct {
	msg string
	err error
}

func (e *redactedWrite) Error() string { return e.msg }
func (e *redactedWrite) Unwrap() error { return e.err }

// CachedLine turns Halo's JSON of one line of a recurring invoice (header: the header as
// read, for its id and client) into the service line the cache keeps, as a sync maps it.
func (w *Writer) CachedLine(header, line []byte) (connector.Record, error) {
	var h map[string]json.RawMessage
	if err := json.Unmarshal(header, &h); err != nil {
		return connector.Record{}, fmt.Errorf("read the recurring invoice: %w", err)
	}
	h["lines"] = json.RawMessage("[" + string(bytes.TrimSpace(line)) + "]")
	one, err := json.Marshal(h)
	if err != nil {
		return connector.Record{}, err
	}
	row, err := decodeInvoice(one, nil)
	if err != nil {
		return connector.Record{}, err
	}
	if len(row.lines) != 1 {
		return connector.Record{}, errors.New("the line has no id")
	}
	recs, err := connector.Encode(row.lines[0])
	if err != nil {
		return connector.Record{}, err
	}
	return recs[0], nil
}

// CachedItem turns Halo's JSON of an item into the product the cache keeps.
func (w *Writer) CachedItem(item []byte) (connector.Record, error) {
	p, err := decodeItem(item)
	if err != nil {
		return connector.Record{}, err
	}
	recs, err := connector.Encode(p)
	if err != nil {
		return connector.Record{}, err
	}
	return recs[0], nil
}

// positiveID says whether id is a Halo record id (a positive int32), which also keeps
// anything else out of a request path.
func positiveID(id string) bool {
	n, err := strconv.ParseInt(id, 10, 32)
	return err == nil && n > 0 && strconv.FormatInt(n, 10) == id
}
