package workspace

import (
	"context"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// haloRevertPreview reads HaloPSA for the revert of a HaloPSA push: filled in by the HaloPSA
// push (issue 8); until then RevertWrite refuses HaloPSA writes before this runs.
func (w *Workspace) haloRevertPreview(_ context.Context, _ store.Integration, rp revertPlan, _ reconcile.Write) (revertPlan, error) {
	rp.refusal = "TrueUp does not revert HaloPSA pushes in this build: change the line in HaloPSA"
	rp.preview.Message = rp.refusal
	return rp, nil
}
