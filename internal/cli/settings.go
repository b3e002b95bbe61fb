package cli

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// settings: the true-up's thresholds and each vendor's billing setting (README "Command
// line"). Without flags it prints them; flags change only what they name.

func runSettings(ctx context.Context, c *call) int {
	fs := c.flags("settings")
	units := fs.Int64("large-units", 0, "a change of at least this many units is a large change (default 10)")
	percent := fs.Int64("large-percent", 0, "... or of at least this percentage of the PSA quantity (default 20)")
	newRevenue := fs.Int64("large-new-revenue", 0, "New Revenue of at least this many units is a large change (default 10)")
	var billing multi
	fs.Var(&billing, "billing", "VENDOR=next_period|detected: when a vendor's approved changes take effect (repeatable)")
	asJSON := fs.Bool("json", false, "print the settings as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	s, err := c.ws.Cards().Settings(ctx)
	if err != nil {
		return c.fail(err)
	}
	changed := false
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "large-units":
			s.LargeChangeUnits, changed = *units, true
		case "large-percent":
			s.LargeChangePercent, changed = *percent, true
		case "large-new-revenue":
			s.LargeNewRevenueUnits, changed = *newRevenue, true
		}
	})
	for _, b := range billing {
		name, policy, ok := strings.Cut(b, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return c.fail(fmt.Errorf("--billing %q: write it as VENDOR=next_period or VENDOR=detected, e.g. --billing Pax8=detected", b))
		}
		in, err := c.integration(ctx, strings.TrimSpace(name))
		if err != nil {
			return c.fail(err)
		}
		if in.Role != "vendor" {
			return c.fail(fmt.Errorf("--billing %s: %s is a PSA; the billing setting belongs to a vendor integration", b, in.Name))
		}
		s.Billing[strconv.FormatInt(in.ID, 10)], changed = strings.TrimSpace(policy), true
	}
	if changed {
		if s, err = c.ws.Cards().SetSettings(ctx, s); err != nil {
			return c.fail(err)
		}
	}
	if *asJSON {
		return c.printJSON(s)
	}
	names, err := c.vendorNames(ctx)
	if err != nil {
		return c.fail(err)
	}
	if changed {
		fmt.Fprintln(c.env.Stdout, "Saved. Billing settings apply to cards detected from now on; cards already shown keep theirs.")
	}
	rows := [][]string{
		{"large change", fmt.Sprintf("at least %d units or %d%% of the PSA quantity", s.LargeChangeUnits, s.LargeChangePercent)},
		{"large New Revenue", fmt.Sprintf("at least %d units", s.LargeNewRevenueUnits)},
	}
	ids := make([]string, 0, len(s.Billing))
	for id := range s.Billing {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return names[ids[i]] < names[ids[j]] })
	for _, id := range ids {
		rows = append(rows, []string{"billing of " + names[id], billingWords(s.Billing[id])})
	}
	c.table("SETTING\tVALUE", rows)
	return ExitOK
}

// vendorNames maps vendor integration ids (as ReconcileSettings.Billing keys them) to names.
func (c *call) vendorNames(ctx context.Context) (map[string]string, error) {
	list, err := c.ws.Integrations().List(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, in := range list {
		out[strconv.FormatInt(in.ID, 10)] = in.Name
	}
	return out, nil
}

func billingWords(policy string) string {
	if policy == "detected" {
		return "detected: from the day the change was detected, prorated where the agreement prorates"
	}
	return "next_period: from the first day of the next billing period"
}
