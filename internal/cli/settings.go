package cli

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/workspace"
)

// settings: the true-up's thresholds, each vendor's billing setting and the invoice
// description template (README "Command line"). Without flags it prints them; flags change
// only what they name. `settings preview-invoice` renders a template for the next pushes.

func runSettings(ctx context.Context, c *call) int {
	if len(c.args) > 0 && c.args[0] == "preview-invoice" {
		return previewInvoice(ctx, c, c.args[1:])
	}
	fs := c.flags("settings")
	units := fs.Int64("large-units", 0, "a change of at least this many units is a large change (default 10)")
	percent := fs.Int64("large-percent", 0, "... or of at least this percentage of the PSA quantity (default 20)")
	newRevenue := fs.Int64("large-new-revenue", 0, "New Revenue of at least this many units is a large change (default 10)")
	var billing multi
	fs.Var(&billing, "billing", "VENDOR=next_period|detected: when a vendor's approved changes take effect (repeatable)")
	invoice := fs.String("invoice-template", "", "the invoice description template of created and changed lines, e.g. \"{product} ({quantity}) {period_start} - {period_end}\"; \"\" removes it")
	psa := fs.String("psa", "", "with --invoice-template: the PSA integration whose own template it is (default: the workspace's, for every PSA)")
	asJSON := fs.Bool("json", false, "print the settings as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	invoiceSet := false
	fs.Visit(func(f *flag.Flag) { invoiceSet = invoiceSet || f.Name == "invoice-template" })
	if *psa != "" && !invoiceSet {
		return c.fail(fmt.Errorf("--psa names whose invoice template --invoice-template sets: give both"))
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
	psaID, err := c.psaID(ctx, *psa)
	if err != nil {
		return c.fail(err)
	}
	if changed {
		if s, err = c.ws.Cards().SetSettings(ctx, s); err != nil {
			return c.fail(err)
		}
	}
	if invoiceSet {
		if _, err := c.ws.Cards().SetInvoiceTemplate(ctx, psaID, *invoice); err != nil {
			return c.fail(err)
		}
		changed = true
	}
	it, err := c.ws.Cards().InvoiceTemplates(ctx)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(struct {
			workspace.ReconcileSettings
			Invoice workspace.InvoiceTemplateSettings `json:"invoice_template"`
		}{s, it})
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
	rows = append(rows, []string{"invoice description", invoiceWords(it.Template)})
	for _, p := range it.PSAs {
		if p.Override != "" {
			rows = append(rows, []string{"invoice description of " + p.Name, invoiceWords(p.Override)})
		}
	}
	c.table("SETTING\tVALUE", rows)
	return ExitOK
}

func invoiceWords(template string) string {
	if template == "" {
		return "none: TrueUp leaves the PSA's invoice descriptions as they are"
	}
	return template
}

// psaID is the id of PSA integration name (0 for "").
func (c *call) psaID(ctx context.Context, name string) (int64, error) {
	if strings.TrimSpace(name) == "" {
		return 0, nil
	}
	in, err := c.integration(ctx, strings.TrimSpace(name))
	if err != nil {
		return 0, err
	}
	if in.Role != "psa" {
		return 0, fmt.Errorf("--psa %s: %s is a vendor; an invoice template belongs to a PSA integration", name, in.Name)
	}
	return in.ID, nil
}

// previewInvoice renders a template (the one saved unless --template) for the next pushes.
func previewInvoice(ctx context.Context, c *call, args []string) int {
	fs := c.flags("settings preview-invoice")
	template := fs.String("template", "", "the template to try (default: the saved one that applies)")
	psa := fs.String("psa", "", "the PSA integration whose next pushes to render (default: every PSA's)")
	asJSON := fs.Bool("json", false, "print the preview as JSON")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "template" })
	psaID, err := c.psaID(ctx, *psa)
	if err != nil {
		return c.fail(err)
	}
	var p workspace.InvoicePreview
	if given {
		p, err = c.ws.Cards().PreviewInvoiceTemplate(ctx, psaID, *template)
	} else {
		p, err = c.ws.Cards().PreviewSavedInvoiceTemplates(ctx, psaID)
	}
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		if p.Error != "" {
			c.printJSON(p)
			return ExitFailed
		}
		return c.printJSON(p)
	}
	if p.Error != "" {
		return c.fail(fmt.Errorf("%s", p.Error))
	}
	if len(p.Lines) == 0 {
		fmt.Fprintln(c.env.Stdout, p.Message)
		return ExitOK
	}
	rows := make([][]string, 0, len(p.Lines))
	for _, l := range p.Lines {
		rows = append(rows, []string{l.Integration, l.AccountName, l.ProductName, l.Kind, l.Text})
	}
	c.table("PSA\tACCOUNT\tPRODUCT\tWRITE\tINVOICE DESCRIPTION", rows)
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
