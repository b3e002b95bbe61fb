package connectwise

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

func TestParseLink(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   map[string]string
	}{
		{"none", nil, map[string]string{}},
		{"connectwise style",
			[]string{`<https://na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=2>; rel="next", <https://na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=3>; rel="last"`},
			map[string]string{
				"next": "https://na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=2",
				"last": "https://na.myconnectwise.net/v4_6_release/apis/3.0/company/companies?pageSize=1000&page=3",
			}},
		{"several header lines and unquoted rel",
			[]string{`</a?page=1>; rel=first`, `</a?page=3>; rel=next`},
			map[string]string{"first": "/a?page=1", "next": "/a?page=3"}},
		{"comma inside the URL",
			[]string{`<https://x/y?conditions=id in (1,2)&page=2>; rel="next"`},
			map[string]string{"next": "https://x/y?conditions=id in (1,2)&page=2"}},
		{"several relations and other params",
			[]string{`<https://x/?page=2>; title="a, b; c"; rel="next last"; type="text/html"`},
			map[string]string{"next": "https://x/?page=2", "last": "https://x/?page=2"}},
		{"case-insensitive rel name and value",
			[]string{`<https://x/?page=2>; REL="Next"`},
			map[string]string{"next": "https://x/?page=2"}},
		{"first of a relation wins",
			[]string{`<https://x/?page=2>; rel="next", <https://x/?page=9>; rel="next"`},
			map[string]string{"next": "https://x/?page=2"}},
		{"junk is skipped",
			[]string{`garbage, <https://x/?page=2>; rel="next", <unterminated`},
			map[string]string{"next": "https://x/?page=2"}},
		{"empty target ignored", []string{`<>; rel="next"`}, map[string]string{}},
		{"escaped quote", []string{`<https://x/?p=2>; rel="ne\"xt"`}, map[string]string{`ne"xt`: "https://x/?p=2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, parseLink(tc.values))
		})
	}
}

func FuzzParseLink(f *testing.F) {
	for _, s := range []string{
		`<https://x/?page=2>; rel="next", <https://x/?page=3>; rel="last"`,
		`<a>;rel=next;rel="x`, `<`, `>`, `;;;,,,<>`, `<a>; rel="\`, `<a>; =; rel`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		links := parseLink([]string{s})
		for rel, target := range links {
			if rel == "" || target == "" || strings.Contains(target, ">") {
				t.Fatalf("bad link %q -> %q from %q", rel, target, s)
			}
		}
		// A well-formed link built from the fuzz input is always found.
		target := strings.Map(func(r rune) rune {
			if r == '<' || r == '>' {
				return -1
			}
			return r
		}, s)
		if strings.TrimSpace(target) == "" {
			return
		}
		got := parseLink([]string{"<" + target + `>; rel="next"`})
		if got["next"] != strings.TrimSpace(target) {
			t.Fatalf("next = %q, want %q", got["next"], strings.TrimSpace(target))
		}
	})
}

// pager serves the rows with ids 1..total after the request's pageId, at most pageSize (or
// the requested pageSize) at a time, with a Link header chosen by the test.
type pager struct {
	total    int
	pageSize int
	ignoreID bool // answer as if pageId were absent (a server without forward-only paging)
	link     func(r *http.Request, last int, more bool) (string, bool)
	hits     atomic.Int64
	mu       sync.Mutex
	hosts    []string
	queries  []url.Values
	modes    []string
}

func (p *pager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.hits.Add(1)
	q := r.URL.Query()
	p.mu.Lock()
	p.hosts = append(p.hosts, r.Host)
	p.queries = append(p.queries, q)
	p.modes = append(p.modes, r.Header.Get("pagination-type"))
	p.mu.Unlock()
	after, _ := strconv.Atoi(q.Get("pageId"))
	if p.ignoreID {
		after = 0
	}
	size := p.pageSize
	if size == 0 {
		size, _ = strconv.Atoi(q.Get("pageSize"))
	}
	rows := []map[string]int{}
	for id := after + 1; id <= p.total && len(rows) < size; id++ {
		rows = append(rows, map[string]int{"id": id})
	}
	last := after
	if len(rows) > 0 {
		last = rows[len(rows)-1]["id"]
	}
	if l, ok := p.link(r, last, last < p.total); ok {
		w.Header().Set("Link", l)
	}
	_ = json.NewEncoder(w).Encode(rows)
}

// forwardLinks is ConnectWise's forward-only Link header: rel="next" while rows follow,
// empty on the last page.
func forwardLinks(host string) func(*http.Request, int, bool) (string, bool) {
	return func(_ *http.Request, last int, more bool) (string, bool) {
		if !more {
			return "", true
		}
		return fmt.Sprintf(`<https://%s/apis/3.0/things?pageSize=1000&pageId=%d>; rel="next"`, host, last), true
	}
}

func noLinks(*http.Request, int, bool) (string, bool) { return "", false }

func TestListPagesForward(t *testing.T) {
	tests := []struct {
		name     string
		p        *pager
		wantRows int
		wantHits int64
		wantErr  string
	}{
		{name: "follows rel=next until the empty Link header", p: &pager{total: 2500, link: forwardLinks("x")},
			wantRows: 2500, wantHits: 3},
		{name: "a link to another host is applied to the configured base URL", p: &pager{total: 2500, link: forwardLinks("evil.example")},
			wantRows: 2500, wantHits: 3},
		{name: "a next link with a stale pageId does not repeat rows", p: &pager{total: 5000,
			link: func(*http.Request, int, bool) (string, bool) {
				return `<http://x/?pageSize=1000&pageId=0>; rel="next"`, true
			}},
			wantRows: 5000, wantHits: 6},
		{name: "a Link header without rel=next ends the list even after a full page", p: &pager{total: 5000,
			link: func(*http.Request, int, bool) (string, bool) { return `<http://x/?pageId=1>; rel="first"`, true }},
			wantRows: 1000, wantHits: 1},
		{name: "without Link headers it reads on until an empty page, even past short pages", p: &pager{total: 500, pageSize: 100, link: noLinks},
			wantRows: 500, wantHits: 6},
		{name: "empty tenant", p: &pager{total: 0, link: forwardLinks("x")}, wantRows: 0, wantHits: 1},
		{name: "a server that ignores pageId fails the list instead of looping", p: &pager{total: 5000, ignoreID: true, link: noLinks},
			wantHits: 2, wantErr: "record 1 came after 1000: the server did not page forward"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			ts := httptest.NewServer(p)
			defer ts.Close()
			cl := &client{base: ts.URL + "/apis/3.0", auth: "Basic x", clientID: "c", http: httpx.New(nil, httpx.Options{})}
			var got []json.RawMessage
			_, err := cl.list(context.Background(), "/things", "/things", url.Values{"conditions": {"id > 0"}}, func(rows []json.RawMessage) error {
				got = append(got, rows...)
				return nil
			})
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
				assert.Len(t, got, tc.wantRows)
			}
			assert.Equal(t, tc.wantHits, p.hits.Load())
			host := strings.TrimPrefix(ts.URL, "http://")
			p.mu.Lock()
			defer p.mu.Unlock()
			for i, h := range p.hosts {
				assert.Equal(t, host, h)
				assert.Equal(t, "forward-only", p.modes[i], "every request asks for forward-only paging")
				q := p.queries[i]
				assert.Equal(t, "1000", q.Get("pageSize"))
				assert.Equal(t, "id > 0", q.Get("conditions"), "the caller's query is kept on every page")
				assert.False(t, q.Has("page"), "no page numbers")
				if i == 0 {
					assert.False(t, q.Has("pageId"))
				} else if !p.ignoreID {
					size := 1000
					if p.pageSize > 0 {
						size = p.pageSize
					}
					assert.Equal(t, strconv.Itoa(i*size), q.Get("pageId"), "pageId is the last id received")
				}
			}
		})
	}
}

func TestDecodeRows(t *testing.T) {
	for _, body := range []string{"", " ", "null", "[]"} {
		rows, err := decodeRows([]byte(body))
		require.NoError(t, err, body)
		assert.Empty(t, rows)
	}
	rows, err := decodeRows([]byte(` [ {"id":1} , {"id": 2 } ] `))
	require.NoError(t, err)
	assert.Equal(t, []json.RawMessage{json.RawMessage(`{"id":1}`), json.RawMessage(`{"id": 2 }`)}, rows)
	_, err = decodeRows([]byte(`{"code":"x"}`))
	assert.Error(t, err)
}
