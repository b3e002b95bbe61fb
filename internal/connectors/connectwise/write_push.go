package connectwise

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"

	"github.com/trueup/trueup/internal/connector"
)

// The methods below are what the push outbox (internal/push) uses: it sends the request a
// write plan holds (reconcile.Write: method, path, body bytes) as it is, so what the user
// approved is what goes out, and reads the record it targets before and after. They take
// only the routes a plan can name, and map failures as the typed methods do.

// pushRoute is one route a plan may write to, with how its failures read.
type pushRoute struct {
	endpoint string
	target   target
	// agreementID and recordID are the numbers in the path (0 when the route has none).
	agreementID, recordID int64
	entity                connector.Entity
}

var (
	additionRoute  = regexp.MustCompile(`^/finance/agreements/([0-9]+)/additions/([0-9]+)$`)
	additionsRoute = regexp.MustCompile(`^/finance/agreements/([0-9]+)/additions$`)
	catalogRoute   = regexp.MustCompile(`^/procurement/catalog/([0-9]+)$`)
)

func routeOf(path string) (pushRoute, error) {
	num := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
	if m := additionRoute.FindStringSubmatch(path); m != nil {
		a, id := num(m[1]), num(m[2])
		return pushRoute{endpoint: additionEndpoint, target: additionTarget(a, id), agreementID: a, recordID: id, entity: connector.EntityServiceLines}, nil
	}
	if m := additionsRoute.FindStringSubmatch(path); m != nil {
		a := num(m[1])
		return pushRoute{endpoint: additionsEndpoint, target: agreementTarget(a), agreementID: a, entity: connector.EntityServiceLines}, nil
	}
	if m := catalogRoute.FindStringSubmatch(path); m != nil {
		id := num(m[1])
		return pushRoute{endpoint: catalogItemEndpoint, target: catalogTarget(id), recordID: id, entity: connector.EntityProducts}, nil
	}
	return pushRoute{}, fmt.Errorf("TrueUp does not write to ConnectWise path %q: plan the change again", path)
}

// Read GETs the record at path (an addition or a catalog item) and returns ConnectWise's
// JSON. A missing record is a *connector.NotFoundError.
func (w *Writer) Read(ctx context.Context, path string) ([]byte, error) {
	r, err := routeOf(path)
	if err != nil {
		return nil, err
	}
	return w.get(ctx, r.endpoint, path, r.target)
}

// Send sends body to path with method once, through DoWrite, and returns the answer's
// status and body: PATCH or POST with the plan's JSON body, or DELETE of an addition with
// none (ConnectWise answers 204 with an empty body). Its errors are those of the typed
// writes: an *httpx.UnknownOutcomeError inside when the change may have been applied, a
// *RefusedError, *connector.AuthError or *connector.NotFoundError when it was not (for a
// DELETE, NotFound means the addition is gone already).
func (w *Writer) Send(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	r, err := routeOf(path)
	if err != nil {
		return 0, nil, err
	}
	switch {
	case method == http.MethodDelete:
		if r.endpoint != additionEndpoint {
			return 0, nil, fmt.Errorf("TrueUp deletes only agreement additions in ConnectWise, not %s: plan the change again", r.endpoint)
		}
		if len(body) != 0 {
			return 0, nil, fmt.Errorf("DELETE %s: a planned DELETE carries no body: plan the change again", r.endpoint)
		}
		body = nil
		r.target = removalTarget(r.agreementID, r.recordID)
	case method == http.MethodPatch || method == http.MethodPost:
		if !json.Valid(body) {
			return 0, nil, fmt.Errorf("%s %s: the planned body is not JSON: plan the change again", method, r.endpoint)
		}
	default:
		return 0, nil, fmt.Errorf("TrueUp does not %s in ConnectWise: plan the change again", method)
	}
	cl := w.cl
	resp, answer, err := cl.http.DoWrite(ctx, func(ctx context.Context) (*http.Request, error) {
		return cl.request(ctx, method, path, body)
	})
	if err != nil {
		return 0, nil, mapCallError(ctx, method, r.endpoint, r.target, err, cl.redact)
	}
	return resp.StatusCode, answer, nil
}

// FindMarked lists, as ConnectWise sent them, the additions of an agreement whose
// description carries the marker key's tag (see FindAdditions).
func (w *Writer) FindMarked(ctx context.Context, agreementID, marker string) ([]json.RawMessage, error) {
	id, err := strconv.ParseInt(agreementID, 10, 64)
	if err != nil || id <= 0 {
		return nil, fmt.Errorf("%q is not a ConnectWise agreement id: plan the change again", agreementID)
	}
	var out []json.RawMessage
	err = w.markedAdditions(ctx, id, marker, func(raw json.RawMessage, _ Addition) { out = append(out, raw) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CachedRecord turns ConnectWise's answer for path (an addition or a catalog item, from a
// write or a read) into the record the cache keeps, as a sync would have stored it.
// accountID is the company of the addition's agreement: ConnectWise's addition does not
// name it.
func (w *Writer) CachedRecord(path string, answer []byte, accountID string) (connector.Record, error) {
	r, err := routeOf(path)
	if err != nil {
		return connector.Record{}, err
	}
	var recs []connector.Record
	switch r.entity {
	case connector.EntityServiceLines:
		l, err := mapAddition(answer, parent{id: strconv.FormatInt(r.agreementID, 10), accountID: accountID})
		if err != nil {
			return connector.Record{}, err
		}
		recs, err = connector.Encode(l)
		if err != nil {
			return connector.Record{}, err
		}
	default:
		p, err := mapCatalogItem(answer)
		if err != nil {
			return connector.Record{}, err
		}
		recs, err = connector.Encode(p)
		if err != nil {
			return connector.Record{}, err
		}
	}
	return recs[0], nil
}
