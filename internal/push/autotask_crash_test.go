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
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors/autotask"
	"github.com/trueup/trueup/internal/push"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
	"github.com/trueup/trueup/internal/store"
)

// envATCrashAt makes the test binary an Autotask pushing child that kills itself at a step
// (the ConnectWise child of crash_test.go shares envDB, envURL and envIntegration).
const envATCrashAt = "TRUEUP_PUSH_AT_CRASH_AT"

// TestAutotaskHelperProcess is the child: it pushes to Autotask and dies at the step
// envATCrashAt names.
func TestAutotaskHelperProcess(t *testing.T) {
	step := os.Getenv(envATCrashAt)
	if step == "" {
		t.Skip("the Autotask crash tests run this as their child process")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv(envDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	id, _ := strconv.ParseInt(os.Getenv(envIntegration), 10, 64)
	c, err := autotask.New(atConfig(os.Getenv(envURL), atsim.DemoCredentials(), nil))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	die := func(int64) {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
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
	wk := &push.Worker{IntegrationID: id, PSA: c.Writer(), Outbox: st, Hooks: hooks, Now: func() time.Time { return atToday }}
	res, err := wk.Pass(ctx, true)
	fmt.Fprintf(os.Stderr, "the push ended without reaching step %q: %+v, %v\n", step, res, err)
	os.Exit(3)
}

// Killed between any two steps, the next start settles the adjustment by reading the
// units: Autotask never gets it twice.
func TestAutotaskACrashAtAnyStepAdjustsExactlyOnce(t *testing.T) {
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
		t.Run("after "+c.step, func(t *testing.T) {
			f := newATFixture(t, 25)
			e := f.approve(t, atPlan(t, 27, false))[0]

			cmd := exec.Command(os.Args[0], "-test.run=^TestAutotaskHelperProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), envATCrashAt+"="+c.step, envDB+"="+f.dbPath, envURL+"="+f.sim.BaseURL(),
				envIntegration+"="+strconv.FormatInt(f.in.ID, 10))
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "the child should have been killed: %s", out)
			ws, ok := exit.Sys().(syscall.WaitStatus)
			require.True(t, ok)
			require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL, "the child should die by SIGKILL at %s: %s", c.step, out)

			assert.Equal(t, c.left, f.entry(t, e.ID).State, "what the crash left")
			assert.Len(t, f.sim.AppliedAdjustments(4001), c.applied)

			_, err = f.worker(t, push.Hooks{}).Pass(context.Background(), true)
			require.NoError(t, err)
			got := f.entry(t, e.ID)
			assert.Equal(t, store.OutboxPushed, got.State)
			require.NotNil(t, got.Answer)
			assert.Equal(t, "4001", got.Answer.RecordID)
			assert.Equal(t, c.read, got.Answer.Read)
			assert.Len(t, f.sim.AppliedAdjustments(4001), 1, "Autotask applied exactly one adjustment")
			assert.Len(t, f.sim.Writes(), 1, "and received only one")
			assert.Equal(t, 27.0, f.unitsOn(t, 4001, 2027, 1, 1))
			l := f.cachedLine(t, "4001")
			require.NotNil(t, l.NextQuantity)
			assert.Equal(t, 27.0, *l.NextQuantity, "the cache shows the pushed units")
		})
	}
}
