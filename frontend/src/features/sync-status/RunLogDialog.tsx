import { Ban, CircleCheck, CircleX, RotateCcw } from 'lucide-react';
import { memo, useEffect, useRef } from 'react';
import { errorMessage, isActiveStatus, useRun, useRunLogStream, type LogLine, type Run } from '@/api';
import { Badge, Button, Dialog, InlineAlert, Spinner, useNow } from '@/components/ui';
import { formatCount } from '@/lib/format';
import { countsSummary, modeLabel, NOTHING_NEW, RETRYABLE, sentenceCase, statusLabel } from '@/lib/sync';
import { elapsedMs, formatClock, formatDateTime, formatDuration } from '@/lib/time';
import { RunProgress } from './RunProgress';
import { StatusIcon } from './StatusIcon';
import type { SyncActions } from './useSyncActions';

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="log-meta__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The log of one run: header facts, sections, and the timestamped lines. */
export function RunLogDialog({
  runId,
  fallback,
  actions,
  onClose,
}: {
  runId: number;
  /** The run as the status snapshot has it, shown until the run itself is loaded. */
  fallback?: Run;
  actions?: Pick<SyncActions, 'cancel' | 'retry'>;
  onClose: () => void;
}) {
  const runQuery = useRun(runId);
  const run = runQuery.data ?? fallback;
  const active = run ? isActiveStatus(run.status) : false;
  const log = useRunLogStream(runId, active);
  const now = useNow(5_000);
  const scroller = useRef<HTMLDivElement>(null);
  const lines = log.lines;

  // Follow the tail while the run is active.
  useEffect(() => {
    if (active && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
  }, [active, lines.length]);

  const ms = run ? elapsedMs(run.started_at, run.finished_at, now) : null;
  const canRetry = !!run && (run.stuck || RETRYABLE.has(run.status));

  return (
    <Dialog
      size="xl"
      testId="run-log"
      onClose={onClose}
      leading={run ? <StatusIcon status={run.status} size={24} /> : <Spinner size={20} />}
      title={run ? `${run.integration_name} · ${modeLabel(run.mode, run.since)}` : 'Sync log'}
      description={
        run ? (
          <span className="log-status">
            {statusLabel(run.status)}
            {run.stuck && <Badge tone="warning">Stuck</Badge>}
            <span className="muted"> · run #{run.id}</span>
          </span>
        ) : undefined
      }
      footer={
        <>
          {run && active && actions && (
            <Button variant="ghost" icon={<Ban size={16} aria-hidden="true" />} onClick={() => actions.cancel(run.id)}>
              Cancel
            </Button>
          )}
          {run && canRetry && actions && (
            <Button
              icon={<RotateCcw size={16} aria-hidden="true" />}
              onClick={() => {
                actions.retry(run.id);
                onClose();
              }}
            >
              Retry
            </Button>
          )}
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      {runQuery.isError && !run && <InlineAlert>Could not load the run: {errorMessage(runQuery.error)}</InlineAlert>}
      {run && (
        <>
          <dl className="log-meta">
            <Meta label="Queued">{formatDateTime(run.queued_at) || '—'}</Meta>
            <Meta label="Started">{formatDateTime(run.started_at) || '—'}</Meta>
            <Meta label="Finished">{formatDateTime(run.finished_at) || '—'}</Meta>
            <Meta label="Duration">{ms === null ? '—' : formatDuration(ms)}</Meta>
            <Meta label="Changes">{countsSummary(run)}</Meta>
            <Meta label="Requests">{formatCount(run.requests)}</Meta>
          </dl>
          {run.status === 'running' && <RunProgress run={run} />}
          {run.status === 'queued' && run.waiting && <InlineAlert tone="info">{sentenceCase(run.waiting)}</InlineAlert>}
          {run.stuck && run.stuck_reason && <InlineAlert>{run.stuck_reason}</InlineAlert>}
          {run.error && <InlineAlert>{run.error}</InlineAlert>}
          {run.nothing_new && run.status === 'succeeded' && (
            <InlineAlert tone="info">{NOTHING_NEW}: the sync succeeded and the source had no newer data.</InlineAlert>
          )}
          {(run.sections?.length ?? 0) > 0 && (
            <section aria-label="Sections">
              <h3 className="log-subtitle">Sections</h3>
              <ul className="sections">
                {run.sections.map((s) => (
                  <li key={s.name} className={`section-item section-item--${s.status}`} data-section-status={s.status}>
                    {s.status === 'failed' ? (
                      <CircleX size={16} aria-label="failed" className="tone-danger" />
                    ) : (
                      <CircleCheck size={16} aria-label="ok" className="tone-success" />
                    )}
                    <span className="section-item__name">{s.name}</span>
                    {s.error && <span className="section-item__error">{s.error}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      <section aria-label="Log lines">
        <h3 className="log-subtitle">
          Log {active && <span className="muted log-live">(live)</span>}
        </h3>
        {log.error !== null && <InlineAlert>Could not load the log: {errorMessage(log.error)}</InlineAlert>}
        <div className="log-lines" ref={scroller} tabIndex={0} aria-label="Log lines, scrollable" aria-busy={log.streaming || undefined}>
          {!log.loaded ? (
            <div className="log-lines__empty">
              <Spinner size={16} /> Loading the log…
            </div>
          ) : lines.length === 0 ? (
            <div className="log-lines__empty muted">No log lines yet.</div>
          ) : (
            <table className="log-table">
              <thead className="visually-hidden">
                <tr>
                  <th>Time</th>
                  <th>Level</th>
                  <th>Section</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line, i) => (
                  <LogRow key={i} line={line} />
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
    </Dialog>
  );
}

/** One log line; memoised because a streaming log appends to a long list. */
const LogRow = memo(function LogRow({ line }: { line: LogLine }) {
  return (
    <tr className={`log-line log-line--${line.level}`} data-level={line.level}>
      <td className="log-line__time">
        <time dateTime={line.at}>{formatClock(line.at)}</time>
      </td>
      <td className="log-line__level">{line.level}</td>
      <td className="log-line__section">{line.section}</td>
      <td className="log-line__message">{line.message}</td>
    </tr>
  );
});
