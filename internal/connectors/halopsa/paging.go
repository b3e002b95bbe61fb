package halopsa

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/trueup/trueup/internal/connector"
)

// list is one Halo list endpoint as a sync reads it.
type list struct {
	section string     // log section and sink.Fail name
	path    string     // below /api, e.g. "/Client"
	key     string     // the answer's rows key, e.g. "clients"
	query   url.Values // filters besides paging
	one     string     // the record in log lines: "client"
	many    string     // and several: "clients"
}

type pageStats struct {
	pages   int
	records int
	total   int // record_count of the first page; -1 when not sent
}

func (p pageStats) String() string { return connector.Count(p.pages, "page", "pages") }

// eachPage reads every page of l: pageinate=true, page_size, page_no from 1. It stops when
// record_count rows have been read (or the pages it implies), on an empty page or a short
// page after the first (a short first page that is not the whole list means the server caps
// page_size: it pages on in the server's size),
// when a page repeats the previous one (a server ignoring page_no), and after maxPages at
// the latest, so it never loops forever. An answer without the rows key is an error: a
// missing key is not an empty list.
func (r *run) eachPage(ctx context.Context, l list, fn func(json.RawMessage) error) (pageStats, error) {
	st := pageStats{total: -1}
	size := max(1, r.c.pageSize)
	var prevFirst string
	for page := 1; ; page++ {
		if page > maxPages {
			r.logf(l.section, connector.LevelWarn, "stopped reading %s after %d pages: HaloPSA kept sending more", l.section, maxPages)
			return st, nil
		}
		if err := ctx.Err(); err != nil {
			return st, fmt.Errorf("read %s: %w", l.section, err)
		}
		q := url.Values{}
		for k, v := range l.query {
			q[k] = v
		}
		q.Set("pageinate", "true")
		q.Set("page_size", strconv.Itoa(size))
		q.Set("page_no", strconv.Itoa(page))
		what := fmt.Sprintf("page %d of the HaloPSA %s list", page, l.section)
		body, err := r.get(ctx, l.path, q, what)
		if err != nil {
			return st, err
		}
		env, err := decodeList(body, l.key)
		if err != nil {
			return st, fmt.Errorf("%s: %w (%s)", what, err, baseURLTip)
		}
		if !env.HasRows {
			return st, fmt.Errorf("%s has no %q list: %s", what, l.key, baseURLTip)
		}
		st.pages++
		if env.RecordCount != nil && st.total < 0 {
			st.total = max(0, int(*env.RecordCount))
		}
		if len(env.Rows) == 0 {
			return st, nil
		}
		first := string(env.Rows[0])
		if page > 1 && first == prevFirst {
			r.logf(l.section, connector.LevelWarn, "HaloPSA sent page %d of %s again as page %d: stopped paging there", page-1, l.section, page)
			return st, nil
		}
		prevFirst = first
		for _, raw := range env.Rows {
			if err := fn(raw); err != nil {
				return st, fmt.Errorf("%s: %w", what, err)
			}
		}
		st.records += len(env.Rows)
		if r.sink != nil {
			r.sink.Progress(l.section, st.records, max(st.total, st.records))
		}
		switch {
		case page == 1 && len(env.Rows) < size && st.total != len(env.Rows):
			// A short first page that may not be the whole list (record_count says more,
			// or is missing): the server may cap page_size (Halo documents no maximum) and
			// number its pages in its own size, so page on in that size. Without
			// record_count that costs one empty page when the list was that short.
			if st.total > len(env.Rows) {
				r.logf(l.section, connector.LevelInfo, "HaloPSA sends at most %d %s per page (%d were asked for): reading the %d in pages of %d",
					len(env.Rows), l.many, size, st.total, len(env.Rows))
			}
			size = len(env.Rows)
		case len(env.Rows) < size:
			return st, nil
		case st.total >= st.records && page*size >= st.total:
			// record_count is trusted only while it is consistent with what was read:
			// some answers carry 0 or a stale count, and then the short page ends paging.
			return st, nil
		}
	}
}
