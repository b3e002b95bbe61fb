package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/trueup/trueup/internal/workspace"
)

// `trueup auto-trueup`: the opt-in automatic true-up of one vendor integration (README
// "Automatic true-up"). Exit codes as approve: 0 done, 3 some pushes wait because the PSA
// cannot be reached, 1 refused or failed.
func runAutoTrueUp(ctx context.Context, c *call) int {
	fs := c.flags("auto-trueup")
	name := fs.String("integration", "", "the vendor integration")
	enable := fs.Bool("enable", false, "turn the automatic true-up on (its first run is a dry run to approve)")
	style := fs.String("billing-style", "advance", "with --enable: advance or arrears")
	prorate := fs.Bool("prorate", false, "with --enable: prorate changes (not with arrears)")
	disable := fs.Bool("disable", false, "turn it off")
	dry := fs.Bool("dry-run", false, "plan the true-up and store the plan for approval; changes nothing")
	approvePlan := fs.Bool("approve", false, "approve the stored dry run: push exactly its plan and enable automatic runs")
	runNow := fs.Bool("run-now", false, "run the true-up now (a dry run until one is approved)")
	account := fs.String("account", "", "with --dry-run or --run-now: only this customer (PSA or vendor account name); with --agreement: whose agreement")
	agreement := fs.String("agreement", "", `with --account: the agreement the customer's missing products are created on ("" clears the choice)`)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	choose := false
	fs.Visit(func(f *flag.Flag) { choose = choose || f.Name == "agreement" })
	n := 0
	for _, b := range []bool{*enable, *disable, *dry, *approvePlan, *runNow, choose} {
		if b {
			n++
		}
	}
	if n != 1 {
		if n == 0 && *name != "" {
			return c.showAutoTrueUp(ctx, *name, *asJSON)
		}
		return c.fail(errors.New("choose one of --enable, --disable, --dry-run, --approve, --run-now and --agreement (without one it shows the settings)"))
	}
	if *account != "" && !*dry && !*runNow && !choose {
		return c.fail(errors.New("--account applies to --dry-run, --run-now and --agreement"))
	}
	if choose && *account == "" {
		return c.fail(errors.New("--agreement needs --account NAME: the customer whose new lines go on it"))
	}
	in, err := c.integration(ctx, *name)
	if err != nil {
		return c.fail(err)
	}
	a := c.ws.AutoTrueUp()
	switch {
	case *enable:
		s, err := a.Enable(ctx, workspace.AutoTrueUpEnable{IntegrationID: in.ID, BillingStyle: *style, Prorate: *prorate})
		if err != nil {
			return c.fail(err)
		}
		return c.printAutoSettings(s, *asJSON)
	case *disable:
		s, err := a.Disable(ctx, in.ID)
		if err != nil {
			return c.fail(err)
		}
		return c.printAutoSettings(s, *asJSON)
	case choose:
		s, err := a.SetAgreement(ctx, in.ID, *account, *agreement)
		if err != nil {
			return c.fail(err)
		}
		return c.printAutoSettings(s, *asJSON)
	}
	if !*dry {
		c.noteOwner(ctx, *asJSON)
	}
	var run workspace.AutoTrueUpRun
	switch {
	case *dry:
		run, err = a.DryRun(ctx, in.ID, *account)
	case *approvePlan:
		run, err = a.ApprovePlan(ctx, in.ID)
	default:
		run, err = a.RunNow(ctx, in.ID, *account)
	}
	if run.Integration != "" {
		if *asJSON {
			if code := c.printJSON(run); code != ExitOK {
				return code
			}
		} else {
			c.printAutoRun(run)
		}
	}
	if err != nil {
		return c.fail(err)
	}
	if run.Refused {
		fmt.Fprintf(c.env.Stderr, "trueup auto-trueup: %s\n", run.Note)
		return ExitFailed
	}
	var pushes []workspace.PushEntry
	for _, it := range run.Items {
		pushes = append(pushes, it.Pushes...)
	}
	return pushExit(pushes)
}

func (c *call) showAutoTrueUp(ctx context.Context, name string, asJSON bool) int {
	in, err := c.integration(ctx, name)
	if err != nil {
		return c.fail(err)
	}
	s, err := c.ws.AutoTrueUp().Settings(ctx, in.ID)
	if err != nil {
		return c.fail(err)
	}
	return c.printAutoSettings(s, asJSON)
}

func (c *call) printAutoSettings(s workspace.AutoTrueUpSettings, asJSON bool) int {
	if asJSON {
		return c.printJSON(s)
	}
	out := c.env.Stdout
	if !s.Enabled {
		fmt.Fprintf(out, "Automatic true-up of %s: off.\n", s.Integration)
	} else {
		prorate := "without proration"
		if s.Prorate {
			prorate = "with proration"
		}
		state := "the next run is a dry run to approve (--dry-run, then --approve)"
		if s.DryRunApproved {
			state = "dry run approved: runs after each scheduled sync push"
		}
		fmt.Fprintf(out, "Automatic true-up of %s: on, billing in %s %s; %s.\n", s.Integration, s.BillingStyle, prorate, state)
	}
	if s.Refusal != "" {
		fmt.Fprintf(out, "Refused: %s\n", s.Refusal)
	}
	for _, ag := range s.Agreements {
		fmt.Fprintf(out, "New lines of PSA account %s go on agreement %s.\n", ag.AccountID, ag.AgreementID)
	}
	if s.Plan != nil {
		fmt.Fprintf(out, "Dry run of %s: %s\n", s.Plan.At, s.Plan.Note)
	}
	if s.LastRun != nil {
		fmt.Fprintf(out, "Last run %s: %s\n", s.LastRun.At, s.LastRun.Note)
	}
	return ExitOK
}

// printAutoRun prints a run for people: one row per card it changed or left waiting, then
// its summary; a dry run also prints the exact writes.
func (c *call) printAutoRun(run workspace.AutoTrueUpRun) {
	if len(run.Items) > 0 {
		rows := make([][]string, 0, len(run.Items))
		for _, it := range run.Items {
			state := ""
			if len(it.Pushes) > 0 {
				state = it.Pushes[0].State
			}
			rows = append(rows, []string{it.CardID, it.AccountName, it.ProductName, it.Action,
				it.PSAQuantity + " -> " + orDash(it.Quantity), orDash(it.EffectiveDate), state, it.Reason})
		}
		c.table("CARD\tACCOUNT\tPRODUCT\tACTION\tQUANTITY\tEFFECTIVE\tPUSH\tWHY", rows)
	}
	if run.DryRun {
		for _, it := range run.Items {
			for _, w := range it.Writes {
				fmt.Fprintf(c.env.Stdout, "%s %s\n  %s\n", w.Method, w.Path, w.Body)
			}
		}
	}
	kind := "Run"
	if run.DryRun {
		kind = "Dry run"
	}
	fmt.Fprintf(c.env.Stdout, "%s of %s: %s.\n", kind, run.Integration, run.Note)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
