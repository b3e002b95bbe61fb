package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/trueup/trueup/internal/workspace"
)

// runExplain is `trueup explain`: "why isn't it showing?" for an account and optionally a
// product (or a product alone), from the cache (README "Command line"). Exit 0 with an answer; 1 for bad usage
// and when nothing matches (or several different accounts do), saying on stderr what was
// searched and which names to try, as other commands do for what they cannot find.
func runExplain(ctx context.Context, c *call) int {
	fs := c.flags("explain")
	account := fs.String("account", "", "the account: part of its name in the PSA or at a vendor (any case, punctuation or legal suffix)")
	product := fs.String("product", "", "only this product (part of its name); alone: the accounts whose lines or subscriptions name it")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if strings.TrimSpace(*account) == "" && strings.TrimSpace(*product) == "" {
		return c.fail(errors.New("--account NAME is required: the account to explain (part of its PSA or vendor name); or --product NAME alone for the accounts that have it"))
	}
	res, err := c.ws.Cards().Explain(ctx, workspace.ExplainRequest{Account: *account, Product: *product})
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		if code := c.printJSON(res); code != ExitOK {
			return code
		}
	}
	if len(res.Entries) == 0 {
		fmt.Fprintln(c.env.Stderr, "trueup explain:", notFoundWords(res))
		return ExitFailed
	}
	if !*asJSON {
		printExplanation(c.env.Stdout, res)
	}
	return ExitOK
}

// notFoundWords says what was searched and which names to try.
func notFoundWords(res workspace.ExplainResult) string {
	searched := "no integration has cached data yet: sync first (`trueup sync --all`)"
	if len(res.Searched) > 0 {
		searched = "searched the cached data of " + strings.Join(res.Searched, ", ")
	}
	names := make([]string, len(res.Candidates))
	for i, n := range res.Candidates {
		names[i] = fmt.Sprintf("%q", n)
	}
	if res.Query.Account == "" {
		switch {
		case res.Ambiguous:
			return fmt.Sprintf("%q is on %d accounts: give --account too, one of %s", res.Query.Product, len(names), strings.Join(names, ", "))
		case len(names) > 0:
			return fmt.Sprintf("no line or subscription names %q (%s); did you mean %s?", res.Query.Product, searched, strings.Join(names, " or "))
		}
		return fmt.Sprintf("no line or subscription names %q (%s): check the name, or sync the integration that holds it", res.Query.Product, searched)
	}
	switch {
	case res.Ambiguous:
		return fmt.Sprintf("%q matches several accounts: %s; give more of the name", res.Query.Account, strings.Join(names, ", "))
	case len(names) > 0:
		return fmt.Sprintf("no account is named like %q (%s); did you mean %s?", res.Query.Account, searched, strings.Join(names, " or "))
	}
	return fmt.Sprintf("no account is named like %q (%s): check the name, or sync the integration that holds it", res.Query.Account, searched)
}

var entityWords = map[string]string{"accounts": "account", "agreements": "agreement", "service_lines": "service line", "subscriptions": "subscription"}

// printExplanation prints one block per entry: the verdict and the record, the reason,
// the details, the fix and the command that does it.
func printExplanation(w io.Writer, res workspace.ExplainResult) {
	switch {
	case res.Query.Account == "":
		fmt.Fprintf(w, "Why isn't it showing? %q", res.Query.Product)
	case res.Query.Product == "":
		fmt.Fprintf(w, "Why isn't it showing? %q", res.Query.Account)
	default:
		fmt.Fprintf(w, "Why isn't it showing? %q / %q", res.Query.Account, res.Query.Product)
	}
	fmt.Fprintf(w, ": matched %s\n", strings.Join(res.Matched, ", "))
	for _, e := range res.Entries {
		fmt.Fprintln(w)
		verdict := "HIDDEN"
		what := fmt.Sprintf("%s %s %q (%s)", e.Integration, entityWords[e.Entity], e.Name, e.ID)
		if e.Verdict == "card" {
			verdict = "CARD"
			what += fmt.Sprintf(": card %s (%s)", e.CardID, e.CardState)
		}
		fmt.Fprintf(w, "%-7s %s\n", verdict, what)
		fmt.Fprintf(w, "        %s\n", e.Reason)
		for _, d := range e.Details {
			fmt.Fprintf(w, "        - %s\n", d)
		}
		if e.Fix != "" {
			fmt.Fprintf(w, "        Fix: %s\n", e.Fix)
		}
		if e.Action != nil && e.Action.Command != "" {
			fmt.Fprintf(w, "        Run: %s\n", e.Action.Command)
		}
	}
}
