package app

import "github.com/trueup/trueup/internal/workspace"

// ReconcileService shows service cards and records decisions on them (Reconcile, Costs
// and Sanity check screens).
type ReconcileService struct{ shell *Shell }

// NewReconcileService binds to shell.
func NewReconcileService(shell *Shell) *ReconcileService { return &ReconcileService{shell: shell} }

// Cards returns this cycle's cards that match q, with totals and data freshness.
func (s *ReconcileService) Cards(q workspace.CardQuery) (workspace.CardList, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.CardList{}, err
	}
	return ws.Cards().List(s.shell.context(), q)
}

// Preview says exactly what approving req would write, from the plan the push sends.
func (s *ReconcileService) Preview(req workspace.ApproveRequest) (workspace.ApprovePreview, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ApprovePreview{}, err
	}
	return ws.Cards().Preview(s.shell.context(), req)
}

// Approve records the approval and its pushes in one transaction and sends them.
func (s *ReconcileService) Approve(req workspace.ApproveRequest) (workspace.ApproveResult, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ApproveResult{}, err
	}
	return ws.Cards().Approve(s.shell.context(), req)
}

// BulkApprove approves the selected cards, leaving out large changes not confirmed one by one.
func (s *ReconcileService) BulkApprove(req workspace.BulkApproveRequest) (workspace.BulkApproveResult, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.BulkApproveResult{}, err
	}
	return ws.Cards().BulkApprove(s.shell.context(), req)
}

// Dismiss hides the cards until the next cycle, or until a quantity changes.
func (s *ReconcileService) Dismiss(cardIDs []string, note string) error {
	ws, err := s.shell.Workspace()
	if err != nil {
		return err
	}
	return ws.Cards().Dismiss(s.shell.context(), cardIDs, note)
}

// Acknowledge marks No Change cards as seen (nothing is pushed) and says how many.
func (s *ReconcileService) Acknowledge(cardIDs []string) (int, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return 0, err
	}
	return ws.Cards().Acknowledge(s.shell.context(), cardIDs)
}

// Settings returns the true-up's thresholds and billing policies.
func (s *ReconcileService) Settings() (workspace.ReconcileSettings, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ReconcileSettings{}, err
	}
	return ws.Cards().Settings(s.shell.context())
}

// SetSettings stores the true-up's thresholds and billing policies.
func (s *ReconcileService) SetSettings(in workspace.ReconcileSettings) (workspace.ReconcileSettings, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ReconcileSettings{}, err
	}
	return ws.Cards().SetSettings(s.shell.context(), in)
}

// InvoiceTemplates returns the invoice description template and each PSA's override.
func (s *ReconcileService) InvoiceTemplates() (workspace.InvoiceTemplateSettings, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.InvoiceTemplateSettings{}, err
	}
	return ws.Cards().InvoiceTemplates(s.shell.context())
}

// SetInvoiceTemplate stores the invoice description template of PSA integration psaID (0:
// the workspace's); blank text removes it.
func (s *ReconcileService) SetInvoiceTemplate(psaID int64, text string) (workspace.InvoiceTemplateSettings, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.InvoiceTemplateSettings{}, err
	}
	return ws.Cards().SetInvoiceTemplate(s.shell.context(), psaID, text)
}

// PreviewInvoiceTemplate renders a template as typed for the next pushes of PSA integration
// psaID (0: of every PSA).
func (s *ReconcileService) PreviewInvoiceTemplate(psaID int64, text string) (workspace.InvoicePreview, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.InvoicePreview{}, err
	}
	return ws.Cards().PreviewInvoiceTemplate(s.shell.context(), psaID, text)
}

// SanityCheck is the month's final check: increases, open New Revenue, pushes, totals.
func (s *ReconcileService) SanityCheck() (workspace.SanityCheck, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.SanityCheck{}, err
	}
	return ws.Cards().SanityCheck(s.shell.context())
}

// Costs compares each mapped product's vendor cost with its PSA catalog cost and price.
func (s *ReconcileService) Costs() ([]workspace.CostRowDTO, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Cards().Costs(s.shell.context())
}

// PushCost pushes the vendor cost to the PSA catalog item (dryRun: only say what it writes).
func (s *ReconcileService) PushCost(psaIntegrationID int64, productID string, dryRun bool) (workspace.ApproveResult, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ApproveResult{}, err
	}
	return ws.Cards().PushCost(s.shell.context(), psaIntegrationID, productID, dryRun)
}

// Explain answers "why isn't it showing?" for an account (and optionally a product) from
// the cache: each record's card, or the rule that hides it, with the fix.
func (s *ReconcileService) Explain(req workspace.ExplainRequest) (workspace.ExplainResult, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ExplainResult{}, err
	}
	return ws.Cards().Explain(s.shell.context(), req)
}

// ExplainNames lists the cached account and product names, for the Explain panel's
// type-ahead.
func (s *ReconcileService) ExplainNames() (workspace.ExplainNames, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ExplainNames{}, err
	}
	return ws.Cards().Names(s.shell.context())
}
