import type { PlannedWrite } from '@/api/ledgerTypes';

/**
 * Exactly what a push will send, request by request: the sentence, then the method, path
 * and JSON body. Built by the backend from the same plan the push sends.
 */
export function WritesPreview({ writes }: { writes: PlannedWrite[] }) {
  if (writes.length === 0) return <p className="muted">Nothing to write: the PSA already holds this value.</p>;
  return (
    <ol className="writes" aria-label="What will be written">
      {writes.map((w, i) => (
        <li key={i} className="writes__item" data-testid="planned-write">
          <p className="writes__preview">{w.preview}</p>
          <p className="writes__request mono">
            <span className="writes__method">{w.method}</span> {w.path}
          </p>
          {w.body && <pre className="writes__body mono">{w.body}</pre>}
        </li>
      ))}
    </ol>
  );
}
