package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// The guided month walks the seed's steps in order: unmapped items, fresh data (Full PSA
// sync and Quick Sync of every vendor), the cards, cost reconciliation (optional), the
// sanity check, done. The store remembers the step per cycle, so closing the app and
// coming back resumes where the user left off, and a new month starts afresh.

// Progress is where this cycle's true-up stands, with what each step needs to show: the
// unmapped counts, how fresh each integration's data is, how many cards are still open
// and how many changes were pushed. Step is "" until the month is started.
func (m *Month) Progress(ctx context.Context) (MonthProgress, error) {
	snap, err := m.w.snapshot(ctx)
	if err != nil {
		return MonthProgress{}, err
	}
	cycle := snap.Cycle.String()
	p, _, err := m.w.store.MonthProgress(ctx, cycle)
	if err != nil {
		return MonthProgress{}, err
	}
	out := MonthProgress{Cycle: cycle, Step: p.Step, StartedAt: fmtTime(p.StartedAt), DoneAt: fmtTime(p.DoneAt)}
	list, err := m.w.Mappings().List(ctx, 0, true)
	if err != nil {
		return MonthProgress{}, err
	}
	out.Unmapped = list.Unmapped
	out.Freshness = snap.freshness(m.w)
	for _, c := range snap.Result.Cards {
		if c.Decision == reconcile.DecisionOpen {
			out.OpenCards++
		}
	}
	if out.Pushed, err = m.w.pushedThisCycle(ctx, snap); err != nil {
		return MonthProgress{}, err
	}
	if p.Step == "done" {
		changes, err := approvedChanges(snap)
		if err != nil {
			return MonthProgress{}, err
		}
		out.Summary = monthSummary(snap.Cycle, out.Pushed, changes, out.OpenCards)
	}
	return out, nil
}

// Start starts this cycle's true-up at its first step, or resumes it where it stands.
func (m *Month) Start(ctx context.Context) (MonthProgress, error) {
	cycle := reconcile.CycleOf(reconcile.Today(m.w.opts.Now(), m.w.opts.Location)).String()
	_, started, err := m.w.store.MonthProgress(ctx, cycle)
	if err != nil {
		return MonthProgress{}, err
	}
	if !started {
		if _, err := m.w.store.SetMonthStep(ctx, cycle, store.MonthSteps[0]); err != nil {
			return MonthProgress{}, err
		}
	}
	return m.Progress(ctx)
}

// SetStep moves this cycle's true-up to step (forward, or back to look again; starting it
// if needed). The steps guide, they do not lock: a user may skip the optional cost step or
// go back to mapping after seeing the cards.
func (m *Month) SetStep(ctx context.Context, step string) (MonthProgress, error) {
	step = strings.TrimSpace(step)
	if !slices.Contains(store.MonthSteps, step) {
		return MonthProgress{}, inputErr("step", fmt.Sprintf("step %q is unknown: use one of %s", step, strings.Join(store.MonthSteps, ", ")))
	}
	cycle := reconcile.CycleOf(reconcile.Today(m.w.opts.Now(), m.w.opts.Location)).String()
	if _, err := m.w.store.SetMonthStep(ctx, cycle, step); err != nil {
		return MonthProgress{}, err
	}
	return m.Progress(ctx)
}

// pushedThisCycle counts the writes the PSA took for this cycle's decisions, and for the
// catalog cost pushes decided this cycle (a cost decision belongs to no cycle).
func (w *Workspace) pushedThisCycle(ctx context.Context, snap *snapshot) (int, error) {
	all, err := w.store.Decisions(ctx, "")
	if err != nil {
		return 0, err
	}
	start, end := w.cycleStart(snap.Cycle), w.cycleStart(nextCycle(snap.Cycle))
	mine := map[int64]bool{}
	for _, d := range all {
		if d.Cycle == snap.Cycle.String() || (d.Cycle == "" && !d.At.Before(start) && d.At.Before(end)) {
			mine[d.ID] = true
		}
	}
	n := 0
	for _, e := range snap.Outbox {
		if (e.State == store.OutboxPushed || e.State == store.OutboxReverted) && mine[e.DecisionID] {
			n++
		}
	}
	return n, nil
}

func nextCycle(c reconcile.Cycle) reconcile.Cycle {
	if c.M == 12 {
		return reconcile.Cycle{Y: c.Y + 1, M: 1}
	}
	return reconcile.Cycle{Y: c.Y, M: c.M + 1}
}

// monthSummary is the sentence the finished month shows: what went to the PSA and what it
// does to the monthly revenue.
func monthSummary(c reconcile.Cycle, pushed int, changes []approvedChange, open int) string {
	var added, removed reconcile.Money
	for _, ch := range changes {
		if ch.impact > 0 {
			added += ch.impact
		} else {
			removed += ch.impact
		}
	}
	s := fmt.Sprintf("%s %d true-up done: %s pushed to the PSA for %s; monthly revenue +%s added and %s removed.",
		c.M, c.Y, nounCount(pushed, "write"), nounCount(len(changes), "approved change"), added, removed)
	if open > 0 {
		s += fmt.Sprintf(" %s still open.", nounCount(open, "card"))
	}
	return s
}

// nounCount is n and its noun, in the plural unless n is 1.
func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
