package workspace

import (
	"context"
	"fmt"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/schedule"
	"github.com/trueup/trueup/internal/store"
)

const (
	// catchUpAfter is how late a due time may be handled and still count as run on time:
	// the loop re-checks every minute, so a later one passed while TrueUp was not running
	// (or the machine slept, or its clock jumped).
	catchUpAfter = 2 * time.Minute
	// schedulerRecheck is how often the loop looks again even when nothing is due sooner:
	// a clock moved forward, or a schedule set meanwhile (by the CLI too), is seen then.
	schedulerRecheck = time.Minute
	// RanAtLaunch and RanByCommand word when a missed due time ran, for its note.
	RanAtLaunch  = "at launch"
	RanByCommand = "by trueup sync --scheduled"
)

// due is one due time this process claimed for one integration.
type due struct {
	p       plan
	at      time.Time
	catchUp bool
	mode    schedule.Mode
	note    string
}

// RunDue runs every schedule that is due or was missed, once: for each integration the
// latest due time that passed without a run (older missed ones are not run again). Each
// due time is recorded as handled before its run starts, so neither another process nor
// this one after a crash or restart runs it twice; the runs go through Sync().Start, so
// the folder lock keeps two processes from syncing one integration at once. It waits for
// the runs to end, tells the scheduled-run observers in order, and returns what ran
// (nothing when nothing was due). how words a catch-up's note: RanAtLaunch, RanByCommand.
func (s *Schedules) RunDue(ctx context.Context, how string) ([]ScheduledRun, error) {
	w := s.w
	if w.opts.Passive {
		return nil, ErrPassive
	}
	plans, err := w.plans(ctx, nil)
	if err != nil {
		return nil, err
	}
	now := w.opts.Now()
	var claimed []due
	for _, p := range plans {
		at := schedule.Latest(p.sched.Missed(p.since, now))
		if at.IsZero() {
			continue
		}
		d := due{p: p, at: at, catchUp: now.Sub(at) > catchUpAfter, mode: p.sched.ModeAt(at, p.last.DueAt)}
		d.note = fmt.Sprintf("scheduled sync (%s)", schedule.Label(at, time.UTC))
		if d.catchUp {
			d.note = schedule.CatchUpNote(at, how)
		}
		ok, err := w.store.ClaimDue(ctx, store.DueRun{IntegrationID: p.in.ID, DueAt: at, StartedAt: now, CatchUp: d.catchUp, Note: d.note})
		if err != nil {
			return nil, err
		}
		if ok {
			claimed = append(claimed, d)
		}
	}
	if len(claimed) == 0 {
		return []ScheduledRun{}, nil
	}
	out := w.startDue(ctx, claimed)
	var ids []int64
	for _, r := range out {
		if r.RunID != 0 {
			ids = append(ids, r.RunID)
		}
	}
	if err := w.Sync().Wait(ctx, ids...); err != nil {
		return out, err
	}
	for i := range out {
		if out[i].RunID != 0 {
			w.endedRun(ctx, &out[i])
		}
		w.observe(ctx, &out[i])
	}
	return out, nil
}

// startDue starts the claimed runs, one request per mode (a request runs the PSA before
// the vendors). A request that cannot start leaves its runs failed, with the reason.
func (w *Workspace) startDue(ctx context.Context, claimed []due) []ScheduledRun {
	out := make([]ScheduledRun, 0, len(claimed))
	for _, mode := range []schedule.Mode{schedule.Full, schedule.Quick} {
		var ids []int64
		var group []due
		for _, d := range claimed {
			if d.mode == mode {
				ids, group = append(ids, d.p.in.ID), append(group, d)
			}
		}
		if len(group) == 0 {
			continue
		}
		runs, err := w.Sync().Start(ctx, SyncRequest{IntegrationIDs: ids, Mode: string(mode)})
		byIntegration := map[int64]Run{}
		for _, r := range runs {
			byIntegration[r.IntegrationID] = r
		}
		for _, d := range group {
			sr := ScheduledRun{IntegrationID: d.p.in.ID, IntegrationName: d.p.in.Name, Kind: d.p.in.Kind,
				Vendor: d.p.vendor, DueAt: d.at, CatchUp: d.catchUp}
			r, ok := byIntegration[d.p.in.ID]
			if !ok {
				sr.Outcome = store.StatusFailed
				sr.Message = "the scheduled sync could not start: sync it by hand to see why"
				if err != nil {
					sr.Message = "the scheduled sync could not start: " + err.Error()
				}
				out = append(out, sr)
				continue
			}
			sr.RunID = r.ID
			if err := w.store.SetDueRunID(ctx, d.p.in.ID, d.at, r.ID); err != nil {
				w.logSchedule(ctx, r.ID, err)
			}
			_ = w.store.AppendLog(ctx, r.ID, store.LogLine{At: w.opts.Now(), Level: string(connector.LevelInfo),
				Section: "schedule", Message: d.note + ": " + string(mode) + " sync"})
			out = append(out, sr)
		}
	}
	return out
}

// endedRun fills a scheduled run's outcome from its ended run.
func (w *Workspace) endedRun(ctx context.Context, sr *ScheduledRun) {
	r, err := w.store.Run(ctx, sr.RunID)
	if err != nil {
		sr.Outcome, sr.Message = store.StatusFailed, "the run's record could not be read: "+err.Error()
		return
	}
	sr.Outcome, sr.Changed = r.Status, r.Added+r.Updated+r.Removed
	sr.Message = r.Error
	if sr.Message == "" {
		sr.Message = fmt.Sprintf("%d added, %d updated, %d removed", r.Added, r.Updated, r.Removed)
	}
}

// observe hands a scheduled run to every observer in order; an observer's error goes to
// the run's log (and the logger) and the next observer still runs.
func (w *Workspace) observe(ctx context.Context, sr *ScheduledRun) {
	for _, o := range append(w.scheduledRunObservers(), w.opts.ScheduledRunObservers...) {
		if err := o(ctx, sr); err != nil {
			w.logSchedule(ctx, sr.RunID, err)
		}
	}
}

func (w *Workspace) logSchedule(ctx context.Context, runID int64, err error) {
	if runID != 0 {
		_ = w.store.AppendLog(ctx, runID, store.LogLine{At: w.opts.Now(), Level: string(connector.LevelWarn),
			Section: "schedule", Message: err.Error()})
	}
	if w.opts.Logger != nil {
		w.opts.Logger.Warn("scheduled sync", "run", runID, "err", err)
	}
}

// scheduler runs the due syncs while this workspace owns the folder: first the missed ones
// (at launch, or when it took the folder over), then each schedule at its due time. It
// sleeps until the next due time, at most a minute, on the workspace's clock.
func (w *Workspace) scheduler() {
	defer w.background.Done()
	how := RanAtLaunch
	for {
		if _, err := w.Schedules().RunDue(w.life, how); err != nil && w.life.Err() == nil && w.opts.Logger != nil {
			w.opts.Logger.Warn("scheduled syncs", "err", err)
		}
		now := w.opts.Now()
		wait := schedulerRecheck
		if next := w.nextDue(w.life, now); !next.IsZero() && next.Sub(now) < wait {
			wait = next.Sub(now)
		}
		t := w.opts.Clock.NewTimer(wait)
		select {
		case <-w.life.Done():
			t.Stop()
			return
		case <-t.C():
		}
		how = "at " + w.opts.Now().UTC().Format("15:04") + " UTC" // late: the machine slept, or its clock jumped
	}
}

// nextDue is the earliest next due time of any integration (zero: none).
func (w *Workspace) nextDue(ctx context.Context, now time.Time) time.Time {
	plans, err := w.plans(ctx, nil)
	if err != nil {
		return time.Time{}
	}
	var next time.Time
	for _, p := range plans {
		if t := p.sched.Next(maxTime(now, p.last.DueAt)); !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	return next
}

// scheduleNote shows, on a run the scheduler started, why it ran ("missed Tuesday 07:00
// UTC: ran at launch") wherever the run has no note of its own (a running sync's note on
// its pace comes first).
func (w *Workspace) scheduleNote(ctx context.Context, r *Run) {
	if r.Note != "" {
		return
	}
	if d, ok, err := w.store.DueOfRun(ctx, r.ID); err == nil && ok {
		r.Note = d.Note
	}
}
