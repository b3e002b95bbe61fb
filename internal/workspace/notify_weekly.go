package workspace

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/schedule"
	"github.com/trueup/trueup/internal/store"
)

// syncOverdueGrace is how long after a due time its run may take before the summary calls
// the integration overdue (a Full Sync of a large tenant takes minutes, not an hour).
const syncOverdueGrace = time.Hour

// syncOverdue reports whether in's last successful sync is older than its schedule: a due
// time of the schedule it runs on (sched) passed, over syncOverdueGrace ago, after its last
// successful sync; or it never synced successfully. An integration whose schedule is off
// syncs only when asked, so it is never overdue once it has synced.
func syncOverdue(in store.Integration, sched schedule.Schedule, now time.Time) bool {
	if in.LastSuccessAt.IsZero() {
		return true
	}
	return len(sched.DueTimes(in.LastSuccessAt, now.Add(-syncOverdueGrace))) > 0
}

// weeklyFacts are what the weekly summary reports.
type weeklyFacts struct {
	Year, Week int       // the ISO week the summary is posted in
	Monday     time.Time // that week's Monday, 00:00 in the MSP's time zone
	// UnmappedAccounts and UnmappedProducts wait for a mapping (they block their cards).
	UnmappedAccounts, UnmappedProducts int
	// NewRevenue is the open New Revenue cards of the cycle, NewRevenueImpact their monthly
	// revenue.
	NewRevenue       int
	NewRevenueImpact string
	Pushes           int      // the PSA took these changes in the week before Monday
	Overdue          []string // integrations whose last sync is overdue, with how old it is
}

// notifyWeekly posts the weekly summary once per ISO week of the MSP's calendar: at the
// owner's first check on or after Monday 00:00, so a week in which TrueUp did not run on
// Monday is caught up at the next launch. A folder without integrations posts nothing (a
// fresh install has nothing to summarise) and posts that week's summary once it has one.
// While a sync runs (the catch-up syncs at launch) it waits for a later check, so the
// summary counts what they bring.
func (w *Workspace) notifyWeekly(ctx context.Context) error {
	now := w.opts.Now().In(w.opts.Location)
	year, week := now.ISOWeek()
	key := fmt.Sprintf("weekly:%04d-W%02d", year, week)
	if done, err := w.store.NoticeExists(ctx, key); err != nil || done {
		return err
	}
	list, err := w.store.Integrations(ctx)
	if err != nil || len(list) == 0 {
		return err
	}
	if active, err := w.store.ActiveRuns(ctx); err != nil || len(active) > 0 {
		return err
	}
	f, err := w.weeklyFacts(ctx, now, list)
	if err != nil {
		return fmt.Errorf("gather the weekly summary: %w", err)
	}
	n := weeklyNotice(f)
	n.DedupeKey = key
	_, err = w.post(ctx, n)
	return err
}

func (w *Workspace) weeklyFacts(ctx context.Context, now time.Time, list []store.Integration) (weeklyFacts, error) {
	y, m, d := now.Date()
	monday := time.Date(y, m, d-(int(now.Weekday())+6)%7, 0, 0, 0, 0, w.opts.Location)
	f := weeklyFacts{Monday: monday}
	f.Year, f.Week = now.ISOWeek()
	unmapped, err := w.Mappings().List(ctx, 0, true)
	if err != nil {
		return weeklyFacts{}, err
	}
	for _, u := range unmapped.Unmapped {
		f.UnmappedAccounts += u.Accounts
		f.UnmappedProducts += u.Products
	}
	cards, err := w.Cards().List(ctx, CardQuery{State: string(reconcile.StateNewRevenue)})
	if err != nil {
		return weeklyFacts{}, err
	}
	f.NewRevenue, f.NewRevenueImpact = cards.Totals.Cards, cards.Totals.RevenueAdded
	lastMonday := monday.AddDate(0, 0, -7)
	entries, err := w.store.OutboxUpdatedSince(ctx, lastMonday)
	if err != nil {
		return weeklyFacts{}, err
	}
	for _, e := range entries {
		if (e.State == store.OutboxPushed || e.State == store.OutboxReverted) && e.UpdatedAt.Before(monday) {
			f.Pushes++
		}
	}
	plans, err := w.plans(ctx, nil)
	if err != nil {
		return weeklyFacts{}, err
	}
	scheds := map[int64]schedule.Schedule{}
	for _, p := range plans {
		scheds[p.in.ID] = p.sched
	}
	for _, in := range list {
		if !syncOverdue(in, scheds[in.ID], now) {
			continue
		}
		if in.LastSuccessAt.IsZero() {
			f.Overdue = append(f.Overdue, in.Name+" (never synced)")
			continue
		}
		f.Overdue = append(f.Overdue, fmt.Sprintf("%s (last synced %s)", in.Name, in.LastSuccessAt.In(w.opts.Location).Format("Mon 2 Jan")))
	}
	return f, nil
}

// weeklyNotice words the summary. It opens what needs the user first: unmapped items
// block their cards, then New Revenue, then stale data; a quiet week opens the ledger.
func weeklyNotice(f weeklyFacts) store.Notice {
	n := store.Notice{Kind: NoticeWeekly, Title: fmt.Sprintf("Weekly summary, week of %s", f.Monday.Format("2 Jan 2006"))}
	var lines []string
	if f.UnmappedAccounts+f.UnmappedProducts > 0 {
		lines = append(lines, fmt.Sprintf("Waiting for a mapping: %s and %s.", nounCount(f.UnmappedAccounts, "account"),
			nounCount(f.UnmappedProducts, "product")))
		n.Target = store.NoticeTargetMapping
	} else {
		lines = append(lines, "Every vendor account and product is mapped.")
	}
	if f.NewRevenue > 0 {
		lines = append(lines, fmt.Sprintf("New Revenue found: %s worth %s a month.", nounCount(f.NewRevenue, "card"), f.NewRevenueImpact))
		if n.Target == "" {
			n.Target, n.TargetRef = store.NoticeTargetCards, string(reconcile.StateNewRevenue)
		}
	} else {
		lines = append(lines, "No New Revenue waiting.")
	}
	lines = append(lines, fmt.Sprintf("Pushes made last week (%s to %s): %d.", f.Monday.AddDate(0, 0, -7).Format("2 Jan"),
		f.Monday.AddDate(0, 0, -1).Format("2 Jan"), f.Pushes))
	if len(f.Overdue) > 0 {
		lines = append(lines, "Not synced for over a week: "+strings.Join(f.Overdue, ", ")+".")
		if n.Target == "" {
			n.Target = store.NoticeTargetSync
		}
	}
	if n.Target == "" {
		n.Target = store.NoticeTargetLedger
	}
	n.Body = strings.Join(lines, "\n")
	return n
}
