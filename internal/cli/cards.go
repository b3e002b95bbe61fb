package cli

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/trueup/trueup/internal/workspace"
)

// Cards, approve and dismiss: reviewing the month's service cards (README "Command line").
// `cards` and `dismiss` only read and record, so they open the folder passively; `approve`
// pushes, so it opens it like `push` does: it runs the push workers itself when no TrueUp
// runs this folder, and otherwise the owner sends the approval from the outbox.

func runCards(ctx context.Context, c *call) int {
	fs := c.flags("cards")
	state := fs.String("state", "", "reconcile, new_revenue, no_change or no_vendor_data")
	account := fs.String("account", "", "account name contains this (any case)")
	vendor := fs.String("vendor", "", "cards with subscriptions of this vendor integration")
	all := fs.Bool("all", false, "also the cards decided this cycle")
	asJSON := fs.Bool("json", false, "print the cards as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	l, err := c.ws.Cards().List(ctx, workspace.CardQuery{State: *state, Account: *account, Vendor: *vendor, All: *all})
	if err != nil {
		return c.fail(err)
	}
	c.warnFreshness(l)
	if *asJSON {
		return c.printJSON(l.Cards)
	}
	if len(l.Cards) == 0 {
		what := "undecided cards"
		if *all {
			what = "cards"
		}
		fmt.Fprintf(c.env.Stdout, "No %s in %s match. Map vendor accounts and products (`trueup mappings --unmapped`) to make cards.\n", what, l.Cycle)
		return ExitOK
	}
	rows := make([][]string, 0, len(l.Cards))
	for _, card := range l.Cards {
		row := []string{card.ID, card.State, card.AccountName, card.ProductName, card.PSAQuantity, card.VendorQuantity,
			signed(card.Difference), signed(card.MonthlyImpact), strings.Join(card.Flags, ",")}
		if *all {
			row = append(row, card.Decision, card.Push)
		}
		rows = append(rows, row)
	}
	header := "ID\tSTATE\tACCOUNT\tPRODUCT\tPSA\tVENDOR\tDIFF\tMONTHLY\tFLAGS"
	if *all {
		header += "\tDECISION\tPUSH"
	}
	c.table(header, rows)
	fmt.Fprintln(c.env.Stdout, totalsLine(l))
	return ExitOK
}

// warnFreshness says on stderr when the cards are built on data that may be out of date.
func (c *call) warnFreshness(l workspace.CardList) {
	for _, f := range l.Freshness {
		switch {
		case f.LastFetchedAt == "":
			fmt.Fprintf(c.env.Stderr, "trueup cards: warning: %s has never been synced: run `trueup sync --all` first\n", f.Integration)
		case f.Stale:
			fmt.Fprintf(c.env.Stderr, "trueup cards: warning: %s was last synced at %s, before the %s billing cycle began: run `trueup sync --all` before you approve\n",
				f.Integration, f.LastFetchedAt, l.Cycle)
		}
	}
	if l.SyncRunning {
		fmt.Fprintln(c.env.Stderr, "trueup cards: warning: a sync is running, so the cards may change: `trueup status` shows it")
	}
}

// totalsLine is the line under the table: how many cards of each state, and the revenue
// their changes add and remove each month.
func totalsLine(l workspace.CardList) string {
	var parts []string
	for _, s := range []string{"reconcile", "new_revenue", "no_change", "no_vendor_data"} {
		if n := l.Totals.ByState[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	return fmt.Sprintf("%d %s in %s (%s); monthly revenue %s added, %s removed",
		l.Totals.Cards, plural(l.Totals.Cards, "card", "cards"), l.Cycle, strings.Join(parts, ", "),
		signed(l.Totals.RevenueAdded), l.Totals.RevenueRemoved)
}

// signed puts a + on positive decimals, so an increase reads as one.
func signed(s string) string {
	if r, ok := new(big.Rat).SetString(s); ok && r.Sign() > 0 {
		return "+" + s
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func runApprove(ctx context.Context, c *call) int {
	fs := c.flags("approve")
	var cards multi
	fs.Var(&cards, "card", "card id (repeatable; `trueup cards` lists them)")
	quantity := fs.String("quantity", "", "the quantity to bill (default: the vendor quantity; one card only)")
	effective := fs.String("effective", "", "effective date YYYY-MM-DD (default: by the vendor's billing setting)")
	agreement := fs.String("agreement", "", "the agreement to add a New Revenue line to (one card only)")
	line := fs.String("line", "", "the addition to change (default: the card's target line; one card only)")
	note := fs.String("note", "", "a note for the ledger")
	confirmLarge := fs.Bool("confirm-large", false, "approve large changes too")
	dryRun := fs.Bool("dry-run", false, "print the exact writes and change nothing")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if len(cards) == 0 {
		return c.fail(errors.New("--card ID is required: `trueup cards` lists the ids"))
	}
	if len(cards) > 1 && (*quantity != "" || *agreement != "" || *line != "") {
		return c.fail(errors.New("--quantity, --agreement and --line apply to one card: approve that card on its own"))
	}
	if !*dryRun {
		c.noteOwner(ctx, *asJSON)
	}
	code := ExitOK
	results := []workspace.ApproveResult{}
	for _, id := range cards {
		res, err := c.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: id, Quantity: *quantity, Effective: *effective,
			AgreementID: *agreement, LineID: *line, Note: *note, ConfirmLarge: *confirmLarge, DryRun: *dryRun})
		if res.CardID != "" {
			results = append(results, res)
			if !*asJSON {
				c.printApproval(res)
			}
		}
		if err != nil {
			fmt.Fprintf(c.env.Stderr, "trueup approve: %v\n", err)
			code = ExitFailed
			continue
		}
		code = worseExit(code, pushExit(res.Pushes))
	}
	if *asJSON {
		if jc := c.printJSON(results); jc != ExitOK {
			return jc
		}
	}
	return code
}

// worseExit is the exit code of two outcomes together: failed over queued over done.
func worseExit(a, b int) int {
	switch {
	case a == ExitFailed || b == ExitFailed:
		return ExitFailed
	case a == ExitQueued || b == ExitQueued:
		return ExitQueued
	}
	return ExitOK
}

// printApproval prints one approval for people: the exact writes of a dry run, then what
// happened in one sentence.
func (c *call) printApproval(res workspace.ApproveResult) {
	out := c.env.Stdout
	if res.DryRun {
		for _, w := range res.Writes {
			fmt.Fprintf(out, "%s %s\n", w.Method, w.Path)
			if w.Body != "" {
				fmt.Fprintf(out, "  %s\n", w.Body)
			}
			fmt.Fprintf(out, "  %s\n", w.Preview)
		}
	}
	fmt.Fprintln(out, res.Message)
}

func runDismiss(ctx context.Context, c *call) int {
	fs := c.flags("dismiss")
	var cards multi
	fs.Var(&cards, "card", "card id (repeatable; `trueup cards` lists them)")
	note := fs.String("note", "", "why, for the ledger")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if len(cards) == 0 {
		return c.fail(errors.New("--card ID is required: `trueup cards` lists the ids"))
	}
	if err := c.ws.Cards().Dismiss(ctx, cards, *note); err != nil {
		return c.fail(err)
	}
	n := len(slices.Compact(slices.Sorted(slices.Values(cards))))
	fmt.Fprintf(c.env.Stdout, "Dismissed %d %s: hidden until the next billing cycle, or until a quantity changes.\n",
		n, plural(n, "card", "cards"))
	return ExitOK
}

func runAcknowledge(ctx context.Context, c *call) int {
	fs := c.flags("acknowledge")
	var cards multi
	fs.Var(&cards, "card", "card id of a no_change or no_vendor_data card (repeatable; `trueup cards` lists them)")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if len(cards) == 0 {
		return c.fail(errors.New("--card ID is required: `trueup cards --state no_change` (or no_vendor_data) lists the ids"))
	}
	n, err := c.ws.Cards().Acknowledge(ctx, cards)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.env.Stdout, "Acknowledged %d %s: nothing is pushed; %s back if a quantity changes this cycle.\n",
		n, plural(n, "card", "cards"), plural(n, "it comes", "they come"))
	return ExitOK
}
