import type { Run } from '@/api';
import { RelativeTime, useNow } from '@/components/ui';
import { formatCount } from '@/lib/format';
import { modeLabel, runSummary } from '@/lib/sync';
import { elapsedMs, formatDuration } from '@/lib/time';
import { StatusIcon } from './StatusIcon';

export function ActivityRow({ run, onOpenLog }: { run: Run; onOpenLog: (runId: number) => void }) {
  const now = useNow(5_000);
  const ms = elapsedMs(run.started_at, run.finished_at, now);
  const summary = runSummary(run);
  return (
    <tr data-testid="activity-row" data-run-id={run.id} data-status={run.status}>
      <td className="col-icon">
        <StatusIcon status={run.status} onOpenLog={() => onOpenLog(run.id)} />
      </td>
      <td className="activity__name">{run.integration_name}</td>
      <td>{modeLabel(run.mode, run.since)}</td>
      <td>
        <RelativeTime value={run.started_at || run.queued_at} />
      </td>
      <td className="num">{ms === null ? <span className="muted">—</span> : formatDuration(ms)}</td>
      <td className={`activity__result activity__result--${run.status}`} title={run.error || summary}>
        {summary}
      </td>
      <td className="num right" data-testid="requests">
        {formatCount(run.requests)}
      </td>
    </tr>
  );
}
