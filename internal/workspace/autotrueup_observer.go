package workspace

import (
	"context"
	"fmt"

	"github.com/trueup/trueup/internal/reconcile"
)

// autoTrueUpAfterSync is the scheduled-run observer of the automatic true-up: after a
// scheduled sync of a vendor integration whose true-up is on, it runs the true-up (a dry
// run until one is approved) and fills r's Auto fields for the notifications after it.
//
// Only a succeeded run is trued up. A partial run finished with some sections failed: a
// customer whose subscriptions could not be read would look like seats that disappeared, and
// the true-up would push decreases nobody asked for. So a partial (or failed, or cancelled)
// run pushes nothing and says so; the next complete sync catches up.
func (w *Workspace) autoTrueUpAfterSync(ctx context.Context, r *ScheduledRun) error {
	if !r.Vendor {
		return nil
	}
	a := w.AutoTrueUp()
	s, err := a.Settings(ctx, r.IntegrationID)
	if err != nil || !s.Enabled {
		return err
	}
	if r.Outcome != "succeeded" {
		r.AutoNote = fmt.Sprintf("automatic true-up skipped: the sync %s, and an incomplete sync could read as seats that disappeared; it runs after the next complete sync", r.Outcome)
		return nil
	}
	run, err := a.RunNow(ctx, r.IntegrationID, "")
	r.AutoPushed, r.AutoWaiting, r.AutoDryRun, r.AutoNote = run.Pushed, run.Waiting, run.DryRun, run.Note
	if run.DryRun {
		// A dry run's Waiting is its whole plan; large changes in it would wait as cards.
		r.AutoLarge = countAction(run, reconcile.AutoWaiting)
		r.AutoWaiting = run.Waiting - r.AutoLarge
	}
	if err != nil {
		r.AutoNote = fmt.Sprintf("automatic true-up failed: %v", err)
		return fmt.Errorf("automatic true-up of %s: %w", r.IntegrationName, err)
	}
	return nil
}
