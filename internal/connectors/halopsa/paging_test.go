package halopsa

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
)

// pageLog serves srv and records the query of every list request under path.
type pageLog struct {
	mu      sync.Mutex
	queries []string
}

func (p *pageLog) handler(h http.Handler, path string, rewrite func(body []byte) []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.URL.Path, path) {
			h.ServeHTTP(w, r)
			return
		}
		p.mu.Lock()
		p.queries = append(p.queries, r.URL.RawQuery)
		p.mu.Unlock()
		if rewrite == nil {
			h.ServeHTTP(w, r)
			return
		}
		rw := httptest.NewRecorder()
		h.ServeHTTP(rw, r)
		w.WriteHeader(rw.Code)
		_, _ = w.Write(rewrite(rw.Body.Bytes()))
	})
}

func (p *pageLog) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queries)
}

func dropRecordCount(body []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	delete(m, "record_count")
	b, _ := json.Marshal(m)
	return b
}

func TestPagingBoundaries(t *testing.T) {
	const size = 10
	tests := []struct {
		clients   int
		pages     int // with record_count
		pagesBare int // without record_count: a short first page or an exact multiple needs one empty page more
	}{
		{0, 1, 1},
		{1, 1, 2},
		{size - 1, 1, 2},
		{size, 1, 2},
		{size + 1, 2, 2},
		{2 * size, 2, 3},
		{2*size + 3, 3, 3},
	}
	for _, tc := range tests {
		for _, withCount := range []bool{true, false} {
			t.Run(fmt.Sprintf("%d clients, record_count %v", tc.clients, withCount), func(t *testing.T) {
				srv := halosim.New(halosim.LargeDataset(7, tc.clients, 0, 0, testToday), halosim.Options{})
				var rewrite func([]byte) []byte
				want := tc.pages
				if !withCount {
					rewrite, want = dropRecordCount, tc.pagesBare
				}
				pl := &pageLog{}
				base := startHandler(t, pl.handler(srv.Handler(), "/api/Client", rewrite))
				rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials(), withPageSize(size)), full())
				require.NoError(t, err)
				assert.Empty(t, rec.Failures)
				assert.Len(t, rec.Accounts, tc.clients)
				assertUniqueIDs(t, rec.IDs(connector.EntityAccounts))
				assert.Equal(t, want, pl.count(), "pages read: %v", pl.queries)
				for i, q := range pl.queries {
					assert.Contains(t, q, "pageinate=true")
					if i == 0 || tc.clients >= size {
						assert.Contains(t, q, fmt.Sprintf("page_size=%d", size))
					}
					assert.Contains(t, q, fmt.Sprintf("page_no=%d", i+1), "pages start at 1")
					assert.Contains(t, q, "includeinactive=true", "inactive clients are asked for")
				}
			})
		}
	}
}

func assertUniqueIDs(t *testing.T, ids []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, id := range ids {
		assert.False(t, seen[id], "id %s read twice", id)
		seen[id] = true
	}
}

// A server that ignores page_no sends page 1 again: paging stops there, without duplicates.
func TestPagingStopsWhenAPageRepeats(t *testing.T) {
	srv := halosim.New(halosim.LargeDataset(7, 25, 0, 0, testToday), halosim.Options{})
	h := srv.Handler()
	base := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.URL.Path, "/api/Client") {
			q := r.URL.Query()
			q.Set("page_no", "1")
			q.Del("record_count")
			r.URL.RawQuery = q.Encode()
			rw := httptest.NewRecorder()
			h.ServeHTTP(rw, r)
			_, _ = w.Write(dropRecordCount(rw.Body.Bytes()))
			return
		}
		h.ServeHTTP(w, r)
	}))
	rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials(), withPageSize(10)), full())
	require.NoError(t, err)
	assert.Len(t, rec.Accounts, 10)
	assert.Contains(t, logText(rec, sectionClients, connector.LevelWarn), "sent page 1 of clients again as page 2")
}

// The invoices list carries the lines (includelines=true): no request per invoice.
func TestInvoicesAreReadWithTheirLinesInPages(t *testing.T) {
	srv, base := startSim(t, halosim.LargeDataset(3, 40, 60, 300, testToday), halosim.Options{})
	rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials(), withPageSize(25)), full())
	require.NoError(t, err)
	assert.Len(t, rec.Agreements, 60)
	assert.Len(t, rec.ServiceLines, 300)
	assert.EqualValues(t, 3, srv.RequestsFor("/api/RecurringInvoice"), "60 invoices in pages of 25")
	assert.EqualValues(t, 3, srv.RequestsFor("includelines=true"))
	// One token, then clients 40/25, contracts 60/25, invoices 60/25 and items 13/25.
	assert.EqualValues(t, 1+2+3+3+1, srv.Requests())
}

// A server that caps page_size below what was asked for numbers its pages in its own size:
// the connector pages on in that size and reads every record once.
func TestPagingFollowsACappedPageSize(t *testing.T) {
	for _, clients := range []int{7, 30, 31} {
		t.Run(fmt.Sprint(clients), func(t *testing.T) {
			srv, base := startSim(t, halosim.LargeDataset(5, clients, 0, 0, testToday), halosim.Options{MaxPageSize: 10})
			rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials(), withPageSize(25)), full())
			require.NoError(t, err)
			assert.Len(t, rec.Accounts, clients)
			assertUniqueIDs(t, rec.IDs(connector.EntityAccounts))
			assert.EqualValues(t, max(1, (clients+9)/10), srv.RequestsFor("/api/Client?"))
			if clients > 10 {
				assert.Contains(t, logText(rec, sectionClients, connector.LevelInfo), "HaloPSA sends at most 10 clients per page (25 were asked for)")
			}
		})
	}
}

// Without record_count a short first page is no proof of the end: a server that caps
// page_size silently still has every record read.
func TestPagingFollowsACappedPageSizeWithoutRecordCount(t *testing.T) {
	srv := halosim.New(halosim.LargeDataset(5, 34, 0, 0, testToday), halosim.Options{MaxPageSize: 10})
	pl := &pageLog{}
	base := startHandler(t, pl.handler(srv.Handler(), "/api/Client", dropRecordCount))
	rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials(), withPageSize(25)), full())
	require.NoError(t, err)
	assert.Len(t, rec.Accounts, 34)
	assertUniqueIDs(t, rec.IDs(connector.EntityAccounts))
	assert.Equal(t, 4, pl.count(), "pages of 10: %v", pl.queries)
}
