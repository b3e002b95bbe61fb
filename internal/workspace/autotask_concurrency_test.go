package workspace_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// A kind whose API caps requests in flight (Autotask: 3) refuses a higher setting when the
// integration is added or edited, not at its first sync.
func TestTheAPIsConcurrencyLimitIsRefusedUpFront(t *testing.T) {
	ctx := context.Background()
	ws, _ := open(t, secrets.NewMemory())
	in := workspace.IntegrationInput{Kind: "autotask", Name: "AT", Settings: map[string]string{"username": "api@example.com"}, Concurrency: 4}
	_, err := ws.Integrations().Add(ctx, in)
	require.Error(t, err)
	assert.True(t, workspace.IsInputError(err))
	assert.ErrorContains(t, err, "between 1 and 3 for Autotask PSA")
	in.Concurrency = 3
	got, err := ws.Integrations().Add(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, "https://webservices.autotask.net/atservicesrest", got.BaseURL, "the zone-lookup root is the default")
	_, err = ws.Integrations().Update(ctx, got.ID, workspace.IntegrationInput{Name: "AT", BaseURL: got.BaseURL, Settings: in.Settings, Concurrency: 8})
	assert.ErrorContains(t, err, "between 1 and 3")
}
