package workspace

import (
	"context"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// autotaskRevertPreview reads Autotask for the revert of an Autotask push: filled in by the
// Autotask push (issue 8); until then RevertWrite refuses Autotask writes before this runs.
func (w *Workspace) autotaskRevertPreview(_ context.Context, _ store.Integration, rp revertPlan, _ reconcile.Write) (revertPlan, error) {
	rp.refusal = "TrueUp does not revert Autotask pushes in this build: counter-adjust the units in Autotask"
	rp.preview.Message = rp.refusal
	return rp, nil
}
