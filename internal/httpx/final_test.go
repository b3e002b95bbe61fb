package httpx_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

// An answer that Options.Final marks final is returned at once although its status is
// retried; others with the same status still are.
func TestDoFinalAnswersAreNotRetried(t *testing.T) {
	final := func(status int, body []byte) bool {
		return status == http.StatusInternalServerError && strings.Contains(string(body), `"errors"`)
	}
	s := newScript(t, answer{status: 500, body: `{"errors":["Unable to find sku in the Services entity."]}`})
	c, rec := newClient(httpx.Options{Final: final})
	_, _, err := c.Do(context.Background(), get(s.srv.URL+"/V1.0/Services/query"))
	var se *httpx.StatusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 500, se.Status)
	assert.Equal(t, 1, s.count())
	assert.Empty(t, rec.waits)

	s = newScript(t, answer{status: 500, body: `<html>busy</html>`}, answer{status: 200, body: `{}`})
	c, rec = newClient(httpx.Options{Final: final})
	_, body, err := c.Do(context.Background(), get(s.srv.URL+"/V1.0/Services/query"))
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(body))
	assert.Equal(t, 2, s.count())
	assert.Len(t, rec.waits, 1)
}
