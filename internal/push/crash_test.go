//go:build unix

package push_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors/connectwise"
	"github.com/trueup/trueup/internal/push"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	"github.com/trueup/trueup/internal/store"
)

// The crash tests run the push in a child process (this test binary again) that kills
// itself with SIGKILL at one step, as kill -9 or a power cut would, then push again on the
// same SQLite file, as the next start of the app does.
const (
	envCrashAt     = "TRUEUP_PUSH_CRASH_AT"
	envDB          = "TRUEUP_PUSH_DB"
	envURL         = "TRUEUP_PUSH_URL"
	envIntegration = "TRUEUP_PUSH_INTEGRATION"
)

// TestHelperProcess is the child: it pushes and dies at the step envCrashAt names.
func TestHelperProcess(t *testing.T) {
	step := os.Getenv(envCrashAt)
	if step == "" {
		t.Skip("the crash tests run this as their child process")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv(envDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	id, _ := strconv.ParseInt(os.Getenv(envIntegration), 10, 64)
	w, err := connectwise.NewWriter(cwConfig(os.Getenv(envURL), cwsim.DemoCredentials(), nil))
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

func TestACrashAtAnyStepPushesExactlyOnce(t *testing.T) {
	for _, kind := range []string{"PATCH", "POST", "DELETE"} {
		for _, c := range []struct {
			step string
			// what the crash leaves: the entry's state and the writes ConnectWise applied
			left    store.OutboxState
			applied int
			// whether the entry is then settled by reading (the child's write got through)
			read bool
		}{
			{step: "claim", left: store.OutboxSending},
			{step: "read", left: store.OutboxSending},
			{step: "send", left: store.OutboxSending, applied: 1, read: true},
			{step: "record", left: store.OutboxPushed, applied: 1},
		} {
			t.Run(kind+" after "+c.step, func(t *testing.T) {
				f := newFixture(t, 25)
				w, recordID, target := quantityWrite(), "5001", 27.0
				before := 0 // writes ConnectWise applied before this push
				switch kind {
				case "POST":
					w, recordID, target = newLineWrite(), "5002", 3.0
				case "DELETE":
					// The revert of a line TrueUp added: the line is created (and cached) first.
					w, recordID, before = f.createdLine(t), "5002", 1
				}
				e := f.approve(t, w)[0]

				crash(t, f, c.step)
				mid := f.entry(t, e.ID)
				assert.Equal(t, c.left, mid.State, "what the crash left")
				assert.Equal(t, before+c.applied, f.sim.AppliedWrites())

				// The next start: the pass at start-up settles what the crash left.
				_, err := f.worker(t, push.Hooks{}).Pass(context.Background(), true)
				require.NoError(t, err)

				got := f.entry(t, e.ID)
				assert.Equal(t, store.OutboxPushed, got.State, "pushed once")
				require.NotNil(t, got.Answer, "the ledger keeps the PSA's answer")
				assert.Equal(t, recordID, got.Answer.RecordID)
				assert.Equal(t, c.read, got.Answer.Read)
				d, err := f.store.Decision(context.Background(), got.DecisionID)
				require.NoError(t, err, "the decision is never lost")
				assert.Equal(t, store.ActionApprove, d.Action)
				assert.Equal(t, before+1, f.sim.AppliedWrites(), "ConnectWise applied exactly one write")
				assert.Len(t, f.sim.Writes(), before+1, "and received only one")
				if kind == "DELETE" {
					_, still := f.sim.Addition(1001, 5002)
					assert.False(t, still, "the line is gone from ConnectWise")
					assert.True(t, f.cachedLineGone(t, recordID), "and from the cache")
					return
				}
				assert.Equal(t, target, f.cachedLine(t, recordID).Quantity, "the cache shows the pushed line")
			})
		}
	}
}

// crash runs the child and checks that it died by SIGKILL at the step.
func crash(t *testing.T, f *fixture, step string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrashAt+"="+step, envDB+"="+f.dbPath, envURL+"="+f.sim.BaseURL(),
		envIntegration+"="+strconv.FormatInt(f.in.ID, 10))
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the child should have been killed: %s", out)
	ws, ok := exit.Sys().(syscall.WaitStatus)
	require.True(t, ok)
	require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL, "the child should die by SIGKILL at %s: %s: %s", step, exit, out)
}
