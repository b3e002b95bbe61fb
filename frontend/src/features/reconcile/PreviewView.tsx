import { CalendarDays } from 'lucide-react';
import type { ApprovePreview } from '@/api';
import { formatDay } from '@/lib/time';

/** Exactly what approving writes (from the plan the push sends): method, path, body, effective date. */
export function PreviewView({ preview }: { preview: ApprovePreview }) {
  return (
    <div className="preview" data-testid="approve-preview">
      {preview.writes.length === 0 ? (
        <p className="muted">Nothing is written: the card is acknowledged.</p>
      ) : (
        <ol className="preview__writes">
          {preview.writes.map((w, i) => (
            <li key={i} className="preview__write">
              <p className="preview__sentence">{w.preview}</p>
              {w.has_invoice_description && (
                <p className="preview__invoice" data-testid="preview-invoice-description">
                  Invoice description: <span className="mono">{w.invoice_description || '(empty)'}</span>
                </p>
              )}
              <p className="preview__request mono">
                <span className={`method method--${w.method.toLowerCase()}`}>{w.method}</span> {w.path}
              </p>
              {w.body && <pre className="preview__body mono">{w.body}</pre>}
            </li>
          ))}
        </ol>
      )}
      {preview.effective && (
        <p className="preview__effective">
          <CalendarDays size={15} aria-hidden="true" />
          <span>
            Effective <strong>{formatDay(preview.effective)}</strong>
            {preview.prorated ? ' (prorated)' : ''}
            {preview.explanation && <span className="preview__explanation"> · {preview.explanation}</span>}
          </span>
        </p>
      )}
    </div>
  );
}
