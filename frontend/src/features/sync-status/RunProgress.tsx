import type { Run } from '@/api';
import { progressPercent, progressText } from '@/lib/sync';

/** Progress bar and "Reading additions 120/300" for a running run. */
export function RunProgress({ run }: { run: Run }) {
  const pct = progressPercent(run);
  const text = progressText(run);
  return (
    <div className="progress">
      <div
        className={`progress__track ${pct === null ? 'progress__track--indeterminate' : ''}`}
        role="progressbar"
        aria-label={`${run.integration_name || 'Sync'} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={pct === null ? text : `${pct}% · ${text}`}
      >
        <div className="progress__bar" style={{ width: pct === null ? undefined : `${pct}%` }} />
      </div>
      <div className="progress__text">
        {pct !== null && <span className="progress__pct num">{pct}%</span>}
        <span className="progress__section num">{text}</span>
      </div>
    </div>
  );
}
