package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/workspace"
)

// Push, ledger, revert and costs: the true-up's push side (README "Command line").
// `push`, `revert` and `costs push` open the folder non-passively: when no TrueUp runs
// this folder, this process takes the lock and runs the push workers itself; when the app
// (or a scheduled sync) owns it, that process sends the pushes from its outbox and this
// one follows them there.

func runPush(ctx context.Context, c *call) int {
	fs := c.flags("push")
	asJSON := fs.Bool("json", false, "print the entries as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	c.noteOwner(ctx, *asJSON)
	entries, err := c.ws.Pushes().SendNow(ctx)
	if *asJSON {
		if code := c.printJSON(entries); code != ExitOK {
			return code
		}
	} else {
		c.pushTable(entries)
	}
	if err != nil {
		return c.fail(err)
	}
	return pushExit(entries)
}

func (c *call) pushTable(entries []workspace.PushEntry) {
	if len(entries) == 0 {
		fmt.Fprintln(c.env.Stdout, "Nothing is waiting to be pushed.")
		return
	}
	rows := make([][]string, 0, len(entries))
	for _, e := range entries {
		rows = append(rows, []string{strconv.FormatInt(e.ID, 10), e.State, e.Integration, e.Preview, e.LastError})
	}
	c.table("PUSH\tSTATE\tINTEGRATION\tCHANGE\tERROR", rows)
}

func runLedger(ctx context.Context, c *call) int {
	fs := c.flags("ledger")
	since := fs.String("since", "", "entries on or after this day (YYYY-MM-DD, your time zone)")
	cycle := fs.String("cycle", "", "entries of one billing cycle (YYYY-MM)")
	account := fs.String("account", "", "account name contains this")
	vendor := fs.String("vendor", "", "vendor integration name")
	state := fs.String("state", "", "queued, sending, pushed, failed, conflict, reverted or recorded")
	asJSON := fs.Bool("json", false, "print the entries as JSON")
	asCSV := fs.Bool("csv", false, "print the entries as CSV (for a spreadsheet)")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if *asJSON && *asCSV {
		return c.fail(errors.New("choose one of --json and --csv"))
	}
	q := workspace.LedgerQuery{Since: *since, Cycle: *cycle, Account: *account, Vendor: *vendor, State: *state}
	if *asCSV {
		out, err := c.ws.Pushes().LedgerCSV(ctx, q)
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprint(c.env.Stdout, out)
		return ExitOK
	}
	entries, err := c.ws.Pushes().Ledger(ctx, q)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(entries)
	}
	if len(entries) == 0 {
		fmt.Fprintln(c.env.Stdout, "The ledger has no entries yet.")
		return ExitOK
	}
	rows := make([][]string, 0, len(entries))
	for _, e := range entries {
		change := e.Before + " -> " + e.After
		if e.Before == "" && e.After == "" {
			change = ""
		}
		rows = append(rows, []string{e.Kind, strconv.FormatInt(e.ID, 10), e.At, e.Action, e.AccountName, e.ProductName, change, e.State, e.User})
	}
	c.table("KIND\tID\tAT\tACTION\tACCOUNT\tPRODUCT\tCHANGE\tSTATE\tUSER", rows)
	return ExitOK
}

func runRevert(ctx context.Context, c *call) int {
	fs := c.flags("revert")
	pushID := fs.Int64("push", 0, "the ledger id of a push (kind push in `trueup ledger`)")
	yes := fs.Bool("yes", false, "revert without asking, also when the PSA changed since the push")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if *pushID <= 0 {
		return c.fail(errors.New("--push ID is required: `trueup ledger` lists the pushes (kind push) with their ids"))
	}
	prev, err := c.ws.Pushes().RevertPreview(ctx, *pushID)
	if err != nil {
		return c.fail(err)
	}
	if !*asJSON {
		fmt.Fprintln(c.env.Stdout, "Reverting writes:")
		for _, w := range prev.Writes {
			fmt.Fprintf(c.env.Stdout, "  %s %s %s\n    %s\n", w.Method, w.Path, w.Body, w.Preview)
		}
	}
	if prev.Changed {
		fmt.Fprintln(c.env.Stderr, "trueup revert: warning:", prev.Message)
	} else if !*asJSON {
		fmt.Fprintln(c.env.Stdout, prev.Message)
	}
	if !*yes {
		ok, err := c.confirm(fmt.Sprintf("Revert push %d? [y/N] ", *pushID))
		if err != nil {
			return c.fail(err)
		}
		if !ok {
			fmt.Fprintln(c.env.Stderr, "Nothing was written.")
			return ExitFailed
		}
	}
	c.noteOwner(ctx, *asJSON)
	res, err := c.ws.Pushes().Revert(ctx, *pushID, true)
	if err != nil && res.DecisionID == 0 {
		return c.fail(err)
	}
	if *asJSON {
		if code := c.printJSON(res); code != ExitOK {
			return code
		}
	} else {
		fmt.Fprintln(c.env.Stdout, res.Message)
	}
	if err != nil {
		return c.fail(err)
	}
	return pushExit(res.Pushes)
}

// confirm asks on the terminal; a script (no terminal) must say --yes.
func (c *call) confirm(prompt string) (bool, error) {
	if c.env.ReadSecret == nil {
		return false, errors.New("nothing was written: add --yes to revert from a script")
	}
	fmt.Fprint(c.env.Stderr, prompt)
	line, err := bufio.NewReader(c.env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return false, nil
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
}

func runCosts(ctx context.Context, c *call) int {
	if len(c.args) > 0 && c.args[0] == "push" {
		return costsPush(ctx, c, c.args[1:])
	}
	fs := c.flags("costs")
	asJSON := fs.Bool("json", false, "print the rows as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	rows, err := c.ws.Cards().Costs(ctx)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(c.env.Stdout, "No vendor product is mapped to a PSA product yet: map them first (`trueup mappings`).")
		return ExitOK
	}
	out := make([][]string, 0, len(rows))
	for _, r := range rows {
		drift := ""
		if r.Drift {
			drift = "drift"
		}
		out = append(out, []string{r.ProductID, r.ProductName, r.CatalogCost, r.VendorCost, r.CatalogPrice, r.Margin, r.MarginPercent, drift, r.Push})
	}
	c.table("PSA PRODUCT\tNAME\tCATALOG COST\tVENDOR COST\tPRICE\tMARGIN\tMARGIN %\tDRIFT\tPUSH", out)
	return ExitOK
}

func costsPush(ctx context.Context, c *call, args []string) int {
	fs := c.flags("costs push")
	product := fs.String("product", "", "the PSA catalog product id (`trueup costs` lists them)")
	name := fs.String("integration", "", "the PSA integration, when more than one has the product")
	dryRun := fs.Bool("dry-run", false, "print the exact write and change nothing")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	var psaID int64
	if *name != "" {
		in, err := c.integration(ctx, *name)
		if err != nil {
			return c.fail(err)
		}
		psaID = in.ID
	}
	if !*dryRun {
		c.noteOwner(ctx, *asJSON)
	}
	res, err := c.ws.Cards().PushCost(ctx, psaID, *product, *dryRun)
	if err != nil && res.DecisionID == 0 {
		return c.fail(err)
	}
	if *asJSON {
		if code := c.printJSON(res); code != ExitOK {
			return code
		}
	} else {
		for _, w := range res.Writes {
			fmt.Fprintf(c.env.Stdout, "%s %s %s\n  %s\n", w.Method, w.Path, w.Body, w.Preview)
		}
		fmt.Fprintln(c.env.Stdout, res.Message)
	}
	if err != nil {
		return c.fail(err)
	}
	return pushExit(res.Pushes)
}
