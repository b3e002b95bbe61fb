package connectwise

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const (
	// pageSize is ConnectWise's documented maximum ("hard limit of 1,000 records").
	pageSize = 1000
	// maxPages stops a server that keeps sending links in a circle.
	maxPages = 10000
)

// list reads every row of a list endpoint with ConnectWise's forward-only paging and hands
// each page's rows, exactly as received, to fn.
//
// Forward-only paging (request header "pagination-type: forward-only") returns rows in id
// order and treats pageId as the condition id > pageId, so a record deleted or added while
// the list is read cannot shift a live record off a page boundary, as page numbers would:
// an id sweep read this way never misses a record that exists from its start to its end.
//
// The next page is asked for with pageId set to the last id received, which is what the
// next link of ConnectWise carries. A Link header without rel="next" (ConnectWise sends an
// empty one on the last page) ends the list. Without any Link header (some proxies drop it)
// the list goes on until a page comes back empty, because a short page only proves the end
// when the server honours pageSize. Rows out of id order mean the server did not page
// forward: the list fails rather than risk a gap.
func (c *client) list(ctx context.Context, endpoint, path string, q url.Values, fn func(rows []json.RawMessage) error) (pages int, err error) {
	if q == nil {
		q = url.Values{}
	}
	q.Set("pageSize", strconv.Itoa(pageSize))
	var after int64 // the pageId of the next request; 0 before the first page
	for {
		if pages >= maxPages {
			return pages, fmt.Errorf("GET %s: gave up after %d pages: the server keeps announcing more", endpoint, pages)
		}
		resp, body, err := c.getForward(ctx, endpoint, path, q.Encode())
		if err != nil {
			return pages, err
		}
		pages++
		rows, err := decodeRows(body)
		if err != nil {
			return pages, fmt.Errorf("GET %s page %d: the answer is not a JSON list: %w", endpoint, pages, err)
		}
		last, err := ascendingAfter(endpoint, pages, after, rows)
		if err != nil {
			return pages, err
		}
		if err := fn(rows); err != nil {
			return pages, err
		}
		if len(rows) == 0 {
			return pages, nil
		}
		if linkValues := resp.Header.Values("Link"); len(linkValues) > 0 {
			if _, ok := parseLink(linkValues)["next"]; !ok {
				return pages, nil // forward-only paging without rel="next": this was the last page
			}
		}
		after = last
		q.Set("pageId", strconv.FormatInt(after, 10))
	}
}

// getForward is get with the forward-only paging header.
func (c *client) getForward(ctx context.Context, endpoint, path, rawQuery string) (*http.Response, []byte, error) {
	return c.send(ctx, endpoint, path, rawQuery, http.Header{"Pagination-Type": {"forward-only"}})
}

// ascendingAfter checks that the ids of a forward-only page rise strictly and start above
// after, and returns the last one. Anything else means the server ignored forward-only
// paging (a repeated or reordered page): reading on could skip or repeat records.
func ascendingAfter(endpoint string, page int, after int64, rows []json.RawMessage) (int64, error) {
	last := after
	for _, raw := range rows {
		x, err := decode[idOnly](endpoint, raw)
		if err != nil {
			return 0, err
		}
		id := int64(x.ID)
		if id <= 0 {
			return 0, fmt.Errorf("GET %s page %d: a record has no id, so the list cannot be paged forward", endpoint, page)
		}
		if id <= last {
			return 0, fmt.Errorf("GET %s page %d: record %d came after %d: the server did not page forward in id order (pagination-type: forward-only), so the list may be incomplete; check for a proxy that rewrites requests, or report it to ConnectWise", endpoint, page, id, last)
		}
		last = id
	}
	return last, nil
}

// decodeRows splits a JSON array into its elements without re-encoding them.
func decodeRows(body []byte) ([]json.RawMessage, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || bytes.Equal(body, []byte("null")) {
		return nil, nil
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(body, &rows); err != nil {
		return nil, err
	}
	return rows, nil
}

// parseLink parses RFC 8288 Link header values into rel → target (the first target of each
// relation wins). It tolerates junk: anything it cannot read is skipped.
func parseLink(values []string) map[string]string {
	out := map[string]string{}
	for _, s := range values {
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			if s[0] != '<' {
				i := strings.IndexByte(s, ',')
				if i < 0 {
					break
				}
				s = s[i+1:]
				continue
			}
			end := strings.IndexByte(s, '>')
			if end < 0 {
				break
			}
			target := strings.TrimSpace(s[1:end])
			s = s[end+1:]
			var rels []string
			for {
				s = strings.TrimLeft(s, " \t")
				if s == "" || s[0] == ',' {
					break
				}
				if s[0] != ';' {
					i := strings.IndexAny(s, ",;")
					if i < 0 {
						s = ""
						break
					}
					s = s[i:]
					continue
				}
				s = strings.TrimLeft(s[1:], " \t")
				i := strings.IndexAny(s, "=;,")
				if i < 0 {
					i = len(s)
				}
				name := strings.ToLower(strings.TrimSpace(s[:i]))
				s = s[i:]
				var val string
				if strings.HasPrefix(s, "=") {
					s = strings.TrimLeft(s[1:], " \t")
					if strings.HasPrefix(s, `"`) {
						var b strings.Builder
						j := 1
						for j < len(s) && s[j] != '"' {
							if s[j] == '\\' && j+1 < len(s) {
								j++
							}
							b.WriteByte(s[j])
							j++
						}
						if j < len(s) {
							j++
						}
						val, s = b.String(), s[j:]
					} else {
						j := strings.IndexAny(s, ";,")
						if j < 0 {
							j = len(s)
						}
						val, s = strings.TrimSpace(s[:j]), s[j:]
					}
				}
				if name == "rel" {
					rels = append(rels, strings.Fields(strings.ToLower(val))...)
				}
			}
			if target == "" {
				continue
			}
			for _, r := range rels {
				if _, dup := out[r]; !dup {
					out[r] = target
				}
			}
		}
	}
	return out
}
