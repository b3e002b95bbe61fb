package cli

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// cancelWait bounds how long an interrupted `trueup sync` waits for its runs to stop; a run
// that takes longer is marked failed on the next start (workspace.Open).
const cancelWait = 15 * time.Second

// stopped handles Sync().Wait ending early. When ctx was cancelled (Ctrl-C or SIGTERM), the
// runs are cancelled, not abandoned, and each one is reported as it ended: a cancelled run
// stores nothing, one that finished first keeps what it stored.
func (c *call) stopped(ctx context.Context, ids []int64, waitErr error) int {
	if ctx.Err() == nil {
		return c.fail(fmt.Errorf("waiting for the sync failed: %w", waitErr))
	}
	// ctx is done: the cancelling and the final reads need their own time.
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), cancelWait)
	defer cancel()
	// cancelled holds the runs this command stopped; CancelRun errs for a run that ended.
	cancelled := map[int64]bool{}
	for _, id := range ids {
		cancelled[id] = c.ws.Sync().Cancel(bg, id) == nil
	}
	waitErr = c.ws.Sync().Wait(bg, ids...)
	fmt.Fprintf(c.env.Stderr, "Stopped: %v.\n", context.Cause(ctx))
	for _, id := range ids {
		r, err := c.ws.Sync().Run(bg, id)
		if err != nil {
			fmt.Fprintf(c.env.Stderr, "Run %d: %v\n", id, err)
			continue
		}
		// A run cancelled while it prepared its cache ends "failed"; like every failed
		// run it stored nothing, and it ended because it was cancelled.
		switch {
		case r.Status == "cancelled", r.Status == "failed" && cancelled[id]:
			fmt.Fprintf(c.env.Stderr, "Cancelled the sync of %s (nothing was stored).\n", r.IntegrationName)
		case r.Status == "queued", r.Status == "running":
			fmt.Fprintf(c.env.Stderr, "The sync of %s did not stop within %s; it stores nothing and is marked failed on the next start.\n",
				r.IntegrationName, cancelWait)
		default:
			fmt.Fprintf(c.env.Stderr, "%s had already finished: %s\n", r.IntegrationName, runSummary(r))
		}
	}
	if waitErr != nil && !errors.Is(waitErr, context.DeadlineExceeded) {
		fmt.Fprintf(c.env.Stderr, "trueup sync: %v\n", waitErr)
	}
	return ExitFailed
}
