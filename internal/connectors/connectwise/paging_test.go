package connectwise

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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

// pager serves numbered rows with a Link header chosen by the test.
type pager struct {
	total    int
	pageSize int
	link     func(r *http.Request, page int) string
	hits     atomic.Int64
	mu       sync.Mutex
	hosts    []string
}

func (p *pager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.hits.Add(1)
	p.mu.Lock()
	p.hosts = append(p.hosts, r.Host)
	p.mu.Unlock()
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	size := p.pageSize
	if size == 0 {
		size, _ = strconv.Atoi(r.URL.Query().Get("pageSize"))
	}
	var rows []map[string]int
	for i := (page - 1) * size; i < min(page*size, p.total); i++ {
		rows = append(rows, map[string]int{"id": i + 1})
	}
	if l := p.link(r, page); l != "" {
		w.Header().Set("Link", l)
	}
	_ = json.NewEncoder(w).Encode(rows)
}

func TestListFollowsLinksSafely(t *testing.T) {
	tests := []struct {
		name     string
		total    int
		pageSize int
		link     func(r *http.Request, page int) string
		wantRows int
		wantHits int64
	}{
		{
			name: "a link to another host is applied to the configured base URL", total: 2500,
			link: func(_ *http.Request, page int) string {
				if page >= 3 {
					return `<https://evil.example/x?page=1>; rel="first"`
				}
				return fmt.Sprintf(`<https://evil.example/steal?pageSize=1000&page=%d>; rel="next"`, page+1)
			},
			wantRows: 2500, wantHits: 3,
		},
		{
			name: "a link that points back at the same page does not loop", total: 5000,
			link: func(_ *http.Request, page int) string {
				return `<http://x/?pageSize=1000&page=1>; rel="next"`
			},
			wantRows: 5000, wantHits: 6, // falls back to page+1 while pages are full
		},
		{
			name: "a Link header without rel=next ends the list even after a full page", total: 5000,
			link:     func(_ *http.Request, page int) string { return `<http://x/?page=1>; rel="first"` },
			wantRows: 1000, wantHits: 1,
		},
		{
			name: "a server capping pages below 1000 without links: short page ends", total: 500, pageSize: 100,
			link:     func(*http.Request, int) string { return "" },
			wantRows: 100, wantHits: 1,
		},
		{
			name: "empty tenant", total: 0,
			link:     func(*http.Request, int) string { return "" },
			wantRows: 0, wantHits: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &pager{total: tc.total, pageSize: tc.pageSize, link: tc.link}
			ts := httptest.NewServer(p)
			defer ts.Close()
			cl := &client{base: ts.URL + "/apis/3.0", auth: "Basic x", clientID: "c", http: httpx.New(nil, httpx.Options{})}
			var got []json.RawMessage
			_, err := cl.list(context.Background(), "/things", "/things", nil, func(rows []json.RawMessage) error {
				got = append(got, rows...)
				return nil
			})
			require.NoError(t, err)
			assert.Len(t, got, tc.wantRows)
			assert.Equal(t, tc.wantHits, p.hits.Load())
			host := strings.TrimPrefix(ts.URL, "http://")
			p.mu.Lock()
			defer p.mu.Unlock()
			for _, h := range p.hosts {
				assert.Equal(t, host, h)
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
