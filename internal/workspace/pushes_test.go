package workspace_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/sim"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// reconcileCard is a Reconcile card of the demo with a target line: what a quantity push
// changes.
func (tu *trueup) reconcileCard(t *testing.T) reconcile.Card {
	t.Helper()
	snap, err := tu.ws.Snapshot(context.Background())
	require.NoError(t, err)
	for _, c := range snap.Result.Cards {
		if c.State == reconcile.StateReconcile && c.Target != nil && c.Decision == reconcile.DecisionOpen {
			return c
		}
	}
	t.Fatal("the demo has no Reconcile card")
	return reconcile.Card{}
}

func (tu *trueup) lineQuantity(t *testing.T, l *reconcile.LineEvidence) float64 {
	t.Helper()
	ag, err := strconv.Atoi(l.AgreementID)
	require.NoError(t, err)
	id, err := strconv.Atoi(l.LineID)
	require.NoError(t, err)
	a, ok := tu.sims.CW.Addition(ag, id)
	require.True(t, ok)
	return a.Quantity
}

// events collects what Subscribe tells, in order.
type events struct {
	mu   sync.Mutex
	list []workspace.PushEntry
}

func (e *events) add(p workspace.PushEntry) { e.mu.Lock(); e.list = append(e.list, p); e.mu.Unlock() }

func (e *events) states(id int64) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, p := range e.list {
		if p.ID == id && (len(out) == 0 || out[len(out)-1] != p.State) {
			out = append(out, p.State)
		}
	}
	return out
}

func TestSendPushesTheChangeAndReportsEveryState(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	var ev events
	defer tu.ws.Pushes().Subscribe(ev.add)()
	card := tu.reconcileCard(t)
	entries, err := tu.ws.QueuePlan(ctx, card.ID)
	require.NoError(t, err)
	require.Len(t, entries, 1)

	got, err := tu.ws.Pushes().Send(ctx, []int64{entries[0].ID})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "pushed", got[0].State)
	assert.Equal(t, card.ID, got[0].CardID)
	assert.Equal(t, demo.ConnectWiseName, got[0].Integration)
	assert.Contains(t, got[0].Preview, "PATCH addition "+card.Target.LineID)
	want := (card.Target.Quantity + card.Difference).Float64()
	assert.Equal(t, want, tu.lineQuantity(t, card.Target), "the PSA holds the vendor quantity")
	states := ev.states(entries[0].ID)
	require.GreaterOrEqual(t, len(states), 2, "events: %v", states)
	assert.Equal(t, []string{"sending", "pushed"}, states[len(states)-2:], "the window sees the entry move")

	out, err := tu.ws.Pushes().Outbox(ctx)
	require.NoError(t, err)
	require.Len(t, out, 1, "this cycle's push stays listed")
	assert.Equal(t, "pushed", out[0].State)
}

func TestSendOutcomes(t *testing.T) {
	for _, c := range []struct {
		name  string
		fault cwsim.WriteFault
		down  bool // every request answers 503 until the test clears it
		want  string
		error string
	}{
		{name: "400 fails the entry", fault: cwsim.WriteFault{Mode: cwsim.FailBeforeApply, Fault: sim.Fault{Status: http.StatusBadRequest,
			Body: `{"code":"InvalidObject","message":"addition object is invalid","errors":[{"code":"InvalidField","message":"Quantity is too large.","resource":"addition","field":"quantity"}]}`}},
			want: "failed", error: "Quantity is too large"},
		{name: "PSA down: queued for a retry", down: true, want: "queued", error: "could not be reached"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			tu := newTrueup(t)
			card := tu.reconcileCard(t)
			before := tu.lineQuantity(t, card.Target)
			if c.down {
				tu.sims.CW.AddFault(sim.Fault{PathContains: "/finance/agreements/", Status: http.StatusServiceUnavailable, Times: 1000})
			} else {
				tu.sims.CW.AddWriteFault(c.fault)
			}
			entries, err := tu.ws.QueuePlan(ctx, card.ID)
			require.NoError(t, err)
			got, err := tu.ws.Pushes().Send(ctx, []int64{entries[0].ID})
			require.NoError(t, err)
			assert.Equal(t, c.want, got[0].State)
			assert.Contains(t, got[0].LastError, c.error)
			assert.Equal(t, before, tu.lineQuantity(t, card.Target))
			if c.want != "queued" {
				return
			}
			// Back up: Send now goes at once, without waiting out the backoff.
			assert.NotEmpty(t, got[0].NextAttemptAt)
			tu.sims.CW.ClearFaults()
			got, err = tu.ws.Pushes().SendNow(ctx)
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, "pushed", got[0].State)
			assert.NotEqual(t, before, tu.lineQuantity(t, card.Target))
		})
	}
}

// Refused credentials stop the integration's pushes with one error; every entry waits, and
// goes out once the credentials are fixed.
func TestRefusedCredentialsStopThePushesUntilFixed(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	// New credentials (a later edit) rebuild the worker; then two approvals.
	tu.clock.Set(trueupToday.Add(time.Minute))
	require.NoError(t, tu.ws.Integrations().SetSecrets(ctx, tu.cwID, map[string]string{"private_key": "not-the-key"}))
	snap, err := tu.ws.Snapshot(ctx)
	require.NoError(t, err)
	var ids []int64
	for _, c := range snap.Result.Cards {
		if c.State == reconcile.StateReconcile && c.Target != nil && len(ids) < 2 {
			entries, err := tu.ws.QueuePlan(ctx, c.ID)
			require.NoError(t, err)
			ids = append(ids, entries[0].ID)
		}
	}
	require.Len(t, ids, 2)
	got, err := tu.ws.Pushes().Send(ctx, ids)
	require.ErrorIs(t, err, workspace.ErrPushRefused)
	assert.Contains(t, err.Error(), "fix the API keys")
	require.Len(t, got, 2)
	assert.Equal(t, "queued", got[0].State)
	assert.Positive(t, got[0].Attempts)
	assert.Equal(t, "queued", got[1].State)
	assert.Zero(t, got[1].Attempts, "the second entry was not tried one by one")

	tu.clock.Set(trueupToday.Add(2 * time.Minute))
	require.NoError(t, tu.ws.Integrations().SetSecrets(ctx, tu.cwID, map[string]string{"private_key": cwsim.DemoCredentials().PrivateKey}))
	got, err = tu.ws.Pushes().SendNow(ctx)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, []string{"pushed", "pushed"}, []string{got[0].State, got[1].State})
}

// Only the folder's owner runs push workers; another process's approval goes out from the
// owner, and the next owner takes the workers over.
func TestPushWorkersFollowOwnershipAndIntegrations(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	require.Eventually(t, func() bool { return len(tu.ws.PushWorkers()) == 1 }, 20*time.Second, 20*time.Millisecond)
	assert.Equal(t, []int64{tu.cwID}, tu.ws.PushWorkers(), "one worker, for the PSA only")

	other, err := workspace.Open(ctx, workspace.Options{DataDir: tu.ws.Info().DataDir, Secrets: tu.keys, Registry: connectors.Registry(),
		Now: tu.clock.Now, Location: time.UTC, LockRetryEvery: 50 * time.Millisecond, PollEvery: 50 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(other.Close)
	assert.Empty(t, other.PushWorkers(), "a process that does not own the folder runs none")

	card := tu.reconcileCard(t)
	entries, err := other.QueuePlan(ctx, card.ID)
	require.NoError(t, err)
	got, err := other.Pushes().Send(ctx, []int64{entries[0].ID})
	require.NoError(t, err)
	assert.Equal(t, "pushed", got[0].State, "the owner sent it")
	e, err := other.Store().OutboxEntry(ctx, entries[0].ID)
	require.NoError(t, err)
	assert.Equal(t, store.OutboxPushed, e.State)

	tu.ws.Close()
	require.Eventually(t, func() bool { return len(other.PushWorkers()) == 1 }, 20*time.Second, 20*time.Millisecond, "the next owner runs the workers")

	require.NoError(t, other.Integrations().Delete(ctx, tu.cwID))
	require.Eventually(t, func() bool { return len(other.PushWorkers()) == 0 }, 20*time.Second, 20*time.Millisecond, "a removed PSA's worker stops")
}

// "Send now" in a process that does not run the workers makes the waiting entries due: the
// owner sends them without waiting out the backoff (30 s, more than this test allows).
func TestSendNowFromAnotherProcess(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	tu.sims.CW.AddFault(sim.Fault{PathContains: "/finance/agreements/", Status: http.StatusServiceUnavailable, Times: 1000})
	card := tu.reconcileCard(t)
	entries, err := tu.ws.QueuePlan(ctx, card.ID)
	require.NoError(t, err)
	got, err := tu.ws.Pushes().Send(ctx, []int64{entries[0].ID})
	require.NoError(t, err)
	require.Equal(t, "queued", got[0].State)
	tu.sims.CW.ClearFaults()

	other, err := workspace.Open(ctx, workspace.Options{DataDir: tu.ws.Info().DataDir, Secrets: tu.keys, Registry: connectors.Registry(),
		Now: tu.clock.Now, Location: time.UTC, PollEvery: 50 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(other.Close)
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	got, err = other.Pushes().SendNow(sctx)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "pushed", got[0].State)
}

// Why a push waits (its writer's note: an Autotask budget pause) shows on Sync Status and
// on the waiting push rows with no sync running, and goes when the writer clears it.
func TestWaitingPushesSayWhyWithoutASync(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	card := tu.reconcileCard(t)
	tu.sims.CW.AddFault(sim.Fault{PathContains: "/finance/agreements/", Status: http.StatusServiceUnavailable, Times: 1000})
	entries, err := tu.ws.QueuePlan(ctx, card.ID)
	require.NoError(t, err)
	got, err := tu.ws.Pushes().Send(ctx, []int64{entries[0].ID})
	require.NoError(t, err)
	require.Equal(t, "queued", got[0].State)

	const note = "Autotask API usage 93%: pushes wait until it is under 75%"
	tu.ws.SetPushWaiting(tu.cwID, note)
	st, err := tu.ws.Sync().Status(ctx)
	require.NoError(t, err)
	for _, in := range st.Integrations {
		if in.Integration.ID == tu.cwID {
			assert.Equal(t, note, in.PushNote)
			assert.False(t, in.Busy, "no sync runs")
		} else {
			assert.Empty(t, in.PushNote, "another integration's pushes are not held")
		}
	}
	out, err := tu.ws.Pushes().Outbox(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, out)
	for _, e := range out {
		if e.State == "queued" || e.State == "sending" {
			assert.Equal(t, note, e.Waiting, "push %d", e.ID)
		}
	}

	tu.ws.SetPushWaiting(tu.cwID, "")
	st, err = tu.ws.Sync().Status(ctx)
	require.NoError(t, err)
	for _, in := range st.Integrations {
		assert.Empty(t, in.PushNote)
	}
}
