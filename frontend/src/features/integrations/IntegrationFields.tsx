import type { Field as FieldSpec, Integration, KindInfo } from '@/api';
import { Field } from '@/components/ui';

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
    base_url: existing?.base_url ?? kind.default_base_url ?? '',
    settings,
    concurrency: String(existing?.concurrency || kind.default_concurrency || ''),
  };
}

export function toConcurrency(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

function SettingInput({
  field,
  id,
  value,
  onChange,
}: {
  field: FieldSpec;
  id: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <Field id={id} label={field.label || field.key} help={field.help} required={field.required}>
      <input
        id={id}
        data-field={field.key}
        className="input"
        value={value}
        placeholder={field.placeholder}
        aria-required={field.required || undefined}
        aria-describedby={field.help ? `${id}-help` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

export function IntegrationFields({
  kind,
  values,
  onChange,
  idPrefix,
}: {
  kind: KindInfo;
  values: IntegrationFormValues;
  onChange: (next: IntegrationFormValues) => void;
  idPrefix: string;
}) {
  const set = <K extends keyof IntegrationFormValues>(key: K, value: IntegrationFormValues[K]) =>
    onChange({ ...values, [key]: value });
  return (
    <>
      <Field id={`${idPrefix}-name`} label="Name" help="How this integration is called in TrueUp." required>
        <input
          id={`${idPrefix}-name`}
          data-field="name"
          className="input"
          value={values.name}
          placeholder={kind.label}
          autoFocus
          aria-required="true"
          aria-describedby={`${idPrefix}-name-help`}
          onChange={(e) => set('name', e.target.value)}
        />
      </Field>
      <Field id={`${idPrefix}-base-url`} label="Base URL" help={kind.base_url_help || undefined} required>
        <input
          id={`${idPrefix}-base-url`}
          data-field="base_url"
          className="input mono"
          type="url"
          value={values.base_url}
          placeholder={kind.default_base_url}
          aria-required="true"
          aria-describedby={kind.base_url_help ? `${idPrefix}-base-url-help` : undefined}
          spellCheck={false}
          onChange={(e) => set('base_url', e.target.value)}
        />
      </Field>
      {(kind.settings ?? []).map((f) => (
        <SettingInput
          key={f.key}
          field={f}
          id={`${idPrefix}-setting-${f.key}`}
          value={values.settings[f.key] ?? ''}
          onChange={(v) => set('settings', { ...values.settings, [f.key]: v })}
        />
      ))}
      <Field
        id={`${idPrefix}-concurrency`}
        label="Requests in flight"
        help={`How many API requests TrueUp sends at once (default ${kind.default_concurrency}). Lower it if the API reports rate limits.`}
      >
        <input
          id={`${idPrefix}-concurrency`}
          data-field="concurrency"
          className="input num concurrency-input"
          type="number"
          min={1}
          max={32}
          step={1}
          value={values.concurrency}
          aria-describedby={`${idPrefix}-concurrency-help`}
          onChange={(e) => set('concurrency', e.target.value)}
        />
      </Field>
    </>
  );
}
