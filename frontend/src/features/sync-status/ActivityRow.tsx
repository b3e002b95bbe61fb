import type { Run } from '@/api';
import { RelativeTime, useNow } from '@/components/ui';
import { formatCount } from '@/lib/format';
import { modeLabel, runSummary } from '@/lib/sync';
import { elapsedMs, formatDuration } from '@/lib/time';
import { StatusIcon } from './StatusIcon';

/**
 * One run of Sync Activities. The whole row opens the run's log (click, or Enter/Space
 * when it has the focus); the status icon stays a button of its own for screen readers.
 */
export function ActivityRow({ run, onOpenLog }: { run: Run; onOpenLog: (runId: number) => void }) {
  const now = useNow(5_000);
  const ms = elapsedMs(run.started_at, run.finished_at, now);
  const summary = runSummary(run);
  const open = () => onOpenLog(run.id);
  return (
    <tr
      data-testid="activity-row"
      data-run-id={run.id}
      data-status={run.status}
      className="activity-row"
      tabIndex={0}
      aria-label={`${run.integration_name}, ${modeLabel(run.mode, run.since)}: ${summary}. Open the sync log`}
      onClick={(e) => {
        // The icon button opens the log itself.
        if (!(e.target as HTMLElement).closest('button')) open();
      }}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      }}
    >
      <td className="col-icon">
        <StatusIcon status={run.status} onOpenLog={open} />
      </td>
      <td className="activity__name cell-text">{run.integration_name}</td>
      <td className="activity__mode cell-text">{modeLabel(run.mode, run.since)}</td>
      <td className="activity__started cell-text">
        <RelativeTime value={run.started_at || run.queued_at} />
      </td>
      <td className="num activity__duration cell-text">{ms === null ? <span className="muted">—</span> : formatDuration(ms)}</td>
      <td className={`activity__result activity__result--${run.status}`}>{summary}</td>
      <td className="num right activity__requests" data-testid="requests">
        {formatCount(run.requests)}
      </td>
    </tr>
  );
}
