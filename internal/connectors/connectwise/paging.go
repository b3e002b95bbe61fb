package connectwise

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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

// list reads every page of a list endpoint and hands each page's rows, exactly as received,
// to fn. It follows the Link header's rel="next" (navigable paging); when a response carries
// no Link header at all but the page was full, it asks for page+1 itself, because some
// servers and proxies drop the header. A Link header without rel="next" ends the list.
func (c *client) list(ctx context.Context, endpoint, path string, q url.Values, fn func(rows []json.RawMessage) error) (pages int, err error) {
	if q == nil {
		q = url.Values{}
	}
	page := 1
	q.Set("pageSize", strconv.Itoa(pageSize))
	q.Set("page", strconv.Itoa(page))
	query := q.Encode()
	seen := map[string]bool{query: true}
	for {
		if pages >= maxPages {
			return pages, fmt.Errorf("GET %s: gave up after %d pages: the server keeps announcing more", endpoint, pages)
		}
		resp, body, err := c.get(ctx, endpoint, path, query)
		if err != nil {
			return pages, err
		}
		pages++
		rows, err := decodeRows(body)
		if err != nil {
			return pages, fmt.Errorf("GET %s page %d: the answer is not a JSON list: %w", endpoint, page, err)
		}
		if err := fn(rows); err != nil {
			return pages, err
		}

		linkValues := resp.Header.Values("Link")
		links := parseLink(linkValues)
		if next, ok := links["next"]; ok {
			if nq, ok := linkQuery(next); ok && !seen[nq] {
				seen[nq] = true
				query = nq
				page = pageOf(nq, page+1)
				continue
			}
			// An unusable or repeated link: fall back to counting pages ourselves.
		} else if len(links) > 0 {
			return pages, nil // navigable paging without rel="next": this was the last page
		}
		if len(rows) < pageSize {
			return pages, nil
		}
		page++
		q.Set("page", strconv.Itoa(page))
		query = q.Encode()
		if seen[query] {
			return pages, nil
		}
		seen[query] = true
	}
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

// linkQuery returns the query of a Link target. Only the query is used: the request goes to
// the configured base URL, so a link naming another host never receives the credentials.
func linkQuery(target string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(target))
	if err != nil || u.RawQuery == "" {
		return "", false
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", false
	}
	return q.Encode(), true
}

func pageOf(query string, fallback int) int {
	q, _ := url.ParseQuery(query)
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
		return n
	}
	return fallback
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
