package httpx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

// TestTallyCountsRunningAndFinishedClients: a connector's total covers the runs still going
// and those that finished, each counted once.
func TestTallyCountsRunningAndFinishedClients(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	t.Cleanup(srv.Close)
	get := func(c *httpx.Client, n int) {
		for range n {
			_, _, err := c.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
				return http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
			})
			require.NoError(t, err)
		}
	}
	var tally httpx.Tally
	a, b := httpx.New(srv.Client(), httpx.Options{}), httpx.New(srv.Client(), httpx.Options{})
	tally.Track(a)
	tally.Track(b)
	get(a, 2)
	get(b, 3)
	assert.Equal(t, int64(5), tally.Requests(), "both running")
	tally.Finish(a)
	assert.Equal(t, int64(5), tally.Requests(), "a finished, b running")
	get(b, 1)
	tally.Finish(b)
	assert.Equal(t, int64(6), tally.Requests(), "both finished")
}
