//go:build unix

package push_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors/halopsa"
	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// envHaloCrashAt makes the test binary a child that pushes to the Halo simulator and dies by
// SIGKILL at one step (see crash_test.go for the ConnectWise one).
const envHaloCrashAt = "TRUEUP_HALO_PUSH_CRASH_AT"

func TestHaloHelperProcess(t *testing.T) {
	step := os.Getenv(envHaloCrashAt)
	if step == "" {
		t.Skip("the Halo crash tests run this as their child process")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv(envDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	id, _ := strconv.ParseInt(os.Getenv(envIntegration), 10, 64)
	w, err := halopsa.NewWriter(haloConfig(os.Getenv(envURL), &http.Client{Timeout: 10 * time.Second}))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	die := func(int64) {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // SIGKILL cannot be caught: nothing after this runs
	}
	var hooks push.Hooks
	switch step {
	case "claim":
		hooks.AfterClaim = die
	case "read":
		hooks.AfterRead = die
	case "send":
		hooks.AfterSend = die
	case "record":
		hooks.AfterRecord = die
	}
	wk := &push.Worker{IntegrationID: id, PSA: w, Outbox: st, Hooks: hooks}
	res, err := wk.Pass(ctx, true)
	fmt.Fprintf(os.Stderr, "the push ended without reaching step %q: %+v, %v\n", step, res, err)
	os.Exit(3)
}

// A kill at any step of a Halo push, then the next start's pass: Halo applied exactly one
// write, a new line exists once, and the entry is pushed with Halo's answer.
func TestHaloACrashAtAnyStepPushesExactlyOnce(t *testing.T) {
	for _, kind := range []string{"quantity", "new_line", "remove_line"} {
		for _, c := range []struct {
			step    string
			left    store.OutboxState
			applied int
			read    bool
		}{
			{step: "claim", left: store.OutboxSending},
			{step: "read", left: store.OutboxSending},
			{step: "send", left: store.OutboxSending, applied: 1, read: true},
			{step: "record", left: store.OutboxPushed, applied: 1},
		} {
			t.Run(kind+" after "+c.step, func(t *testing.T) {
				f := newHaloFixture(t)
				w, recordID := haloQuantityWrite(), "5001"
				before := 0
				switch kind {
				case "new_line":
					w, recordID = haloNewLineWrite(), "5003"
				case "remove_line":
					w, recordID, before = f.createdLine(t), "5003", 1
				}
				e := f.approve(t, w)[0]

				haloCrash(t, f, c.step)
				assert.Equal(t, c.left, f.entry(t, e.ID).State, "what the crash left")
				assert.Equal(t, before+c.applied, f.sim.AppliedWrites())

				want := push.Result{Pushed: 1}
				if c.left == store.OutboxPushed {
					want = push.Result{} // nothing left to settle
				}
				assert.Equal(t, want, f.pass(t), "the pass at the next start settles what the crash left")
				got := f.entry(t, e.ID)
				assert.Equal(t, store.OutboxPushed, got.State)
				require.NotNil(t, got.Answer)
				assert.Equal(t, recordID, got.Answer.RecordID)
				assert.Equal(t, c.read, got.Answer.Read)
				assert.Equal(t, before+1, f.sim.AppliedWrites(), "Halo applied exactly one write")
				assert.Len(t, f.sim.Writes(), before+1, "and received only one")
				switch kind {
				case "quantity":
					assert.Equal(t, 27.0, f.line(t, 5001).QtyOrder)
					assert.Equal(t, 27.0, f.cachedLine(t, "5001").Quantity)
				case "new_line":
					assert.Len(t, f.sim.LinesDescribed(300, reconcile.MarkerTag(haloNewLineKey)), 1, "the new line exists once")
					assert.Equal(t, 3.0, f.cachedLine(t, "5003").Quantity)
				case "remove_line":
					_, still := f.sim.Line(300, 5003)
					assert.False(t, still)
					assert.True(t, f.cachedLineGone(t, "5003"))
				}
				inv, _ := f.sim.Invoice(300)
				assert.Equal(t, 25.0+2*btoi(kind == "quantity"), inv.Lines[0].QtyOrder)
				assert.Equal(t, 4.0, inv.Lines[1].QtyOrder, "the other line is untouched")
			})
		}
	}
}

func btoi(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func haloCrash(t *testing.T, f *haloFixture, step string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHaloHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHaloCrashAt+"="+step, envDB+"="+f.dbPath, envURL+"="+f.sim.BaseURL(),
		envIntegration+"="+strconv.FormatInt(f.in.ID, 10))
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the child should have been killed: %s", out)
	ws, ok := exit.Sys().(syscall.WaitStatus)
	require.True(t, ok)
	require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL, "the child should die by SIGKILL at %s: %s: %s", step, exit, out)
}
