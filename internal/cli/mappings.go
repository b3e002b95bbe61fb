package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/workspace"
)

// runMappings is `trueup mappings`: every vendor account and product with where it maps,
// and a footer of what waits behind the unmapped ones.
func runMappings(ctx context.Context, c *call) int {
	fs := c.flags("mappings")
	name := fs.String("integration", "", "only this vendor integration (default: every vendor)")
	unmapped := fs.Bool("unmapped", false, "only the unmapped items that keep active subscriptions from making cards")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	var vendorID int64
	if *name != "" {
		in, err := c.integration(ctx, *name)
		if err != nil {
			return c.fail(err)
		}
		vendorID = in.ID
	}
	list, err := c.ws.Mappings().List(ctx, vendorID, *unmapped)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(list.Rows)
	}
	if len(list.Unmapped) == 0 {
		fmt.Fprintln(c.env.Stdout, "No vendor integration yet: add one (e.g. `trueup integrations add --kind pax8 --name Pax8`) and sync it.")
		return ExitOK
	}
	if len(list.Rows) > 0 {
		var rows [][]string
		for _, r := range list.Rows {
			rows = append(rows, []string{r.Integration, r.Kind, r.VendorID, r.VendorName, stateWords(r), psaWords(r),
				strconv.Itoa(r.Subscriptions), r.MonthlyCost, bestSuggestion(r)})
		}
		c.table("INTEGRATION\tKIND\tVENDOR ID\tVENDOR NAME\tSTATE\tPSA\tACTIVE SUBS\tMONTHLY COST\tSUGGESTION", rows)
		fmt.Fprintln(c.env.Stdout)
	}
	status, err := c.ws.Sync().Status(ctx)
	if err != nil {
		return c.fail(err)
	}
	synced := map[int64]bool{}
	for _, st := range status.Integrations {
		synced[st.Integration.ID] = st.LastSuccessAt != ""
	}
	for _, u := range list.Unmapped {
		if !synced[u.IntegrationID] {
			// An empty cache says nothing about the source: never "everything is mapped".
			fmt.Fprintf(c.env.Stdout, "%s: not synced yet: run `trueup sync --integration %q` to list its accounts and products.\n", u.Integration, u.Integration)
			continue
		}
		fmt.Fprintln(c.env.Stdout, unmappedFooter(u))
	}
	return ExitOK
}

func stateWords(r workspace.MappingRow) string {
	if r.Gone {
		return r.State + " (no longer at the source)"
	}
	return r.State
}

func psaWords(r workspace.MappingRow) string {
	if r.State != "mapped" {
		return ""
	}
	return fmt.Sprintf("%s (%s)", r.PSAName, r.PSAID)
}

// bestSuggestion is the first suggestion as one cell: the candidate, its id and why.
func bestSuggestion(r workspace.MappingRow) string {
	if len(r.Suggestions) == 0 {
		return ""
	}
	s := r.Suggestions[0]
	cell := fmt.Sprintf("%s (%s, %s %.2f)", s.PSAName, s.PSAID, s.Match, s.Score)
	if more := len(r.Suggestions) - 1; more > 0 {
		cell += fmt.Sprintf(" +%d more", more)
	}
	return cell
}

// unmappedFooter says what one vendor's unmapped items keep out of the cards.
func unmappedFooter(u workspace.UnmappedCount) string {
	if u.Accounts == 0 && u.Products == 0 && u.Subscriptions == 0 {
		return fmt.Sprintf("%s: every account and product with active subscriptions is mapped or excluded.", u.Integration)
	}
	return fmt.Sprintf("%s: %s and %s keep %s (%s a month of vendor cost) out of the cards. Map them with `trueup map --integration %q ...`, or accept the exact suggestions with --accept-exact.",
		u.Integration, countNoun(u.Accounts, "unmapped account"), countNoun(u.Products, "unmapped product"),
		countNoun(u.Subscriptions, "active subscription"), u.MonthlyCost, u.Integration)
}

func countNoun(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// runMap is `trueup map`: map, exclude or clear one vendor item, or accept every exact
// suggestion of a vendor.
func runMap(ctx context.Context, c *call) int {
	fs := c.flags("map")
	name := fs.String("integration", "", "the vendor integration")
	account := fs.String("account", "", "the vendor account (its vendor id, from `trueup mappings`)")
	product := fs.String("product", "", "the vendor product (its vendor id)")
	to := fs.String("to", "", "the PSA account or catalog product id to map it to")
	psaName := fs.String("psa", "", "the PSA integration to map to, when there are several")
	exclude := fs.Bool("exclude", false, "exclude it: its subscriptions never make cards")
	clear := fs.Bool("clear", false, "remove its mapping or exclusion: it is unmapped again")
	acceptExact := fs.Bool("accept-exact", false, "map every unmapped item that has exactly one exact suggestion")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	in, err := c.integration(ctx, *name)
	if err != nil {
		return c.fail(err)
	}
	if *acceptExact {
		for _, f := range []string{"account", "product", "to", "psa", "exclude", "clear"} {
			if given[f] {
				return c.fail(fmt.Errorf("--accept-exact maps every exact suggestion: leave out --%s, or map one item without --accept-exact", f))
			}
		}
		return mapAcceptExact(ctx, c, in)
	}
	kind, vendorID := "account", *account
	switch {
	case *account != "" && *product != "":
		return c.fail(errors.New("map one item at a time: give --account ID or --product ID, not both"))
	case *product != "":
		kind, vendorID = "product", *product
	case *account == "":
		return c.fail(errors.New("say what to map: --account ID or --product ID (`trueup mappings` lists the ids), or --accept-exact"))
	}
	actions := 0
	for _, f := range []string{"to", "exclude", "clear"} {
		if given[f] {
			actions++
		}
	}
	if actions != 1 {
		return c.fail(errors.New("say what to do with it: exactly one of --to PSA_ID, --exclude or --clear"))
	}
	req := workspace.MapRequest{IntegrationID: in.ID, Kind: kind, VendorID: vendorID, PSAID: *to, Exclude: *exclude, Clear: *clear}
	if *psaName != "" {
		psa, err := c.integration(ctx, *psaName)
		if err != nil {
			return c.fail(err)
		}
		req.PSAIntegrationID = psa.ID
	}
	row, err := c.ws.Mappings().Map(ctx, req)
	var ie *workspace.InputError
	if errors.As(err, &ie) && ie.Field == "psa_integration_id" && *psaName == "" {
		return c.fail(fmt.Errorf("%w: give --psa NAME", err))
	}
	if err != nil {
		return c.fail(err)
	}
	what := fmt.Sprintf("%s %s %q (%s)", in.Name, kind, row.VendorName, row.VendorID)
	switch row.State {
	case "mapped":
		psa, err := c.ws.Integrations().Get(ctx, row.PSAIntegrationID)
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.env.Stdout, "Mapped %s to %s %s %q (%s).\n", what, psa.Name, kind, row.PSAName, row.PSAID)
	case "excluded":
		fmt.Fprintf(c.env.Stdout, "Excluded %s: its subscriptions make no cards.\n", what)
	default:
		fmt.Fprintf(c.env.Stdout, "Cleared %s: it is unmapped again.\n", what)
	}
	return ExitOK
}

func mapAcceptExact(ctx context.Context, c *call, in workspace.Integration) int {
	n, err := c.ws.Mappings().AcceptExact(ctx, in.ID)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.env.Stdout, "Accepted %s.\n", countNoun(n, "exact suggestion"))
	list, err := c.ws.Mappings().List(ctx, in.ID, false)
	if err != nil {
		return c.fail(err)
	}
	ambiguous, fuzzy := 0, 0
	for _, r := range list.Rows {
		if r.State != "unmapped" || len(r.Suggestions) == 0 {
			continue
		}
		if r.Suggestions[0].Match == "exact" {
			ambiguous++
		} else {
			fuzzy++
		}
	}
	if ambiguous > 0 {
		fmt.Fprintf(c.env.Stdout, "%s several exact candidates: choose one with `trueup map --integration %q --account ID --to PSA_ID` (or --product).\n",
			pluralHas(ambiguous), in.Name)
	}
	if fuzzy > 0 {
		fmt.Fprintf(c.env.Stdout, "%s only fuzzy suggestions: check them in `trueup mappings --integration %q --unmapped` and map them one by one.\n",
			pluralHas(fuzzy), in.Name)
	}
	return ExitOK
}

func pluralHas(n int) string {
	if n == 1 {
		return "1 item has"
	}
	return strconv.Itoa(n) + " items have"
}

// runNote is `trueup note`: the note and tags of a PSA account, shown on its cards.
func runNote(ctx context.Context, c *call) int {
	fs := c.flags("note")
	account := fs.String("account", "", "the PSA account id")
	name := fs.String("integration", "", "the PSA integration (default: the only one)")
	text := fs.String("text", "", "the note; empty with no --tag removes it")
	var tags multi
	fs.Var(&tags, "tag", "a tag (repeatable)")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if !given["text"] && !given["tag"] {
		return c.fail(errors.New("say what to note: --text TEXT and/or --tag T (--text \"\" removes the note)"))
	}
	in := workspace.AccountNoteInput{AccountID: *account, Note: *text, Tags: tags}
	if *name != "" {
		psa, err := c.integration(ctx, *name)
		if err != nil {
			return c.fail(err)
		}
		in.PSAIntegrationID = psa.ID
	}
	if err := c.ws.Mappings().SetAccountNote(ctx, in); err != nil {
		return c.fail(err)
	}
	if strings.TrimSpace(*text) == "" && len(tags) == 0 {
		fmt.Fprintf(c.env.Stdout, "Removed the note of account %s.\n", strings.TrimSpace(*account))
		return ExitOK
	}
	fmt.Fprintf(c.env.Stdout, "Saved the note of account %s; its cards show it.\n", strings.TrimSpace(*account))
	return ExitOK
}
