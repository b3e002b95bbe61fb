package workspace

import (
	"context"
	"fmt"
	"strconv"

	"github.com/trueup/trueup/internal/store"
)

// notifyStuck posts a notice for each active run that Sync Status flags stuck (runDTO's
// rule: queued 2 minutes without starting, or 30 minutes without progress), once per run:
// a run stuck for hours, or found again after a restart, is not posted twice.
func (w *Workspace) notifyStuck(ctx context.Context) error {
	runs, err := w.store.ActiveRuns(ctx)
	if err != nil {
		return err
	}
	for _, r := range runs {
		in, err := w.store.Integration(ctx, r.IntegrationID)
		if err != nil {
			continue // removed meanwhile
		}
		dto := w.runDTO(w.live(r), in)
		if !dto.Stuck {
			continue
		}
		id := strconv.FormatInt(r.ID, 10)
		if _, err := w.post(ctx, store.Notice{Kind: NoticeSyncStuck, Title: fmt.Sprintf("%s sync is stuck", in.Name),
			Body: joinSentences(dto.StuckReason, "Open Sync Status to cancel and retry it"), Target: store.NoticeTargetRun,
			TargetRef: id, DedupeKey: "stuck:" + id}); err != nil {
			return err
		}
	}
	return nil
}
