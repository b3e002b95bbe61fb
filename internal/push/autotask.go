package push

import (
	"context"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// autotask pushes a write to Autotask: filled in by the Autotask push (issue 8).
func (w *Worker) autotask(_ context.Context, _ store.OutboxEntry, _ reconcile.Write) verdict {
	return verdict{state: store.OutboxFailed, msg: "TrueUp does not push to Autotask in this build: make the change in Autotask"}
}
