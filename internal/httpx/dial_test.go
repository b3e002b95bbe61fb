package httpx

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnreachableHostIsRetriedOnlyTwice(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there any more

	c := New(nil, Options{})
	var waits []time.Duration
	c.SetSleep(func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil })
	_, _, err = c.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/v1/companies", nil)
	})
	require.Error(t, err)
	assert.True(t, IsUnreachable(err), "got %v", err)
	assert.Equal(t, int64(1+maxDialRetries), c.Requests())
	assert.Len(t, waits, maxDialRetries)
}
