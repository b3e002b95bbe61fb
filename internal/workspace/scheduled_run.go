package workspace

import (
	"context"
	"time"
)

// ScheduledRun is what one scheduled (or caught-up) sync of one integration did. The
// scheduler (schedules.go) hands it, once the integration's run has ended, to every
// scheduled-run observer in order: the automatic true-up first (it fills the Auto
// fields), then the notifications, which report the run and what the true-up pushed.
type ScheduledRun struct {
	IntegrationID   int64
	IntegrationName string
	Kind            string // the connector kind
	Vendor          bool   // a vendor integration (false: the PSA)
	// DueAt is the schedule's due time the run was for (UTC); CatchUp is set when that time
	// passed while no TrueUp was running and the run happened later (at launch, or from
	// `trueup sync --scheduled`).
	DueAt   time.Time
	CatchUp bool
	RunID   int64
	// Outcome is the run's outcome as the runs table words it (succeeded, partial,
	// failed, cancelled); Changed is how many records it added, changed or removed.
	Outcome string
	Changed int
	Message string // the run's summary or error, redacted, as Sync Status shows it

	// AutoPushed and AutoWaiting are what the automatic true-up did after this run: pushes
	// it queued through the outbox, and changes it left as cards (large changes). AutoDryRun:
	// the true-up only planned (its first plan waits for approval in Settings), so AutoWaiting
	// counts the changes approving that plan pushes, and AutoLarge the large changes in it,
	// which would wait as cards. AutoNote says why when it did nothing or refused.
	AutoPushed  int
	AutoWaiting int
	AutoLarge   int
	AutoDryRun  bool
	AutoNote    string
}

// ScheduledRunObserver is told about each scheduled run once it has ended. It runs on the
// scheduler's goroutine with the workspace's life context; an error is logged on the run,
// never stops the next observer.
type ScheduledRunObserver func(ctx context.Context, r *ScheduledRun) error

// scheduledRunObservers are the observers, in the order they run: the automatic true-up
// (when it is there) before the notifications, which report what it did.
func (w *Workspace) scheduledRunObservers() []ScheduledRunObserver {
	return []ScheduledRunObserver{w.autoTrueUpAfterSync, w.notifyAfterSync}
}
