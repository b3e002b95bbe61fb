package push_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors/connectwise"
	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/sim"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	"github.com/trueup/trueup/internal/store"
)

func TestPushPatchChangesTheLineKeepsTheAnswerAndUpdatesTheCache(t *testing.T) {
	f := newFixture(t, 25)
	e := f.approve(t, quantityWrite())[0]

	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Pushed: 1}, res)

	a, ok := f.sim.Addition(1001, 5001)
	require.True(t, ok)
	assert.Equal(t, 27.0, a.Quantity, "ConnectWise's line changed")
	require.Len(t, f.sim.Writes(), 1)
	assert.JSONEq(t, `[{"op":"replace","path":"quantity","value":27}]`, f.sim.Writes()[0].Body, "the plan's body, as approved")

	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxPushed, got.State)
	assert.Equal(t, 1, got.Attempts)
	require.NotNil(t, got.Answer)
	assert.Equal(t, http.StatusOK, got.Answer.Status)
	assert.Equal(t, "5001", got.Answer.RecordID)
	assert.JSONEq(t, `27`, string(got.Answer.Value))
	assert.False(t, got.Answer.Read, "it was sent")
	assert.Contains(t, string(got.Answer.Record), `"quantity":27`, "the post-image is kept")
	assert.Empty(t, got.Answer.Note)

	l := f.cachedLine(t, "5001")
	assert.Equal(t, 27.0, l.Quantity, "the cached line is the PSA's answer")
	assert.Equal(t, "11", l.AccountID)
}

func TestPushPostCreatesTheMarkedLineAndCachesIt(t *testing.T) {
	f := newFixture(t, 25)
	e := f.approve(t, newLineWrite())[0]

	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Pushed: 1}, res)

	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxPushed, got.State)
	require.NotNil(t, got.Answer)
	assert.Equal(t, http.StatusCreated, got.Answer.Status)
	assert.Equal(t, "5002", got.Answer.RecordID)
	assert.JSONEq(t, `3`, string(got.Answer.Value))

	a, ok := f.sim.Addition(1001, 5002)
	require.True(t, ok)
	assert.Equal(t, 3.0, a.Quantity)
	assert.Contains(t, a.Description, "(TrueUp "+newLineKey+")")

	l := f.cachedLine(t, "5002")
	assert.Equal(t, 3.0, l.Quantity)
	assert.Equal(t, "1001", l.AgreementID)
	assert.Equal(t, "11", l.AccountID, "the agreement's company, from the cache")
}

func TestPushOfALineAlreadyAtTheTargetWritesNothing(t *testing.T) {
	f := newFixture(t, 27)
	e := f.approve(t, quantityWrite())[0]

	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Pushed: 1}, res)
	assert.Empty(t, f.sim.Writes(), "nothing was sent")
	got := f.entry(t, e.ID)
	assert.Equal(t, store.OutboxPushed, got.State)
	require.NotNil(t, got.Answer)
	assert.True(t, got.Answer.Read, "settled by reading")
	assert.JSONEq(t, `27`, string(got.Answer.Value))
}

// A line someone changed since the review stops that entry only; the next goes out.
func TestPushConflictStopsOnlyThatEntry(t *testing.T) {
	f := newFixture(t, 26)
	entries := f.approve(t, quantityWrite(), newLineWrite())

	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Pushed: 1, Conflicts: 1}, res)
	c := f.entry(t, entries[0].ID)
	assert.Equal(t, store.OutboxConflict, c.State)
	assert.Equal(t, "ConnectWise now says 26, you approved 25 -> 27: sync and review again", c.LastError)
	a, _ := f.sim.Addition(1001, 5001)
	assert.Equal(t, 26.0, a.Quantity, "the changed line is left alone")
	assert.Equal(t, store.OutboxPushed, f.entry(t, entries[1].ID).State)
	assert.Equal(t, 1, f.sim.AppliedWrites(), "only the new line")
}

func TestPushRefusalsFailTheEntryWithTheConnectorsMessage(t *testing.T) {
	for _, c := range []struct {
		name  string
		fault *cwsim.WriteFault
		path  string
		want  string
	}{
		{name: "400 refused value", fault: &cwsim.WriteFault{Mode: cwsim.FailBeforeApply, Fault: sim.Fault{Status: http.StatusBadRequest,
			Body: `{"code":"InvalidObject","message":"addition object is invalid","errors":[{"code":"InvalidField","message":"Quantity is too large.","resource":"addition","field":"quantity"}]}`}},
			want: "ConnectWise refused the value of quantity for addition 5001 of agreement 1001: Quantity is too large: correct it, then push again"},
		{name: "404 line gone", path: "/finance/agreements/1001/additions/5999", want: "the addition no longer exists in ConnectWise: sync and review again"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, 25)
			if c.fault != nil {
				f.sim.AddWriteFault(*c.fault)
			}
			w := quantityWrite()
			if c.path != "" {
				w.Path = c.path
			}
			e := f.approve(t, w)[0]
			wk := f.worker(t, push.Hooks{})
			res, err := wk.Pass(context.Background(), false)
			require.NoError(t, err)
			assert.Equal(t, push.Result{Failed: 1}, res)
			got := f.entry(t, e.ID)
			assert.Equal(t, store.OutboxFailed, got.State)
			assert.Contains(t, got.LastError, c.want)
			assert.Zero(t, f.sim.AppliedWrites())
		})
	}
}

// A 401 or 403 is about the credentials or the API member's permissions, not about one
// entry: the pass stops at the first entry with one message, and every entry waits where it
// was (none is failed one by one) until the credentials are fixed.
func TestPushRefusedCredentialsStopThePassAndKeepEveryEntry(t *testing.T) {
	bad := cwsim.DemoCredentials()
	bad.PrivateKey = "not-the-private-key"
	for _, c := range []struct {
		name  string
		creds cwsim.Credentials
		fault *cwsim.WriteFault
		want  string
	}{
		{name: "401 keys refused", creds: bad, want: "the API keys were refused"},
		{name: "403 no permission", creds: cwsim.DemoCredentials(), fault: &cwsim.WriteFault{Mode: cwsim.FailBeforeApply, Fault: sim.Fault{Status: http.StatusForbidden}},
			want: "Finance > Agreements: Edit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, 25)
			if c.fault != nil {
				f.sim.AddWriteFault(*c.fault)
			}
			entries := f.approve(t, quantityWrite(), newLineWrite())
			now := time.Date(2026, 12, 14, 9, 0, 0, 0, time.UTC)
			wk := f.worker(t, push.Hooks{})
			wk.Now = func() time.Time { return now }
			wk.PSA = f.writer(t, c.creds)
			res, err := wk.Pass(context.Background(), false)
			require.NoError(t, err)
			assert.Equal(t, 2, res.Waiting)
			assert.Zero(t, res.Failed)
			assert.Contains(t, res.Refused, c.want)
			assert.Equal(t, now.Add(push.DefaultBackoff(1)), res.RetryAt)
			first, second := f.entry(t, entries[0].ID), f.entry(t, entries[1].ID)
			assert.Equal(t, store.OutboxQueued, first.State)
			assert.Contains(t, first.LastError, c.want)
			assert.Equal(t, 1, first.Attempts)
			assert.Equal(t, store.OutboxQueued, second.State)
			assert.Zero(t, second.Attempts, "the pass stopped before the second entry")
			assert.Zero(t, f.sim.AppliedWrites())

			// Fixed credentials: both go out.
			wk.PSA = f.writer(t, cwsim.DemoCredentials())
			res, err = wk.Pass(context.Background(), true)
			require.NoError(t, err)
			assert.Equal(t, push.Result{Pushed: 2}, res)
		})
	}
}

// Approvals made while the PSA cannot be reached wait in order, and go out once it answers.
func TestPushWaitsWhileThePSAIsDownThenSends(t *testing.T) {
	f := newFixture(t, 25)
	entries := f.approve(t, quantityWrite(), newLineWrite())
	now := time.Date(2026, 12, 14, 9, 0, 0, 0, time.UTC)
	wk := f.worker(t, push.Hooks{})
	wk.Now = func() time.Time { return now }

	f.down.Store(true)
	res, err := wk.Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Waiting: 2, RetryAt: now.Add(30 * time.Second)}, res)
	first := f.entry(t, entries[0].ID)
	assert.Equal(t, store.OutboxQueued, first.State)
	assert.Equal(t, now.Add(30*time.Second), first.NextAttemptAt.UTC())
	assert.Contains(t, first.LastError, "the PSA could not be reached")
	second := f.entry(t, entries[1].ID)
	assert.Equal(t, 0, second.Attempts, "the later entry waits behind the first")

	f.down.Store(false)
	res, err = wk.Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Waiting: 2, RetryAt: now.Add(30 * time.Second)}, res, "not due yet: the automatic retry waits")
	assert.Empty(t, f.sim.Writes())

	now = now.Add(31 * time.Second)
	res, err = wk.Pass(context.Background(), false)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Pushed: 2}, res)
	assert.Equal(t, 2, f.sim.AppliedWrites())
	assert.Equal(t, 2, f.entry(t, entries[0].ID).Attempts)
}

// "Send now" tries at once, whatever the backoff says.
func TestSendNowIgnoresTheBackoff(t *testing.T) {
	f := newFixture(t, 25)
	e := f.approve(t, quantityWrite())[0]
	wk := f.worker(t, push.Hooks{})
	f.down.Store(true)
	_, err := wk.Pass(context.Background(), false)
	require.NoError(t, err)
	f.down.Store(false)
	res, err := wk.Pass(context.Background(), true)
	require.NoError(t, err)
	assert.Equal(t, push.Result{Pushed: 1}, res)
	assert.Equal(t, store.OutboxPushed, f.entry(t, e.ID).State)
}

// A write ConnectWise applied without a clear answer (a 5xx, a dropped connection) is
// settled by reading it, and never sent again: exactly one applied write.
func TestUnknownOutcomesAreSettledByReading(t *testing.T) {
	for _, kind := range []string{"PATCH", "POST"} {
		for _, mode := range []struct {
			name string
			m    cwsim.WriteFaultMode
		}{{"5xx after apply", cwsim.ApplyThenFail}, {"dropped after apply", cwsim.ApplyThenDrop}} {
			t.Run(kind+" "+mode.name, func(t *testing.T) {
				f := newFixture(t, 25)
				w := quantityWrite()
				if kind == "POST" {
					w = newLineWrite()
				}
				entries := f.approve(t, w, costWrite())
				f.sim.AddWriteFault(cwsim.WriteFault{Mode: mode.m, Fault: sim.Fault{Status: http.StatusBadGateway}})
				wk := f.worker(t, push.Hooks{})

				res, err := wk.Pass(context.Background(), false)
				require.NoError(t, err)
				assert.Equal(t, 2, res.Waiting, "the unknown outcome holds the later entry back")
				got := f.entry(t, entries[0].ID)
				assert.Equal(t, store.OutboxSending, got.State, "left for reading")
				assert.Contains(t, got.LastError, "may or may not have applied")
				assert.Equal(t, 1, f.sim.AppliedWrites())

				res, err = wk.Pass(context.Background(), true)
				require.NoError(t, err)
				assert.Equal(t, push.Result{Pushed: 2}, res)
				got = f.entry(t, entries[0].ID)
				assert.Equal(t, store.OutboxPushed, got.State)
				require.NotNil(t, got.Answer)
				assert.True(t, got.Answer.Read, "settled by reading ConnectWise")
				assert.Equal(t, 2, f.sim.AppliedWrites(), "one applied write per entry")
				assert.Len(t, f.sim.Writes(), 2, "the first entry was never sent again")
			})
		}
	}
}

// The plan writes the marker in the tag the ConnectWise writer searches for: one format.
func TestThePlansMarkerIsTheWritersTag(t *testing.T) {
	for _, kind := range []reconcile.WriteKind{reconcile.WriteNewLine, reconcile.WriteProratedLine} {
		key := reconcile.MarkerKey(reconcile.CardID("cw", "11", "302"), reconcile.Cycle{Y: 2026, M: 12}, kind)
		tag, err := connectwise.MarkerTag(key)
		require.NoError(t, err, key)
		assert.Equal(t, tag, reconcile.MarkerTag(key))
	}
}
