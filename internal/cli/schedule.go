package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

func runSchedule(ctx context.Context, c *call) int {
	if len(c.args) == 0 {
		return c.fail(errors.New("say what to do: set, show or task (see `trueup help schedule`)"))
	}
	sub, args := c.args[0], c.args[1:]
	c.name = "schedule " + sub
	switch sub {
	case "set":
		return scheduleSet(ctx, c, args)
	case "show":
		return scheduleShow(ctx, c, args)
	case "task":
		return runScheduleTask(ctx, c, args)
	}
	return c.fail(fmt.Errorf("unknown subcommand %q: use set, show or task", sub))
}

func scheduleSet(ctx context.Context, c *call, args []string) int {
	fs := c.flags("schedule set")
	name := fs.String("integration", "", "the integration to schedule (its schedule overrides its stream's)")
	psa := fs.Bool("psa", false, "the PSA stream: every PSA integration without its own schedule")
	vendors := fs.Bool("vendors", false, "the vendor stream: every vendor integration without its own schedule")
	weekly := fs.String("weekly", "", "weekly on DAY (mon..sun)")
	monthly := fs.Int("monthly", 0, "monthly on day N (1..31; a month without it runs on its last day)")
	nightly := fs.Bool("nightly", false, "every night")
	off := fs.Bool("off", false, "never on its own (an integration set off ignores its stream's schedule)")
	mode := fs.String("mode", "quick", "quick or full")
	fullFirst := fs.Bool("full-first-of-month", false, "the first run of each calendar month is a Full Sync")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	if fs.NArg() > 0 {
		return c.fail(fmt.Errorf("unexpected argument %q: every value goes with a flag (see `trueup help schedule set`)", fs.Arg(0)))
	}
	if count(*name != "", *psa, *vendors) != 1 {
		return c.fail(errors.New("choose what to schedule: --integration NAME, --psa or --vendors (exactly one)"))
	}
	if count(*weekly != "", *monthly != 0, *nightly, *off) != 1 {
		return c.fail(errors.New("choose when: --weekly DAY, --monthly N, --nightly or --off (exactly one)"))
	}
	in := workspace.ScheduleInput{Mode: *mode, FullFirstOfMonth: *fullFirst, Weekday: *weekly, Day: *monthly}
	switch {
	case *weekly != "":
		in.Cadence = "weekly"
	case *monthly != 0:
		in.Cadence = "monthly"
	case *nightly:
		in.Cadence = "nightly"
	default:
		in.Cadence = "off"
	}
	switch {
	case *psa:
		in.Stream = store.StreamPSA
	case *vendors:
		in.Stream = store.StreamVendors
	default:
		i, err := c.integration(ctx, *name)
		if err != nil {
			return c.fail(err)
		}
		in.IntegrationID = i.ID
	}
	list, err := c.ws.Schedules().Set(ctx, in)
	if err != nil {
		return c.fail(err)
	}
	for _, r := range list.Rows {
		if (in.Stream != "" && r.IntegrationID == 0 && r.Stream == in.Stream) || (in.IntegrationID != 0 && r.IntegrationID == in.IntegrationID) {
			fmt.Fprintf(c.env.Stdout, "%s: %s\n", rowName(r), r.Description)
			if len(r.NextRunLabels) > 0 {
				fmt.Fprintf(c.env.Stdout, "  next run: %s\n", r.NextRunLabels[0])
			}
			if r.Recommendation != "" && r.Cadence != "off" && !(r.Day == 5 || r.Day == 6) {
				fmt.Fprintf(c.env.Stdout, "  tip: %s\n", r.Recommendation)
			}
		}
	}
	return ExitOK
}

func count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func rowName(r workspace.ScheduleRow) string {
	if r.IntegrationID == 0 {
		return r.Stream + " (stream)"
	}
	return r.Integration
}

func scheduleShow(ctx context.Context, c *call, args []string) int {
	fs := c.flags("schedule show")
	next := fs.Int("next", 1, "how many next due times to list")
	asJSON := fs.Bool("json", false, "print the schedules as JSON")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	if *next < 1 || *next > 100 {
		return c.fail(fmt.Errorf("--next %d: give a number from 1 to 100", *next))
	}
	list, err := c.ws.Schedules().Show(ctx, *next)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(list.Rows)
	}
	if len(list.Rows) == 0 {
		fmt.Fprintln(c.env.Stdout, "No integrations yet: add one with `trueup integrations add`.")
		return ExitOK
	}
	var rows [][]string
	tip := ""
	for _, r := range list.Rows {
		from := r.Source
		if r.Source == workspace.SourceStream && r.IntegrationID != 0 {
			from = r.Stream + " stream"
		}
		if r.IntegrationID == 0 {
			from = "-"
		}
		last := r.LastRunAt
		if last == "" {
			last = "-"
		}
		missed := strconv.Itoa(len(r.Missed))
		if len(r.Missed) > 0 {
			missed += " (latest " + r.Missed[len(r.Missed)-1] + ")"
		}
		nextRuns := strings.Join(r.NextRunLabels, "; ")
		if nextRuns == "" {
			nextRuns = "-"
		}
		rows = append(rows, []string{rowName(r), r.Cadence, r.Mode + fullFirstMark(r), from, nextRuns, last, missed})
		if r.Recommendation != "" {
			tip = r.Recommendation
		}
	}
	c.table("SCHEDULE\tCADENCE\tMODE\tFROM\tNEXT RUN\tLAST RUN\tMISSED", rows)
	fmt.Fprintf(c.env.Stdout, "\nTimes in %s; every scheduled sync is due at 07:00 UTC.\n", list.TimeZone)
	if tip != "" {
		fmt.Fprintf(c.env.Stdout, "Tip: %s\n", tip)
	}
	return ExitOK
}

func fullFirstMark(r workspace.ScheduleRow) string {
	if r.FullFirstOfMonth && r.Mode != "full" {
		return " (full first of month)"
	}
	return ""
}

// scheduledJSON is one scheduled run as `trueup sync --scheduled --json` prints it.
type scheduledJSON struct {
	IntegrationID   int64  `json:"integration_id"`
	IntegrationName string `json:"integration_name"`
	Kind            string `json:"kind"`
	DueAt           string `json:"due_at"`
	CatchUp         bool   `json:"catch_up"`
	RunID           int64  `json:"run_id"`
	Outcome         string `json:"outcome"`
	Changed         int    `json:"changed"`
	Message         string `json:"message"`
	AutoPushed      int    `json:"auto_pushed"`
	AutoWaiting     int    `json:"auto_waiting"`
	AutoNote        string `json:"auto_note"`
}

// syncScheduled is `trueup sync --scheduled`: every schedule that is due or was missed
// runs once, then it exits with sync's codes (0 and "nothing was due" when none was).
func syncScheduled(ctx context.Context, c *call, asJSON bool) int {
	runs, err := c.ws.Schedules().RunDue(ctx, workspace.RanByCommand)
	if err != nil {
		var ids []int64
		for _, r := range runs {
			if r.RunID != 0 {
				ids = append(ids, r.RunID)
			}
		}
		if len(ids) > 0 {
			return c.stopped(ctx, ids, err)
		}
		return c.fail(err)
	}
	if asJSON {
		out := make([]scheduledJSON, 0, len(runs))
		for _, r := range runs {
			out = append(out, scheduledJSON{IntegrationID: r.IntegrationID, IntegrationName: r.IntegrationName, Kind: r.Kind,
				DueAt: r.DueAt.UTC().Format(time.RFC3339), CatchUp: r.CatchUp, RunID: r.RunID, Outcome: r.Outcome,
				Changed: r.Changed, Message: r.Message, AutoPushed: r.AutoPushed, AutoWaiting: r.AutoWaiting, AutoNote: r.AutoNote})
		}
		if code := c.printJSON(out); code != ExitOK {
			return code
		}
	} else if len(runs) == 0 {
		fmt.Fprintln(c.env.Stdout, "Nothing was due: every schedule has run (`trueup schedule show` lists the next runs).")
	}
	code := ExitOK
	for _, r := range runs {
		switch r.Outcome {
		case store.StatusSucceeded:
		case store.StatusPartial:
			if code == ExitOK {
				code = ExitPartial
			}
		default:
			code = ExitFailed
		}
		if asJSON {
			continue
		}
		why := "due " + r.DueAt.UTC().Format("Mon 2 Jan 15:04") + " UTC"
		if r.CatchUp {
			why = "missed " + r.DueAt.UTC().Format("Mon 2 Jan 15:04") + " UTC, run now"
		}
		fmt.Fprintf(c.env.Stdout, "%s (%s): %s: %s\n", r.IntegrationName, why, r.Outcome, r.Message)
		if r.Outcome != store.StatusSucceeded && r.RunID != 0 {
			fmt.Fprintf(c.env.Stdout, "  see the log: trueup logs --run %d\n", r.RunID)
		}
	}
	return code
}
