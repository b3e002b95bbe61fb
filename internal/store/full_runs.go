package store

import (
	"context"

	"github.com/trueup/trueup/internal/connector"
)

// LatestFullRuns returns the newest succeeded Full Sync of every integration that has one,
// by integration: after it, the cache holds nothing the source had deleted before it
// ("why isn't it showing?" says when a QuickSync-built cache may be behind).
func (s *Store) LatestFullRuns(ctx context.Context) (map[int64]Run, error) {
	runs, err := s.queryRuns(ctx, `SELECT `+runCols+` FROM sync_runs WHERE id IN
		(SELECT MAX(id) FROM sync_runs WHERE mode = ? AND status = ? GROUP BY integration_id)`, string(connector.ModeFull), StatusSucceeded)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Run, len(runs))
	for _, r := range runs {
		out[r.IntegrationID] = r
	}
	return out, nil
}
