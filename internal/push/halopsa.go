package push

import (
	"context"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// halo pushes a write to HaloPSA: filled in by the HaloPSA push (issue 8).
func (w *Worker) halo(_ context.Context, _ store.OutboxEntry, _ reconcile.Write) verdict {
	return verdict{state: store.OutboxFailed, msg: "TrueUp does not push to HaloPSA in this build: make the change in HaloPSA"}
}
