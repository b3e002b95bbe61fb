package pax8

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
)

func TestMapError(t *testing.T) {
	c, err := New(connector.Config{Secrets: map[string]string{"client_id": "the-id", "client_secret": "s3cr3t-value"}})
	require.NoError(t, err)
	envelope := func(status int, msg string) []byte {
		return fmt.Appendf(nil, `{"type":"X","message":%q,"instance":"/v1/x","status":%d,"details":[]}`, msg, status)
	}
	status := func(code int, msg string) error {
		return fmt.Errorf("gave up after 6 attempts: %w", &httpx.StatusError{Method: "GET", URL: "https://api.pax8.com/v1/x", Status: code, Body: envelope(code, msg), RetryAfter: 3 * time.Second})
	}
	check := map[string]func(t *testing.T, err error){
		"auth": func(t *testing.T, err error) {
			var e *connector.AuthError
			require.ErrorAs(t, err, &e)
			assert.NotEmpty(t, e.Hint)
		},
		"notfound": func(t *testing.T, err error) {
			var e *connector.NotFoundError
			require.ErrorAs(t, err, &e)
			assert.Contains(t, err.Error(), "base URL")
		},
		"ratelimited": func(t *testing.T, err error) {
			var e *connector.RateLimitedError
			require.ErrorAs(t, err, &e)
			assert.Equal(t, 3*time.Second, e.RetryAfter)
		},
		"transient": func(t *testing.T, err error) {
			var e *connector.TransientError
			require.ErrorAs(t, err, &e)
		},
		"plain": func(t *testing.T, err error) {
			assert.False(t, connector.IsAuth(err) || connector.IsTransient(err))
			var nf *connector.NotFoundError
			assert.False(t, errors.As(err, &nf))
		},
	}
	tests := []struct {
		name string
		err  error
		kind string
	}{
		{"401", status(401, "Unauthorized"), "auth"},
		{"403", status(403, "Forbidden"), "auth"},
		{"404", status(404, "Company not found"), "notfound"},
		{"429 after retries", status(429, "slow down"), "ratelimited"},
		{"500 after retries", status(500, "boom"), "transient"},
		{"503", status(503, "maintenance"), "transient"},
		{"408", status(408, "timeout"), "transient"},
		{"422", status(422, "Invalid Subscription Update"), "plain"},
		{"400", status(400, "bad"), "plain"},
		{"network timeout", fmt.Errorf("gave up: %w", &net.OpError{Op: "dial", Err: errors.New("connection refused")}), "transient"},
		{"other", errors.New("weird"), "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.mapError(context.Background(), tt.err, "page 0 of the Pax8 companies list", authHint)
			check[tt.kind](t, got)
			assert.NotContains(t, got.Error(), "s3cr3t-value")
		})
	}

	t.Run("Pax8's message is kept, secrets are not", func(t *testing.T) {
		got := c.mapError(context.Background(), status(500, "client s3cr3t-value of the-id failed"), "x", authHint)
		assert.Contains(t, got.Error(), "failed")
		assert.NotContains(t, got.Error(), "s3cr3t-value")
		assert.NotContains(t, got.Error(), "the-id")
	})

	t.Run("a cancelled context wins", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		got := c.mapError(ctx, status(500, "x"), "x", authHint)
		assert.ErrorIs(t, got, context.Canceled)
		assert.False(t, connector.IsTransient(got))
	})
}
