package workspace_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/sim"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// heldSim is a Pax8 simulator whose subscription reads wait until release: a sync that
// reaches them is mid-run for as long as the test needs, without timing assumptions.
type heldSim struct {
	URL     string
	reached <-chan struct{} // closed when the first subscription read arrives
	release func()
}

func newHeldSim(t *testing.T) *heldSim {
	t.Helper()
	pax := paxsim.New(paxsim.DemoDataset(time.Now()), paxsim.Options{Credentials: paxsim.DemoCredentials()})
	gate := sim.NewGate(pax.Handler(), "/v1/subscriptions")
	srv := httptest.NewServer(gate)
	h := &heldSim{URL: srv.URL + "/v1", reached: gate.Reached(), release: gate.Release}
	t.Cleanup(func() { gate.Release(); srv.Close() })
	return h
}

func (h *heldSim) waitReached(t *testing.T) {
	t.Helper()
	select {
	case <-h.reached:
	case <-time.After(30 * time.Second):
		t.Fatal("the sync never reached the subscriptions")
	}
}

// openOn opens another workspace on dir, as a second TrueUp process would (the folder
// lock is per open file, so two workspaces of one process exclude each other too).
func openOn(t *testing.T, dir string, keys secrets.Store, passive bool) *workspace.Workspace {
	t.Helper()
	ws, err := workspace.Open(context.Background(), workspace.Options{DataDir: dir, Secrets: keys, Registry: connectors.Registry(),
		Passive: passive, LockRetryEvery: 20 * time.Millisecond, PollEvery: 10 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	return ws
}

func TestOpeningTheFolderAgainLeavesTheOwnersRunAlone(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	dir := t.TempDir()
	owner := openOn(t, dir, keys, false)
	sim := newHeldSim(t)
	in := addPax8(t, owner, sim.URL)
	runs, err := owner.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	require.NoError(t, err)
	sim.waitReached(t)

	reader := openOn(t, dir, keys, true) // `trueup status` beside the app
	other := openOn(t, dir, keys, false) // the app opened during a scheduled sync
	assert.True(t, owner.Sync().Owner(ctx).Self)
	assert.Equal(t, workspace.Owner{PID: os.Getpid()}, other.Sync().Owner(ctx), "the second one knows who owns the folder")
	for name, ws := range map[string]*workspace.Workspace{"passive": reader, "second": other} {
		r, err := ws.Sync().Run(ctx, runs[0].ID)
		require.NoError(t, err)
		assert.Equal(t, store.StatusRunning, r.Status, "%s workspace: the owner's run is not marked failed", name)
		snap, err := ws.Sync().Status(ctx)
		require.NoError(t, err)
		assert.True(t, snap.Integrations[0].Busy, "%s workspace sees the integration busy", name)
	}
	_, err = reader.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}})
	require.ErrorIs(t, err, workspace.ErrPassive)
	assert.ErrorContains(t, reader.Integrations().Delete(ctx, in.ID), "owns this data folder",
		"an integration another process is syncing is not deleted under it")

	sim.release()
	require.NoError(t, reader.Sync().Wait(ctx, runs[0].ID), "a passive workspace waits by reading the run")
	r, err := reader.Sync().Run(ctx, runs[0].ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusSucceeded, r.Status, r.Error)
}

func TestASecondWorkspaceHandsItsSyncToTheOwner(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	dir := t.TempDir()
	owner := openOn(t, dir, keys, false)
	sim := newHeldSim(t)
	in := addPax8(t, owner, sim.URL)
	other := openOn(t, dir, keys, false)
	require.False(t, other.Sync().Owner(ctx).Self)

	handed, err := other.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	require.NoError(t, err)
	require.Len(t, handed, 1)
	sim.waitReached(t)
	mine, err := owner.Sync().Run(ctx, handed[0].ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusRunning, mine.Status, "the owner runs the handed-over sync")

	again, err := other.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}})
	require.NoError(t, err)
	assert.Equal(t, handed[0].ID, again[0].ID, "a sync of a busy integration joins its run: one run per integration")
	_, err = other.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "sometimes"})
	require.Error(t, err, "bad input is refused before it is handed over")
	assert.True(t, workspace.IsInputError(err))
	assert.ErrorContains(t, other.Sync().Cancel(ctx, handed[0].ID), "owns this data folder", "a run of another process is cancelled there")

	sim.release()
	require.NoError(t, other.Sync().Wait(ctx, handed[0].ID))
	r, err := other.Sync().Run(ctx, handed[0].ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusSucceeded, r.Status, r.Error)
	log, err := other.Sync().Log(ctx, handed[0].ID)
	require.NoError(t, err)
	assert.True(t, logHas(log, "asked for this sync"), "the run's log says who asked for it")
}

func TestTheNextWorkspaceTakesOverWhenTheOwnerCloses(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	dir := t.TempDir()
	first := openOn(t, dir, keys, false)
	_, url := pax8Sim(t)
	in := addPax8(t, first, url)
	second := openOn(t, dir, keys, false)
	require.False(t, second.Sync().Owner(ctx).Self)

	first.Close()
	require.Eventually(t, func() bool { return second.Sync().Owner(ctx).Self }, 30*time.Second, 10*time.Millisecond,
		"the waiting workspace takes the freed lock")
	runs, err := second.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	require.NoError(t, err)
	require.NoError(t, second.Sync().Wait(ctx, runs[0].ID))
	r, err := second.Sync().Run(ctx, runs[0].ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusSucceeded, r.Status, r.Error)
}

// An owner that died (kill -9, a crash) leaves its runs active and frees the lock with its
// process; the next workspace that takes the lock marks them failed, and only that one.
func TestOnlyTheNextOwnerRecoversADeadOwnersRuns(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	dir := t.TempDir()
	ws := openOn(t, dir, keys, false)
	in := addPax8(t, ws, "http://127.0.0.1:1/v1")
	ws.Close()
	st, err := store.Open(ctx, filepath.Join(dir, workspace.DatabaseFile))
	require.NoError(t, err)
	orphan, err := st.CreateRun(ctx, in.ID, "full", "")
	require.NoError(t, err)
	orphan.Status, orphan.StartedAt = store.StatusRunning, time.Now()
	require.NoError(t, st.SaveRun(ctx, orphan))
	require.NoError(t, st.Close())

	reader := openOn(t, dir, keys, true)
	r, err := reader.Sync().Run(ctx, orphan.ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusRunning, r.Status, "a passive workspace cannot know the owner is gone, so it changes nothing")

	openOn(t, dir, keys, false)
	r, err = reader.Sync().Run(ctx, orphan.ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusFailed, r.Status)
	assert.Contains(t, r.Error, "closed before this sync finished")
}

func logHas(lines []workspace.LogLine, s string) bool {
	for _, l := range lines {
		if strings.Contains(l.Message, s) {
			return true
		}
	}
	return false
}
