package push_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/trueup/trueup/internal/connector"

	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/sim"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	"github.com/trueup/trueup/internal/store"
)

// The revert of a New Revenue push deletes the line TrueUp added, keeps ConnectWise's 204,
// and the cache drops the line in the same transaction, so its card goes back to New Revenue
// without a sync.
func TestPushRevertOfANewLineDeletesItAndDropsItFromTheCache(t *testing.T) {
	f := newFixture(t, 25)
	rv := f.createdLine(t)
	require.False(t, f.cachedLineGone(t, "5002"), "the created line is cached")
	e := f.approve(t, rv)[0]

	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Pushed: 1}, res)

	_, still := f.sim.Addition(1001, 5002)
	assert.False(t, still, "ConnectWise no longer holds the line")
	require.Len(t, f.sim.Writes(), 2)
	assert.Equal(t, cwsim.Write{Method: http.MethodDelete, Path: "/finance/agreements/1001/additions/5002", Status: http.StatusNoContent, Applied: true}, f.sim.Writes()[1])

	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxPushed, got.State)
	require.NotNil(t, got.Answer)
	assert.Equal(t, http.StatusNoContent, got.Answer.Status)
	assert.Equal(t, "5002", got.Answer.RecordID)
	assert.False(t, got.Answer.Read, "it was sent")
	assert.True(t, f.cachedLineGone(t, "5002"), "the cached line no longer counts")
	assert.False(t, f.cachedLineGone(t, "5001"), "the others do")
}

// A sync that read the line before the revert deleted it, and commits after, does not bring
// it back; the next sync, which finds it gone, drops it.
func TestARevertIsNotUndoneByASyncThatReadTheLineBefore(t *testing.T) {
	for _, full := range []bool{false, true} {
		name := map[bool]string{false: "quick", true: "full"}[full]
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t, 25)
			rv := f.createdLine(t)
			e := f.approve(t, rv)[0]
			// The sync reads everything while the line is still in ConnectWise.
			stale := []connector.View{f.cachedLine(t, "5002"), f.cachedLine(t, "5001")}
			if full {
				ag, err := f.store.CachedRecord(ctx, f.in.ID, connector.EntityAgreements, "1001")
				require.NoError(t, err)
				agreement, err := connector.Decode[connector.Agreement](ag)
				require.NoError(t, err)
				stale = append(stale, agreement)
			}
			run, err := f.store.CreateRun(ctx, f.in.ID, name, "")
			require.NoError(t, err)
			st, err := f.store.BeginStaging(ctx, f.in.ID, run.ID, full)
			require.NoError(t, err)
			require.NoError(t, connector.Put(ctx, st, stale...))

			res, err := f.worker(t, push.Hooks{}).Pass(ctx, false)
			require.NoError(t, err)
			require.Equal(t, push.Result{Pushed: 1}, res)
			require.Equal(t, store.OutboxPushed, f.entry(t, e.ID).State)

			st.Complete(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "1001"})
			_, err = st.Commit(ctx, store.CommitOptions{Succeeded: true})
			require.NoError(t, err)
			assert.True(t, f.cachedLineGone(t, "5002"), "the sync's older copy does not bring the line back")
			assert.False(t, f.cachedLineGone(t, "5001"))

			// The next sync reads the agreement's lines again: 5002 is not among them.
			run, err = f.store.CreateRun(ctx, f.in.ID, name, "")
			require.NoError(t, err)
			st, err = f.store.BeginStaging(ctx, f.in.ID, run.ID, full)
			require.NoError(t, err)
			again := stale[1:] // all but line 5002
			require.NoError(t, connector.Put(ctx, st, again...))
			st.Complete(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "1001"})
			_, err = st.Commit(ctx, store.CommitOptions{Succeeded: true})
			require.NoError(t, err)
			_, err = f.store.CachedRecord(ctx, f.in.ID, connector.EntityServiceLines, "5002")
			assert.ErrorIs(t, err, store.ErrNotFound, "then the row is gone")
		})
	}
}

// A line that is gone already (someone removed it in ConnectWise, or an earlier attempt got
// through) is done by reading: nothing is sent.
func TestPushRevertOfALineAlreadyGoneSendsNothing(t *testing.T) {
	f := newFixture(t, 25)
	rv := f.createdLine(t)
	require.NoError(t, f.sim.DeleteAddition(1001, 5002))
	e := f.approve(t, rv)[0]

	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Pushed: 1}, res)
	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxPushed, got.State)
	require.NotNil(t, got.Answer)
	assert.True(t, got.Answer.Read, "settled by reading")
	assert.Equal(t, http.StatusNotFound, got.Answer.Status)
	assert.Len(t, f.sim.Writes(), 1, "only the POST that created the line: no DELETE")
	assert.True(t, f.cachedLineGone(t, "5002"))
}

// A line without the marker of the push that created it is not TrueUp's to delete.
func TestPushRevertLeavesALineWithoutTheMarkerAlone(t *testing.T) {
	f := newFixture(t, 25)
	rv, err := reconcile.RevertWrite(newLineWrite(), "5001", reconcile.Date{}) // the MSP's own line, not TrueUp's
	require.NoError(t, err)
	e := f.approve(t, rv)[0]

	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Conflicts: 1}, res)
	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxConflict, got.State)
	assert.Contains(t, got.LastError, "no longer carries TrueUp's marker")
	_, still := f.sim.Addition(1001, 5001)
	assert.True(t, still)
	assert.Empty(t, f.sim.Writes())
	assert.False(t, f.cachedLineGone(t, "5001"))
}

// A DELETE ConnectWise applied without a clear answer is settled by reading (404: done) and
// never sent again.
func TestPushRevertUnknownOutcomeIsSettledByReading(t *testing.T) {
	for _, mode := range []struct {
		name string
		m    cwsim.WriteFaultMode
	}{{"5xx after apply", cwsim.ApplyThenFail}, {"dropped after apply", cwsim.ApplyThenDrop}} {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t, 25)
			rv := f.createdLine(t)
			e := f.approve(t, rv)[0]
			f.sim.AddWriteFault(cwsim.WriteFault{Mode: mode.m, Fault: sim.Fault{PathContains: "/additions/5002", Status: http.StatusBadGateway}})
			wk := f.worker(t, push.Hooks{})

			res, err := wk.Pass(context.Background(), false)
			require.NoError(t, err)
			assert.Equal(t, 1, res.Waiting)
			got := f.entry(t, e.ID)
			assert.Equal(t, store.OutboxSending, got.State, "left for reading")
			assert.Contains(t, got.LastError, "may or may not have applied")
			assert.False(t, f.cachedLineGone(t, "5002"), "nothing is recorded before it is known")

			res, err = wk.Pass(context.Background(), true)
			require.NoError(t, err)
			assert.Equal(t, push.Result{Pushed: 1}, res)
			got = f.entry(t, e.ID)
			assert.Equal(t, store.OutboxPushed, got.State)
			require.NotNil(t, got.Answer)
			assert.True(t, got.Answer.Read, "settled by reading ConnectWise")
			assert.Len(t, f.sim.Writes(), 2, "the POST and one DELETE, never sent again")
			assert.Equal(t, 2, f.sim.AppliedWrites())
			assert.True(t, f.cachedLineGone(t, "5002"))
		})
	}
}
