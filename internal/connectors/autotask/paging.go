package autotask

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// maxPages stops a server that keeps announcing more pages in a circle.
const maxPages = 20000

// cond is one filter condition or group of a query, as the API documents it.
type cond struct {
	Op    string `json:"op"`
	Field string `json:"field,omitempty"`
	Value any    `json:"value,omitempty"`
	Items []cond `json:"items,omitempty"`
}

// all is the filter that matches every record: the API needs at least one condition.
var all = cond{Op: "gte", Field: "id", Value: 0}

// query reads every record of entity matching filter (and), with only the fields in
// include (id is always added: the API needs it to page), and hands each page's records,
// exactly as received, to fn. It follows pageDetails.nextPageUrl, only inside the zone
// the connector discovered (the credentials go with every request), and checks that ids
// rise across pages: anything else means the pages overlap or skip.
func (c *client) query(ctx context.Context, entity string, filter []cond, include []string, fn func(rows []json.RawMessage) error) (pages int, err error) {
	if len(filter) == 0 {
		filter = []cond{all}
	}
	body := map[string]any{"filter": filter}
	if len(include) > 0 {
		fields := []string{"id"}
		for _, f := range include {
			if !strings.EqualFold(f, "id") {
				fields = append(fields, f)
			}
		}
		body["IncludeFields"] = fields
	}
	b, err := json.Marshal(body)
	if err != nil {
		return 0, fmt.Errorf("%s query: %w", entity, err)
	}
	endpoint := entity + "/query"
	var last int64
	next := ""
	for {
		if pages >= maxPages {
			return pages, fmt.Errorf("POST %s: gave up after %d pages: Autotask keeps announcing more", endpoint, pages)
		}
		var out []byte
		if next == "" {
			out, err = c.call(ctx, endpoint, http.MethodPost, "V1.0/"+entity+"/query", "", b)
		} else {
			out, err = c.call(ctx, endpoint+" (next page)", http.MethodGet, "", next, nil)
		}
		if err != nil {
			return pages, err
		}
		pages++
		p, err := decodePage(out)
		if err != nil {
			return pages, fmt.Errorf("POST %s page %d: the answer is not an Autotask query result: %w", endpoint, pages, err)
		}
		if last, err = ascending(endpoint, pages, last, p.Items); err != nil {
			return pages, err
		}
		if err := fn(p.Items); err != nil {
			return pages, err
		}
		n := ""
		if p.PageDetails.NextPageURL != nil {
			n = strings.TrimSpace(*p.PageDetails.NextPageURL)
		}
		if n == "" || len(p.Items) == 0 {
			return pages, nil
		}
		if err := c.inZone(n); err != nil {
			return pages, fmt.Errorf("POST %s page %d: %w", endpoint, pages, err)
		}
		next = n
	}
}

// inZone refuses a next-page url outside the discovered zone: following it would send
// the API user's secret to another server.
func (c *client) inZone(u string) error {
	c.s.mu.Lock()
	zone := c.s.zone
	c.s.mu.Unlock()
	if zone != "" && strings.HasPrefix(strings.ToLower(u), strings.ToLower(zone)) {
		return nil
	}
	host := u
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	return fmt.Errorf("Autotask's nextPageUrl points outside the database's zone (to %s), so TrueUp did not follow it: the list may be incomplete; check for a proxy that rewrites answers", truncate(c.redact.String(host), 80))
}

// ascending checks that a page's ids rise strictly and start above after, and returns the
// last one.
func ascending(endpoint string, page int, after int64, rows []json.RawMessage) (int64, error) {
	last := after
	for _, raw := range rows {
		x, err := decode[idOnly](endpoint, raw)
		if err != nil {
			return 0, err
		}
		id := int64(x.ID)
		if id <= 0 {
			return 0, fmt.Errorf("%s page %d: a record has no id, so the list cannot be paged", endpoint, page)
		}
		if id <= last {
			return 0, fmt.Errorf("%s page %d: record %d came after %d: Autotask did not return the records in ascending id, so the list may be incomplete; sync again, and report it if it persists", endpoint, page, id, last)
		}
		last = id
	}
	return last, nil
}
