import type { Field as FieldSpec, Integration, KindInfo } from '@/api';
import { Field, fieldAria } from '@/components/ui';
import type { FieldErrors } from './validate';

/** The non-secret part of an integration form. */
export interface IntegrationFormValues {
  name: string;
  base_url: string;
  settings: Record<string, string>;
  concurrency: string;
}

export function initialValues(kind: KindInfo, existing?: Integration): IntegrationFormValues {
  const settings: Record<string, string> = {};
  for (const f of kind.settings ?? []) settings[f.key] = existing?.settings?.[f.key] ?? '';
  return {
    name: existing?.name ?? '',
    base_url: kind.no_server ? '' : (existing?.base_url ?? kind.default_base_url ?? ''),
    settings,
    concurrency: String(existing?.concurrency || kind.default_concurrency || ''),
  };
}

export function toConcurrency(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Placeholders are examples, and say so, so they are not taken for values. */
export function example(text: string | undefined): string | undefined {
  return text ? `e.g. ${text}` : undefined;
}

function SettingInput({
  field,
  id,
  value,
  error,
  onChange,
}: {
  field: FieldSpec;
  id: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  return (
    <Field id={id} label={field.label || field.key} help={field.help} error={error} required={field.required}>
      <input
        id={id}
        data-field={field.key}
        className="input"
        value={value}
        placeholder={example(field.placeholder)}
        aria-required={field.required || undefined}
        {...fieldAria(id, { help: field.help, error })}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

export function IntegrationFields({
  kind,
  values,
  errors = {},
  baseUrlWarning,
  onChange,
  idPrefix,
}: {
  kind: KindInfo;
  values: IntegrationFormValues;
  errors?: FieldErrors;
  /** What saving this base URL will do, shown under the field (e.g. credentials removed). */
  baseUrlWarning?: string;
  onChange: (next: IntegrationFormValues) => void;
  idPrefix: string;
}) {
  const set = <K extends keyof IntegrationFormValues>(key: K, value: IntegrationFormValues[K]) =>
    onChange({ ...values, [key]: value });
  const nameId = `${idPrefix}-name`;
  const urlId = `${idPrefix}-base-url`;
  const concurrencyId = `${idPrefix}-concurrency`;
  const nameHelp = 'How this integration is called in TrueUp.';
  const concurrencyHelp = `How many API requests TrueUp sends at once (default ${kind.default_concurrency}). Lower it if the API reports rate limits.`;
  return (
    <>
      <Field id={nameId} label="Name" help={nameHelp} error={errors.name} required>
        <input
          id={nameId}
          data-field="name"
          className="input"
          value={values.name}
          placeholder={example(`${kind.label} production`)}
          autoFocus
          aria-required="true"
          {...fieldAria(nameId, { help: nameHelp, error: errors.name })}
          onChange={(e) => set('name', e.target.value)}
        />
      </Field>
      {/* A kind that reads local files (csv) has no server to name. */}
      {!kind.no_server && (
        <Field id={urlId} label="Base URL" help={kind.base_url_help || undefined} error={errors.base_url} warning={baseUrlWarning} required>
          <input
            id={urlId}
            data-field="base_url"
            className="input mono"
            type="url"
            value={values.base_url}
            placeholder={example(kind.default_base_url)}
            aria-required="true"
            {...fieldAria(urlId, { help: kind.base_url_help, error: errors.base_url, warning: baseUrlWarning })}
            spellCheck={false}
            onChange={(e) => set('base_url', e.target.value)}
          />
        </Field>
      )}
      {/* Managed settings (a file import's file, rows, time) are TrueUp's own: kept, never asked. */}
      {(kind.settings ?? []).filter((f) => !f.managed).map((f) => (
        <SettingInput
          key={f.key}
          field={f}
          id={`${idPrefix}-setting-${f.key}`}
          value={values.settings[f.key] ?? ''}
          error={errors[f.key]}
          onChange={(v) => set('settings', { ...values.settings, [f.key]: v })}
        />
      ))}
      {!kind.no_server && (
        <Field id={concurrencyId} label="Requests in flight" help={concurrencyHelp} error={errors.concurrency}>
          <input
            id={concurrencyId}
            data-field="concurrency"
            className="input num concurrency-input"
            type="number"
            min={1}
            max={32}
            step={1}
            value={values.concurrency}
            {...fieldAria(concurrencyId, { help: concurrencyHelp, error: errors.concurrency })}
            onChange={(e) => set('concurrency', e.target.value)}
          />
        </Field>
      )}
    </>
  );
}
