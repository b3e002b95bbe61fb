import { FileText } from 'lucide-react';
import { useEffect, useState } from 'react';
import { errorMessage } from '@/api';
import type { InvoiceTemplateSettings } from '@/api/trueupTypes';
import { Button, Field, InlineAlert, Select, Spinner, useNotices } from '@/components/ui';
import { InvoiceTemplatePreview } from './InvoiceTemplatePreview';
import { useInvoicePreview, useInvoiceTemplates, useSetInvoiceTemplate } from './invoiceQueries';
import './settings.css';

const WORKSPACE = '0';

/** The text stored for scope (the workspace's, or a PSA's override). */
function storedText(t: InvoiceTemplateSettings | undefined, scope: string): string {
  if (!t) return '';
  if (scope === WORKSPACE) return t.template;
  return t.psas.find((p) => String(p.integration_id) === scope)?.override ?? '';
}

/**
 * Settings > Invoice description: the template of the lines pushes create or change, for the
 * workspace or one PSA (which then uses its own), with the next pushes rendered live while
 * typing. Checking and rendering are Go's (workspace.PreviewInvoiceTemplate): the page only
 * shows what it says.
 */
export function InvoiceTemplateSection() {
  const templates = useInvoiceTemplates();
  const save = useSetInvoiceTemplate();
  const notices = useNotices();
  const [scope, setScope] = useState(WORKSPACE);
  const [text, setText] = useState('');
  const [edited, setEdited] = useState(false);
  const stored = storedText(templates.data, scope);
  useEffect(() => {
    if (!edited) setText(stored);
  }, [stored, edited]);
  const psaId = Number(scope);
  const preview = useInvoicePreview(psaId, text);
  const psas = templates.data?.psas ?? [];
  const scopes = [
    { value: WORKSPACE, label: 'Every PSA (workspace)' },
    ...psas.map((p) => ({ value: String(p.integration_id), label: p.name, hint: 'its own template' })),
  ];
  const error = preview.data?.error ?? '';

  return (
    <section className="section invoice-template" aria-labelledby="invoice-template-title">
      <div className="section__header">
        <h2 className="section__title" id="invoice-template-title">
          Invoice description
        </h2>
      </div>
      <p className="invoice-template__about">
        The text customers read on the invoice for the lines TrueUp creates or whose quantity it changes. Without a
        template TrueUp sends none, and the descriptions in the PSA stay as they are.
      </p>
      {templates.isPending && (
        <div className="loading">
          <Spinner size={18} /> Reading the template…
        </div>
      )}
      {templates.isError && <InlineAlert>Could not read the template: {errorMessage(templates.error)}</InlineAlert>}
      {templates.data && (
        <form
          className="invoice-template__form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(
              { psaId, text },
              {
                onSuccess: () => {
                  setEdited(false);
                  notices.success(text.trim() === '' ? 'Invoice template removed.' : 'Invoice template saved.');
                },
              },
            );
          }}
        >
          {psas.length > 0 && (
            <Field id="invoice-template-scope" label="For">
              <Select
                id="invoice-template-scope"
                ariaLabel="Whose template"
                value={scope}
                options={scopes}
                onChange={(v) => {
                  setScope(v);
                  setEdited(false);
                }}
              />
            </Field>
          )}
          <Field
            id="invoice-template-text"
            label="Template"
            error={error || undefined}
            help={
              <>
                Placeholders:{' '}
                {templates.data.placeholders.map((p) => (
                  <code key={p} className="invoice-template__placeholder">
                    {p}
                  </code>
                ))}{' '}
                · write {'{{'} and {'}}'} for a brace
                {scope !== WORKSPACE && ' · empty: the workspace template applies'}
              </>
            }
          >
            <textarea
              id="invoice-template-text"
              className="input invoice-template__text"
              rows={3}
              value={text}
              placeholder="{product} ({quantity}) {period_start} - {period_end}"
              aria-invalid={error ? true : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setEdited(true);
              }}
            />
          </Field>
          {save.isError && <InlineAlert>Could not save: {errorMessage(save.error)}</InlineAlert>}
          <div className="invoice-template__actions">
            <Button type="submit" icon={<FileText size={16} aria-hidden="true" />} loading={save.isPending} disabled={!!error || text === stored}>
              Save template
            </Button>
          </div>
        </form>
      )}
      {templates.data && !error && <InvoiceTemplatePreview preview={preview.data} loading={preview.isFetching} />}
    </section>
  );
}
