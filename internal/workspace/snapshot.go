package workspace

import (
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
	// Integrations by id; reconcile's integration strings are the decimal ids.
	Integrations map[int64]store.Integration
	Inputs       reconcile.Inputs
	Result       reconcile.Result
	// Agreements by agreementKey(integration id, agreement id), for plans and previews.
	Agreements map[string]reconcile.Agreement
}
