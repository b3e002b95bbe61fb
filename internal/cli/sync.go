package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/workspace"
)

func runSync(ctx context.Context, c *call) int {
	fs := c.flags("sync")
	var names multi
	fs.Var(&names, "integration", "integration name (repeatable)")
	all := fs.Bool("all", false, "every integration, PSA first")
	psa := fs.Bool("psa", false, "the PSA integrations")
	vendors := fs.Bool("vendors", false, "the vendor integrations")
	mode := fs.String("mode", "", "quick (default), full or since")
	since := fs.String("since", "", "with mode since: YYYY-MM-DD")
	asJSON := fs.Bool("json", false, "print the finished runs as JSON")
	scheduled := fs.Bool("scheduled", false, "run every schedule that is due or was missed, once (what the OS task runs)")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if *scheduled {
		if len(names) > 0 || *all || *psa || *vendors || *mode != "" || *since != "" {
			return c.fail(fmt.Errorf("--scheduled runs what the schedules say: leave out --integration, --all, --psa, --vendors, --mode and --since"))
		}
		return syncScheduled(ctx, c, *asJSON)
	}
	picked := 0
	for _, b := range []bool{len(names) > 0, *all, *psa, *vendors} {
		if b {
			picked++
		}
	}
	if picked != 1 {
		return c.fail(fmt.Errorf("choose what to sync: --integration NAME, --all, --psa or --vendors (exactly one kind)"))
	}
	m := *mode
	if m == "" {
		m = "quick"
		if *since != "" {
			m = "since"
		}
	}
	var runs []workspace.Run
	var err error
	switch {
	case len(names) > 0:
		var ids []int64
		for _, n := range names {
			in, err := c.integration(ctx, n)
			if err != nil {
				return c.fail(err)
			}
			ids = append(ids, in.ID)
		}
		runs, err = c.ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: ids, Mode: m, Since: *since})
	case *all:
		runs, err = c.ws.Sync().Scope(ctx, "all", m, *since)
	case *psa:
		runs, err = c.ws.Sync().Scope(ctx, "psa", m, *since)
	default:
		runs, err = c.ws.Sync().Scope(ctx, "vendor", m, *since)
	}
	if err != nil {
		return c.fail(err)
	}
	if owner := c.ws.Sync().Owner(ctx); !owner.Self && !*asJSON {
		// Another TrueUp runs this folder's syncs: it takes this request and this process
		// waits, reading the runs as the owner stores them.
		who := "in another process"
		if owner.PID > 0 {
			who = fmt.Sprintf("(pid %d)", owner.PID)
		}
		fmt.Fprintf(c.env.Stderr, "TrueUp is already open on this folder %s: handed the sync to it; waiting for it to finish\n", who)
	}
	ids := make([]int64, len(runs))
	for i, r := range runs {
		ids[i] = r.ID
		if !*asJSON {
			fmt.Fprintf(c.env.Stderr, "Queued %s of %s (run %d)\n", modeLabel(r.Mode, r.Since), r.IntegrationName, r.ID)
		}
	}
	if err := c.ws.Sync().Wait(ctx, ids...); err != nil {
		return c.stopped(ctx, ids, err)
	}
	code := ExitOK
	var done []workspace.Run
	for _, id := range ids {
		r, err := c.ws.Sync().Run(ctx, id)
		if err != nil {
			return c.fail(err)
		}
		done = append(done, r)
		switch r.Status {
		case "partial":
			if code == ExitOK {
				code = ExitPartial
			}
		case "succeeded":
		default:
			code = ExitFailed
		}
	}
	if *asJSON {
		if c.printJSON(done) != ExitOK {
			return ExitFailed
		}
		return code
	}
	for _, r := range done {
		fmt.Fprintf(c.env.Stdout, "%s: %s\n", r.IntegrationName, runSummary(r))
		if r.Status != "succeeded" {
			fmt.Fprintf(c.env.Stdout, "  see the log: trueup logs --run %d\n", r.ID)
		}
	}
	return code
}

func modeLabel(mode, since string) string {
	switch mode {
	case "full":
		return "Full Sync"
	case "since":
		return "sync from " + since
	}
	return "QuickSync"
}

func runSummary(r workspace.Run) string {
	var b strings.Builder
	b.WriteString(r.Status)
	if r.Status == "succeeded" || r.Status == "partial" {
		if r.NothingNew {
			b.WriteString(": nothing new at the source")
		} else {
			fmt.Fprintf(&b, ": %d added, %d updated, %d removed", r.Added, r.Updated, r.Removed)
		}
	}
	if r.StartedAt != "" && r.FinishedAt != "" {
		s, _ := time.Parse(time.RFC3339, r.StartedAt)
		e, _ := time.Parse(time.RFC3339, r.FinishedAt)
		fmt.Fprintf(&b, " (%s, %d requests)", e.Sub(s).Round(time.Second), r.Requests)
	}
	if r.Error != "" {
		b.WriteString("\n  " + r.Error)
	}
	for _, s := range r.Sections {
		if s.Status == "failed" {
			fmt.Fprintf(&b, "\n  section %s failed: %s", s.Name, s.Error)
		}
	}
	return b.String()
}

func runStatus(ctx context.Context, c *call) int {
	fs := c.flags("status")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	snap, err := c.ws.Sync().Status(ctx)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(snap)
	}
	if len(snap.Integrations) == 0 {
		fmt.Fprintln(c.env.Stdout, "No integrations yet.")
		return ExitOK
	}
	var rows [][]string
	for _, st := range snap.Integrations {
		status, fetched := "never synced", "never"
		if st.LatestRun != nil {
			status = st.LatestRun.Status
			if st.LatestRun.Stuck {
				status += " (STUCK)"
			}
		}
		if st.LastFetchedAt != "" {
			fetched = st.LastFetchedAt
		}
		newest := st.NewestSourceAt
		if newest == "" {
			newest = "-"
		}
		rows = append(rows, []string{st.Integration.Name, st.Integration.Role, status, fetched, newest,
			fmt.Sprintf("%d/%d/%d/%d", st.Counts.Accounts, st.Counts.Agreements, st.Counts.ServiceLines, st.Counts.Subscriptions)})
	}
	c.table("INTEGRATION\tROLE\tLATEST RUN\tLAST FETCHED\tNEWEST AT SOURCE\tACCOUNTS/AGREEMENTS/LINES/SUBS", rows)
	fmt.Fprintln(c.env.Stdout)
	rows = nil
	for _, r := range snap.Recent {
		rows = append(rows, []string{strconv.FormatInt(r.ID, 10), r.IntegrationName, modeLabel(r.Mode, r.Since), r.Status, r.QueuedAt,
			fmt.Sprintf("+%d ~%d -%d", r.Added, r.Updated, r.Removed)})
	}
	c.table("RUN\tINTEGRATION\tMODE\tSTATUS\tQUEUED\tCHANGES", rows)
	return ExitOK
}

func runLogs(ctx context.Context, c *call) int {
	fs := c.flags("logs")
	id := fs.Int64("run", 0, "run ID (see `trueup status`)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if *id <= 0 {
		return c.fail(fmt.Errorf("--run ID is required (see `trueup status` for run IDs)"))
	}
	lines, err := c.ws.Sync().Log(ctx, *id)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(lines)
	}
	for _, l := range lines {
		fmt.Fprintf(c.env.Stdout, "%s  %-5s  %-13s  %s\n", l.At, l.Level, l.Section, l.Message)
	}
	return ExitOK
}

func runLines(ctx context.Context, c *call) int {
	fs := c.flags("lines")
	name := fs.String("integration", "", "integration name")
	asJSON := fs.Bool("json", false, "print JSON")
	hidden := fs.Bool("hidden", false, "also list lines the visibility rules hide, with the reason")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	in, err := c.integration(ctx, *name)
	if err != nil {
		return c.fail(err)
	}
	res, err := c.ws.Data().Lines(ctx, in.ID, *hidden)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(res.Lines)
	}
	var rows [][]string
	for _, l := range res.Lines {
		row := []string{l.AccountName, l.AgreementName, l.ServiceName, strconv.FormatFloat(l.Quantity, 'f', -1, 64)}
		if *hidden {
			row = append(row, l.HiddenReason)
		}
		rows = append(rows, row)
	}
	header := "ACCOUNT\tAGREEMENT\tSERVICE\tQUANTITY"
	if *hidden {
		header += "\tHIDDEN BECAUSE"
	}
	c.table(header, rows)
	fetched := res.LastFetchedAt
	if fetched == "" {
		fetched = "never (run a sync first)"
	}
	fmt.Fprintf(c.env.Stdout, "\n%d visible, %d hidden lines; cached data fetched %s\n", res.Visible, res.Hidden, fetched)
	return ExitOK
}
