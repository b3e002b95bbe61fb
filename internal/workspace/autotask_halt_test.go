package workspace_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors/autotask"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
	"github.com/trueup/trueup/internal/workspace"
)

// A 401 stops every call of the Autotask integration (Test, Sync, Push share its limiter):
// after it, neither a sync nor another Test sends anything with those credentials, even
// once the API user is re-enabled, until the credentials are stored again.
func TestAutotask401StopsTheIntegrationUntilCredentialsAreStored(t *testing.T) {
	tu := newAutotaskTrueup(t)
	ctx := context.Background()
	tu.at.SetUserState(atsim.UserLocked)
	res := tu.ws.Integrations().Test(ctx, tu.atID)
	require.False(t, res.OK)
	assert.Contains(t, res.Message, "re-enable the API user or reset its secret")
	sent := tu.at.Requests()

	runs, err := tu.ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{tu.atID}, Mode: "full"})
	require.NoError(t, err)
	_ = tu.ws.Sync().Wait(ctx, runs[0].ID)
	tu.at.SetUserState(atsim.UserActive)
	res = tu.ws.Integrations().Test(ctx, tu.atID)
	assert.False(t, res.OK, "the same credentials stay stopped until they are stored again")
	assert.Equal(t, sent, tu.at.Requests(), "neither the sync nor the Test sent anything")

	tu.clock.Set(tu.clock.Now().Add(time.Second))
	creds := atsim.DemoCredentials()
	require.NoError(t, tu.ws.Integrations().SetSecrets(ctx, tu.atID, map[string]string{
		autotask.SecretIntegrationCode: creds.IntegrationCode, autotask.SecretSecret: creds.Secret}))
	res = tu.ws.Integrations().Test(ctx, tu.atID)
	assert.True(t, res.OK, res.Message)
	assert.Greater(t, tu.at.Requests(), sent, "storing the credentials lets the next call through")
}
