package workspace

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/invoicetext"
	"github.com/trueup/trueup/internal/reconcile"
)

// The invoice description template is one workspace-wide text with an optional override per
// PSA integration (a ConnectWise and an Autotask integration can word their invoices
// differently), kept as key/value settings: invoice_template, and invoice_template:<id> for
// the override of PSA integration <id>. An override applies instead of the workspace text;
// without either, TrueUp writes no invoice description and leaves what the PSA holds alone.
const (
	settingInvoiceTemplate       = "invoice_template"
	settingInvoiceTemplatePrefix = "invoice_template:"
)

// invoiceTemplates are the stored template texts.
type invoiceTemplates struct {
	workspace string
	byPSA     map[int64]string
}

func storedInvoiceTemplates(kv map[string]string) invoiceTemplates {
	t := invoiceTemplates{workspace: kv[settingInvoiceTemplate], byPSA: map[int64]string{}}
	for k, v := range kv {
		if id, ok := strings.CutPrefix(k, settingInvoiceTemplatePrefix); ok {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				t.byPSA[n] = v
			}
		}
	}
	return t
}

// text is the template text that applies to PSA integration id.
func (t invoiceTemplates) text(id int64) string {
	if s, ok := t.byPSA[id]; ok && strings.TrimSpace(s) != "" {
		return s
	}
	return t.workspace
}

// invoiceText is what the plans of PSA integration id need to write invoice descriptions.
func (snap *snapshot) invoiceText(id int64) (reconcile.InvoiceText, error) {
	tpl, err := invoicetext.Parse(snap.InvoiceTemplates.text(id))
	if err != nil {
		return reconcile.InvoiceText{}, fmt.Errorf("the stored invoice description template: %w: set it again in Settings", err)
	}
	return reconcile.InvoiceText{Template: tpl, Vendors: snap.vendorNames()}, nil
}

// vendorNames names the vendor integrations by their reconcile id, for {vendor}.
func (snap *snapshot) vendorNames() map[string]string {
	out := map[string]string{}
	for id, in := range snap.Integrations {
		if snap.Roles[id] == connector.RoleVendor {
			out[integrationKey(id)] = in.Name
		}
	}
	return out
}

// InvoiceTemplates returns the workspace's invoice description template and every PSA
// integration's override, with the field each PSA writes it to and its limit.
func (c *Cards) InvoiceTemplates(ctx context.Context) (InvoiceTemplateSettings, error) {
	kv, err := c.w.store.Settings(ctx)
	if err != nil {
		return InvoiceTemplateSettings{}, err
	}
	t := storedInvoiceTemplates(kv)
	out := InvoiceTemplateSettings{Template: t.workspace, Placeholders: placeholders(), PSAs: []InvoiceTemplatePSA{}}
	psas, err := c.w.psaIntegrations(ctx)
	if err != nil {
		return InvoiceTemplateSettings{}, err
	}
	for _, in := range psas {
		f := reconcile.InvoiceFieldOf(connector.Kind(in.Kind))
		out.PSAs = append(out.PSAs, InvoiceTemplatePSA{IntegrationID: in.ID, Name: in.Name, Kind: in.Kind, Override: t.byPSA[in.ID],
			Applies: t.text(in.ID), Field: f.Label, Limit: f.Limit})
	}
	return out, nil
}

func placeholders() []string {
	out := invoicetext.Known()
	for i, k := range out {
		out[i] = "{" + k + "}"
	}
	return out
}

// SetInvoiceTemplate checks and stores the template of PSA integration psaID (0: the
// workspace's, for every PSA without an override); blank text removes it (no description
// is written, or the workspace's applies again). A template with an unknown placeholder, or
// whose own text is longer than a PSA it applies to takes, is refused.
func (c *Cards) SetInvoiceTemplate(ctx context.Context, psaID int64, text string) (InvoiceTemplateSettings, error) {
	tpl, err := invoicetext.Parse(text)
	if err != nil {
		return InvoiceTemplateSettings{}, inputErr("invoice_template", err.Error())
	}
	psas, err := c.w.psaIntegrations(ctx)
	if err != nil {
		return InvoiceTemplateSettings{}, err
	}
	key := settingInvoiceTemplate
	if psaID != 0 {
		found := false
		for _, in := range psas {
			if in.ID == psaID {
				psas, found = []psaIntegration{in}, true
				break
			}
		}
		if !found {
			return InvoiceTemplateSettings{}, inputErr("integration", fmt.Sprintf("there is no PSA integration with id %d: an invoice template belongs to a PSA (ConnectWise, Autotask or HaloPSA)", psaID))
		}
		key = settingInvoiceTemplatePrefix + integrationKey(psaID)
	}
	for _, in := range psas {
		f := reconcile.InvoiceFieldOf(connector.Kind(in.Kind))
		if err := tpl.Fits(f.Limit, f.Label+" of "+in.Name); err != nil {
			return InvoiceTemplateSettings{}, inputErr("invoice_template", err.Error())
		}
	}
	stored := text
	if tpl.IsZero() {
		stored = ""
	}
	if err := c.w.store.SetSettings(ctx, map[string]string{key: stored}); err != nil {
		return InvoiceTemplateSettings{}, err
	}
	return c.InvoiceTemplates(ctx)
}

// psaIntegration is a PSA integration as the invoice template settings list it.
type psaIntegration struct {
	ID   int64
	Name string
	Kind string
}

// psaIntegrations lists the PSA integrations in id order.
func (w *Workspace) psaIntegrations(ctx context.Context) ([]psaIntegration, error) {
	list, err := w.store.Integrations(ctx)
	if err != nil {
		return nil, err
	}
	var out []psaIntegration
	for _, in := range list {
		if f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind)); err == nil && f.Role == connector.RolePSA {
			out = append(out, psaIntegration{ID: in.ID, Name: in.Name, Kind: in.Kind})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// maxInvoicePreviews is how many of the next pushes a template preview renders.
const maxInvoicePreviews = 5

// PreviewInvoiceTemplate renders template (as typed, not yet saved) for the next pushes:
// the open Reconcile and New Revenue cards of the cycle, of PSA integration psaID (0: of
// every PSA), through the same plans an approval builds, so each line shows exactly the
// description that push would send. A template that does not parse is no error: its Error
// says why, for the Settings page to show while the user types.
func (c *Cards) PreviewInvoiceTemplate(ctx context.Context, psaID int64, template string) (InvoicePreview, error) {
	tpl, err := invoicetext.Parse(template)
	if err != nil {
		return InvoicePreview{Lines: []InvoicePreviewLine{}, Error: err.Error()}, nil
	}
	return c.previewInvoice(ctx, psaID, func(*snapshot, int64) (invoicetext.Template, error) { return tpl, nil })
}

// PreviewSavedInvoiceTemplates is PreviewInvoiceTemplate with the saved templates: each
// PSA's own where it has one, else the workspace's.
func (c *Cards) PreviewSavedInvoiceTemplates(ctx context.Context, psaID int64) (InvoicePreview, error) {
	return c.previewInvoice(ctx, psaID, func(snap *snapshot, id int64) (invoicetext.Template, error) {
		it, err := snap.invoiceText(id)
		return it.Template, err
	})
}

// previewInvoice renders the next pushes of PSA integration psaID (0: every PSA) with the
// template templateOf gives each PSA integration.
func (c *Cards) previewInvoice(ctx context.Context, psaID int64, templateOf func(*snapshot, int64) (invoicetext.Template, error)) (InvoicePreview, error) {
	out := InvoicePreview{Lines: []InvoicePreviewLine{}}
	snap, err := c.w.snapshot(ctx)
	if err != nil {
		return InvoicePreview{}, err
	}
	cards := make([]*reconcile.Card, 0)
	for i := range snap.Result.Cards {
		card := &snap.Result.Cards[i]
		if card.State != reconcile.StateReconcile && card.State != reconcile.StateNewRevenue {
			continue
		}
		if card.Decision != reconcile.DecisionOpen {
			continue
		}
		if psaID != 0 && parseIntegrationKey(card.PSAIntegration) != psaID {
			continue
		}
		cards = append(cards, card)
	}
	sort.SliceStable(cards, func(i, j int) bool {
		a, b := cards[i], cards[j]
		if a.AccountName != b.AccountName {
			return a.AccountName < b.AccountName
		}
		return a.ProductName < b.ProductName
	})
	for _, card := range cards {
		if len(out.Lines) == maxInvoicePreviews {
			break
		}
		id := parseIntegrationKey(card.PSAIntegration)
		in := snap.Integrations[id]
		tpl, err := templateOf(snap, id)
		if err != nil {
			return InvoicePreview{}, err
		}
		if tpl.IsZero() {
			continue
		}
		pr := reconcile.PlanRequest{Card: *card, Cycle: snap.Cycle, PSA: connector.Kind(in.Kind),
			Invoice: reconcile.InvoiceText{Template: tpl, Vendors: snap.vendorNames()}}
		if card.State == reconcile.StateNewRevenue {
			opts := snap.agreementOptions(card)
			if len(opts) == 0 {
				continue
			}
			pr.Agreement = snap.Agreements[agreementKey(card.PSAIntegration, opts[0].ID)]
		} else if pr.Agreement, err = snap.lineAgreement(&pr.Card, "", ""); err != nil {
			continue
		}
		plan, err := reconcile.BuildPlan(pr)
		if err != nil {
			continue // a card its approval would refuse pushes nothing
		}
		for _, w := range plan.Writes {
			if w.InvoiceText == nil {
				continue
			}
			out.Lines = append(out.Lines, InvoicePreviewLine{CardID: card.ID, Integration: in.Name, AccountName: card.AccountName,
				ProductName: card.ProductName, Kind: string(w.Kind), Field: reconcile.InvoiceFieldOf(connector.Kind(in.Kind)).Label,
				Text: *w.InvoiceText, Preview: w.Preview})
		}
	}
	if len(out.Lines) == 0 {
		out.Message = "nothing to preview: no template applies (TrueUp writes no invoice description and leaves what the PSA holds alone), or no open Reconcile or New Revenue card of these PSAs to render it on (sync to see it on real lines)"
	}
	return out, nil
}
