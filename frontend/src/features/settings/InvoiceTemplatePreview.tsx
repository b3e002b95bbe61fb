import type { InvoicePreview } from '@/api/trueupTypes';
import { Spinner } from '@/components/ui';

/** The template rendered for the next pushes, as Go's plans would send it. */
export function InvoiceTemplatePreview({ preview, loading }: { preview: InvoicePreview | undefined; loading: boolean }) {
  return (
    <div className="invoice-preview" aria-label="Next pushes with this template" aria-busy={loading}>
      <h3 className="invoice-preview__title">
        Next pushes {loading && <Spinner size={14} />}
      </h3>
      {preview && preview.lines.length === 0 && <p className="muted">{preview.message}</p>}
      {preview && preview.lines.length > 0 && (
        <ul className="invoice-preview__lines">
          {preview.lines.map((l, i) => (
            <li key={`${l.card_id}-${i}`} className="invoice-preview__line" data-testid="invoice-preview-line">
              <span className="invoice-preview__where">
                {l.account_name} · {l.product_name} <span className="muted">({l.integration})</span>
              </span>
              <span className="invoice-preview__text mono">{l.text}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
