package syncengine

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/store"
)

// TestRunsAndOtherCallersShareTheIntegrationsLimiter: the engine hands each run the
// integration's one budget, and Limiter gives the same one to anyone else (a Test, a push),
// so a 429 seen by one pauses them all (the pause itself is tested in internal/httpx).
func TestRunsAndOtherCallersShareTheIntegrationsLimiter(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "trueup.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	var got []*httpx.Limiter
	factory := connector.Factory{Kind: connector.KindPax8, Label: "Pax8", Role: connector.RoleVendor,
		Capabilities: connector.Capabilities{DefaultConcurrency: 4},
		New: func(cfg connector.Config) (connector.Connector, error) {
			got = append(got, cfg.Limiter)
			return &script{accounts: accounts("Acme")}, nil
		}}
	e := New(Options{Store: st, Registry: connector.NewRegistry(factory),
		Credentials: func(context.Context, store.Integration, []connector.Field) (map[string]string, error) {
			return map[string]string{}, nil
		}})
	t.Cleanup(e.Close)
	in, err := st.CreateIntegration(context.Background(), store.Integration{Name: "P", Kind: "pax8", BaseURL: "https://x"})
	require.NoError(t, err)

	for range 2 {
		runs, err := e.Enqueue(context.Background(), Request{IntegrationIDs: []int64{in.ID}, Mode: connector.ModeFull})
		require.NoError(t, err)
		require.NoError(t, e.Wait(context.Background(), runs[0].ID))
	}
	require.Len(t, got, 2)
	require.NotNil(t, got[0], "a run gets the integration's limiter")
	assert.Same(t, got[0], got[1], "every run of one integration shares one budget")
	assert.Same(t, got[0], e.Limiter(in, factory), "and so does anyone else who asks")
	assert.Equal(t, 4, got[0].Concurrency(), "sized by the kind's default when unset")

	other, err := st.CreateIntegration(context.Background(), store.Integration{Name: "Q", Kind: "pax8", BaseURL: "https://y"})
	require.NoError(t, err)
	assert.NotSame(t, got[0], e.Limiter(other, factory), "integrations do not share budgets")

	in.Concurrency = 2
	resized := e.Limiter(in, factory)
	assert.NotSame(t, got[0], resized, "a changed concurrency setting gets a budget of the new size")
	assert.Equal(t, 2, resized.Concurrency())
}

// A 401's halt on the integration's budget is lifted when the integration is saved again
// (new settings, or credentials stored: both update it), so the next Test, Sync or Push
// may try; a caller still holding the integration as it was before does not lift it.
func TestSavingTheIntegrationLiftsA401Halt(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "trueup.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	factory := connector.Factory{Kind: connector.KindPax8, Label: "Pax8", Role: connector.RoleVendor,
		Capabilities: connector.Capabilities{DefaultConcurrency: 3}}
	e := New(Options{Store: st, Registry: connector.NewRegistry(factory)})
	t.Cleanup(e.Close)
	in, err := st.CreateIntegration(context.Background(), store.Integration{Name: "P", Kind: "pax8", BaseURL: "https://x"})
	require.NoError(t, err)

	lim := e.Limiter(in, factory)
	refused := errors.New("refused")
	lim.Halt("creds", refused)
	assert.Same(t, lim, e.Limiter(in, factory))
	assert.Equal(t, refused, lim.Halted("creds"), "asking again with the same integration keeps the halt")

	old := in
	in.UpdatedAt = in.UpdatedAt.Add(time.Second) // what UpdateIntegration does on a save
	assert.Same(t, lim, e.Limiter(in, factory))
	assert.NoError(t, lim.Halted("creds"), "a saved integration tries again")

	lim.Halt("creds", refused)
	e.Limiter(old, factory)
	assert.Equal(t, refused, lim.Halted("creds"), "a caller with the older integration does not lift a newer halt")
}
