package workspace_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/workspace"
)

func open(t *testing.T, keys secrets.Store) (*workspace.Workspace, string) {
	t.Helper()
	dir := t.TempDir()
	ws, err := workspace.Open(context.Background(), workspace.Options{DataDir: dir, Secrets: keys, Registry: connectors.Registry()})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	return ws, dir
}

func pax8Sim(t *testing.T) (*paxsim.Server, string) {
	t.Helper()
	sim := paxsim.New(paxsim.DemoDataset(time.Now()), paxsim.Options{Credentials: paxsim.DemoCredentials()})
	url, err := sim.Start()
	require.NoError(t, err)
	t.Cleanup(sim.Close)
	return sim, url
}

const secretValue = "trueup-demo-pax8-secret"

func addPax8(t *testing.T, ws *workspace.Workspace, url string) workspace.Integration {
	t.Helper()
	in, err := ws.Integrations().Add(context.Background(), workspace.IntegrationInput{Kind: "pax8", Name: "Pax8", BaseURL: url,
		Secrets: map[string]string{"client_id": paxsim.DemoCredentials().ClientID, "client_secret": secretValue + "\n"}})
	require.NoError(t, err)
	return in
}

func TestSecretsGoToTheKeychainOnly(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	ws, dir := open(t, keys)
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)
	assert.True(t, in.SecretsSet)
	assert.Equal(t, 2, keys.Len())

	res := ws.Integrations().Test(ctx, in.ID)
	assert.True(t, res.OK, res.Message)
	runs, err := ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	require.NoError(t, err)
	require.NoError(t, ws.Sync().Wait(ctx, runs[0].ID))
	ws.Close()

	for _, name := range []string{workspace.DatabaseFile, workspace.DatabaseFile + "-wal"} {
		body, err := os.ReadFile(filepath.Join(dir, name))
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		assert.NotContains(t, string(body), secretValue, "%s holds a secret", name)
	}
}

func TestAddIntegrationRollsBackWhenTheKeychainFails(t *testing.T) {
	ctx := context.Background()
	ws, _ := open(t, failingKeys{})
	_, url := pax8Sim(t)
	_, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "pax8", Name: "Pax8", BaseURL: url,
		Secrets: map[string]string{"client_id": "a", "client_secret": "b"}})
	require.ErrorContains(t, err, "OS keychain")
	list, err := ws.Integrations().List(ctx)
	require.NoError(t, err)
	assert.Empty(t, list, "no half-configured integration is left behind")
}

func TestResetSecretsAndDelete(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	ws, _ := open(t, keys)
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)

	require.NoError(t, ws.Integrations().SetSecrets(ctx, in.ID, map[string]string{"client_secret": "wrong"}))
	res := ws.Integrations().Test(ctx, in.ID)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "Pax8 rejected")
	require.NoError(t, ws.Integrations().SetSecrets(ctx, in.ID, map[string]string{"client_secret": secretValue}))
	assert.True(t, ws.Integrations().Test(ctx, in.ID).OK, "a reset replaces the secret")

	assert.Error(t, ws.Integrations().SetSecrets(ctx, in.ID, map[string]string{"token": "x"}), "unknown secret field")
	assert.Error(t, ws.Integrations().SetSecrets(ctx, in.ID, map[string]string{"client_secret": "  "}), "blank secret")

	runs, err := ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	require.NoError(t, err)
	require.NoError(t, ws.Sync().Wait(ctx, runs[0].ID))
	lines, err := ws.Data().Lines(ctx, in.ID, false)
	require.NoError(t, err)
	assert.NotEmpty(t, lines.Lines)

	require.NoError(t, ws.Integrations().Delete(ctx, in.ID))
	assert.Zero(t, keys.Len(), "deleting removes the keychain items")
	_, err = ws.Data().Lines(ctx, in.ID, false)
	assert.True(t, workspace.IsInputError(err))
	snap, err := ws.Sync().Status(ctx)
	require.NoError(t, err)
	assert.Empty(t, snap.Recent, "its runs are gone too")
}

func TestUpdateIntegrationValidatesAndKeepsData(t *testing.T) {
	ctx := context.Background()
	ws, _ := open(t, secrets.NewMemory())
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)

	_, err := ws.Integrations().Update(ctx, in.ID, workspace.IntegrationInput{Name: "Pax8", BaseURL: "http://pax8.example.com/v1"})
	require.Error(t, err)
	assert.True(t, workspace.IsInputError(err))
	got, err := ws.Integrations().Get(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, url, got.BaseURL, "a refused edit changes nothing")

	got, err = ws.Integrations().Update(ctx, in.ID, workspace.IntegrationInput{Name: "Pax8 Distributor", BaseURL: url, Concurrency: 2})
	require.NoError(t, err)
	assert.Equal(t, "Pax8 Distributor", got.Name)
	assert.Equal(t, 2, got.Concurrency)
	assert.True(t, got.SecretsSet, "editing without secrets keeps them")
	_, err = ws.Integrations().Update(ctx, in.ID, workspace.IntegrationInput{Name: "Pax8", BaseURL: url, Concurrency: 99})
	assert.ErrorContains(t, err, "between 1 and 32")
}

func TestSyncScopeAndStatus(t *testing.T) {
	ctx := context.Background()
	ws, _ := open(t, secrets.NewMemory())
	_, err := ws.Sync().Scope(ctx, "all", "quick", "")
	assert.ErrorContains(t, err, "no integration to sync")
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)
	_, err = ws.Sync().Scope(ctx, "psa", "quick", "")
	assert.Error(t, err, "no PSA integration")
	runs, err := ws.Sync().Scope(ctx, "vendor", "quick", "")
	require.NoError(t, err)
	require.NoError(t, ws.Sync().Wait(ctx, runs[0].ID))

	snap, err := ws.Sync().Status(ctx)
	require.NoError(t, err)
	require.Len(t, snap.Integrations, 1)
	st := snap.Integrations[0]
	assert.Equal(t, in.ID, st.Integration.ID)
	assert.Equal(t, "succeeded", st.LatestRun.Status)
	assert.Equal(t, "full", st.LatestRun.Mode)
	assert.Positive(t, st.Counts.Subscriptions)
	assert.Equal(t, time.Now().Format("2006-01-02"), st.DefaultSince)
	assert.Positive(t, snap.Seq)
	assert.Len(t, snap.Recent, 1)

	log, err := ws.Sync().Log(ctx, runs[0].ID)
	require.NoError(t, err)
	assert.NotEmpty(t, log)
	_, err = ws.Sync().Log(ctx, 999)
	assert.True(t, workspace.IsInputError(err))
}

type failingKeys struct{}

func (failingKeys) Get(context.Context, secrets.Key) (string, error) {
	return "", secrets.ErrUnavailable
}
func (failingKeys) Set(context.Context, secrets.Key, string) error { return secrets.ErrUnavailable }
func (failingKeys) Delete(context.Context, secrets.Key) error      { return secrets.ErrUnavailable }

func TestScreensWorkOfflineFromTheCache(t *testing.T) {
	ctx := context.Background()
	ws, _ := open(t, secrets.NewMemory())
	sim, url := pax8Sim(t)
	in := addPax8(t, ws, url)
	runs, err := ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	require.NoError(t, err)
	require.NoError(t, ws.Sync().Wait(ctx, runs[0].ID))
	online, err := ws.Data().Lines(ctx, in.ID, true)
	require.NoError(t, err)

	sim.Close() // the network is gone

	snap, err := ws.Sync().Status(ctx)
	require.NoError(t, err)
	require.Len(t, snap.Integrations, 1)
	assert.NotEmpty(t, snap.Integrations[0].LastFetchedAt, "status still says when the data was fetched")
	assert.Positive(t, snap.Integrations[0].Counts.Subscriptions)
	offline, err := ws.Data().Lines(ctx, in.ID, true)
	require.NoError(t, err)
	assert.Equal(t, online, offline, "the cached lines read the same offline")
	assert.NotEmpty(t, offline.LastFetchedAt)
	log, err := ws.Sync().Log(ctx, runs[0].ID)
	require.NoError(t, err)
	assert.NotEmpty(t, log)
	res := ws.Integrations().Test(ctx, in.ID)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "could not reach the API")
	assert.Contains(t, res.Message, "network connection")
}
