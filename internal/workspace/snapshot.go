package workspace

import (
	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// snapshot is one consistent read of everything a card build needs, and the cards built
// from it: the cached PSA and vendor records adapted to reconcile's inputs, with the
// mappings, notes, decisions, detections and settings of the current cycle. Cards, costs,
// the sanity check and the guided month all start from one.
type snapshot struct {
	Cycle reconcile.Cycle
	Today reconcile.Date
	// Integrations by id; reconcile's integration strings are the decimal ids
	// (integrationKey).
	Integrations map[int64]store.Integration
	Roles        map[int64]connector.Role
	Inputs       reconcile.Inputs
	Result       reconcile.Result
	// Agreements by agreementKey(integration, agreement id), every cached one, for plans and
	// previews.
	Agreements map[string]reconcile.Agreement
	// AccountAgreements lists, by agreementKey(integration, account id), the ids of the
	// account's current agreements (the ones whose lines count): where a New Revenue line
	// may go.
	AccountAgreements map[string][]string
	// Decisions are the stored decisions of the cycle, in the order they were made.
	Decisions []store.Decision
	// Settings are the stored settings with their defaults.
	Settings ReconcileSettings
	// InvoiceTemplates are the stored invoice description templates (invoice_template.go).
	InvoiceTemplates invoiceTemplates
	// Runs are the latest sync run of each integration that has one.
	Runs map[int64]store.Run
	// Outbox is every outbox entry of the PSA integrations, by integration, in id order.
	Outbox []store.OutboxEntry
}
