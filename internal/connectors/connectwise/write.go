package connectwise

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
)

// Writer changes agreement additions and catalog items of one ConnectWise site, for the
// push outbox. It reads the record a push is about to change (read before write), sends
// each change exactly once through httpx.Client.DoWrite, and returns ConnectWise's answer
// (verify after write). A write that may have reached ConnectWise without a clear answer
// comes back as an error that errors.As finds an *httpx.UnknownOutcomeError in: the caller
// then reads ConnectWise (ReadAddition, FindAdditions) before it sends anything again.
//
// The Writer sends what it is asked, when it is asked: ordering writes is the push
// worker's job (one per PSA integration). Its requests draw on Config.Limiter, the
// integration's one request budget, when one is set, so a 429 pauses sync and push alike.
type Writer struct {
	cl *client
}

// NewWriter validates cfg (the same connector.Config the connector is built from) and
// builds a Writer.
func NewWriter(cfg connector.Config) (*Writer, error) {
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c.Writer(), nil
}

// PushWriter is the writer the push worker drives (connector.Pusher).
func (c *Connector) PushWriter() any { return c.Writer() }

// Writer returns a Writer that shares this connector's credentials, redactor, transport,
// request budget and request counter.
func (c *Connector) Writer() *Writer {
	cl := c.newClient(nil)
	return &Writer{cl: cl}
}

// PatchOperation is one element of the JSON Patch array ConnectWise's PATCH routes take.
// Value is any: the generated Go client types it as an object, which cannot carry the
// plain number a quantity or a cost is (research/psa-write-apis.md §1.1, pitfalls).
type PatchOperation struct {
	Op    string `json:"op"` // "replace" (also "add", "remove")
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// get reads one record for the writer; failures are mapped with t.
func (w *Writer) get(ctx context.Context, endpoint, path string, t target) ([]byte, error) {
	cl := w.cl
	_, body, err := cl.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		return cl.request(ctx, http.MethodGet, path, nil)
	})
	if err != nil {
		return nil, mapCallError(ctx, http.MethodGet, endpoint, t, err, cl.redact)
	}
	return body, nil
}

// write sends one PATCH or POST with a JSON body, at most once once it may have arrived.
func (w *Writer) write(ctx context.Context, method, endpoint, path string, payload any, t target) (*http.Response, []byte, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: encode the request: %w", method, endpoint, err)
	}
	cl := w.cl
	resp, answer, err := cl.http.DoWrite(ctx, func(ctx context.Context) (*http.Request, error) {
		return cl.request(ctx, method, path, body)
	})
	if err != nil {
		return nil, nil, mapCallError(ctx, method, endpoint, t, err, cl.redact)
	}
	return resp, answer, nil
}

// request builds one authenticated request. It sets no Idempotency-Key header: with one,
// net/http would resend a PATCH or POST on a broken keep-alive connection by itself, and
// that resend is exactly what DoWrite exists to prevent.
func (c *client) request(ctx context.Context, method, path string, body []byte) (*http.Request, error) {
	var rd io.Reader = http.NoBody
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", c.auth)
	req.Header.Set("clientId", c.clientID)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// unreadable is the error for a 2xx whose body is not the record: ConnectWise applied the
// change (it said so), but what it holds now is not known, so the push must read it back
// before it decides anything; the same recovery as an unknown outcome.
func unreadable(resp *http.Response, method string, err error) error {
	u := ""
	if resp != nil && resp.Request != nil {
		r := *resp.Request.URL
		r.RawQuery = ""
		u = r.String()
	}
	return &httpx.UnknownOutcomeError{Method: method, URL: u,
		Err: fmt.Errorf("ConnectWise answered HTTP %d but its answer could not be read: %w", resp.StatusCode, err)}
}

// checkAmount refuses a value ConnectWise cannot store before anything is sent.
func checkAmount(field string, v float64, allowNegative bool) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%s must be a number, not %v", field, v)
	case v < 0 && !allowNegative:
		return fmt.Errorf("%s must be zero or more, not %v", field, v)
	}
	return nil
}
