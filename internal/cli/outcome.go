package cli

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/internal/workspace"
)

// ExitQueued is the true-up's exit code when some pushes wait in the outbox because the
// PSA cannot be reached.
const ExitQueued = 3

// noteOwner says on stderr that another process sends the pushes, as `sync` does.
func (c *call) noteOwner(ctx context.Context, quiet bool) {
	if owner := c.ws.Sync().Owner(ctx); !owner.Self && !quiet {
		who := "in another process"
		if owner.PID > 0 {
			who = fmt.Sprintf("(pid %d)", owner.PID)
		}
		fmt.Fprintf(c.env.Stderr, "TrueUp is already open on this folder %s: it sends the pushes; waiting for them\n", who)
	}
}

// pushExit is the true-up's exit code for pushes: 0 all pushed, 3 some wait in the outbox
// (the PSA cannot be reached), 1 some failed or are in conflict.
func pushExit(entries []workspace.PushEntry) int {
	code := ExitOK
	for _, e := range entries {
		switch e.State {
		case "failed", "conflict":
			return ExitFailed
		case "queued", "sending":
			code = ExitQueued
		}
	}
	return code
}
