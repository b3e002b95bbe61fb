import { CircleDashed } from 'lucide-react';
import type { Run } from '@/api';
import { oneLine } from '@/lib/format';
import { countsSummary, failedSections, sentenceCase, statusLabel } from '@/lib/sync';
import { RunProgress } from './RunProgress';
import { StatusIcon } from './StatusIcon';
import { StuckBadge } from './StuckBadge';

/** The "Latest sync" cell: icon (opens the log), label, progress, waiting, stuck, error. */
export function RunStateCell({ run, onOpenLog }: { run: Run | undefined; onOpenLog: (id: number) => void }) {
  if (!run) {
    return (
      <div className="run-state">
        <div className="run-state__line">
          <CircleDashed size={20} aria-hidden="true" className="status-icon status-icon--muted" />
          <span className="muted">Not synced yet</span>
        </div>
      </div>
    );
  }
  const failed = failedSections(run);
  return (
    <div className="run-state">
      <div className="run-state__line">
        <StatusIcon status={run.status} onOpenLog={() => onOpenLog(run.id)} />
        <span className={`run-state__label run-state__label--${run.status}`}>{statusLabel(run.status)}</span>
        {run.stuck && <StuckBadge reason={run.stuck_reason} />}
      </div>
      {run.stuck && run.stuck_reason && <p className="run-state__note run-state__note--warning">{sentenceCase(run.stuck_reason)}</p>}
      {run.status === 'queued' && run.waiting && <p className="run-state__note">{sentenceCase(run.waiting)}</p>}
      {run.status === 'running' && <RunProgress run={run} />}
      {run.status === 'running' && run.note && <p className="run-state__note">{sentenceCase(run.note)}</p>}
      {/* A finished run's note says why the scheduler ran it ("missed Tuesday 07:00 UTC: ran at launch"). */}
      {run.status !== 'running' && run.note && (
        <p className="run-state__note" data-testid="run-note">
          {sentenceCase(run.note)}
        </p>
      )}
      {run.status === 'failed' && run.error && (
        <p className="run-state__note run-state__note--danger">{sentenceCase(oneLine(run.error, 140))}</p>
      )}
      {(run.status === 'succeeded' || run.status === 'partial') && (
        <p className="run-state__counts num" aria-label="Records in the latest sync">
          {countsSummary(run)}
        </p>
      )}
      {run.status === 'partial' && failed > 0 && (
        <p className="run-state__note run-state__note--warning">
          {failed === 1 ? '1 section failed' : `${failed} sections failed`}: open the log for details.
        </p>
      )}
    </div>
  );
}
