import { Eye, EyeOff } from 'lucide-react';
import { useState } from 'react';
import type { Field as FieldSpec } from '@/api';
import { Field, fieldAria } from '@/components/ui';
import { example } from './IntegrationFields';
import type { FieldErrors } from './validate';

const PREFIX = 'secret:';

/**
 * Password inputs for a kind's secret fields. They are uncontrolled: the values live only
 * in the DOM of the open dialog and are read once, on submit, by readSecrets.
 */
export function SecretFields({
  fields,
  idPrefix,
  errors = {},
}: {
  fields: FieldSpec[];
  idPrefix: string;
  errors?: FieldErrors;
}) {
  return (
    <>
      {fields.map((f) => (
        <SecretInput key={f.key} field={f} id={`${idPrefix}-secret-${f.key}`} error={errors[f.key]} />
      ))}
    </>
  );
}

function SecretInput({ field, id, error }: { field: FieldSpec; id: string; error?: string }) {
  const [shown, setShown] = useState(false);
  return (
    <Field id={id} label={field.label || field.key} help={field.help} error={error} required={field.required}>
      <div className="input-group">
        <input
          id={id}
          data-field={field.key}
          name={`${PREFIX}${field.key}`}
          type={shown ? 'text' : 'password'}
          className="input mono"
          placeholder={example(field.placeholder)}
          autoComplete="off"
          spellCheck={false}
          aria-required={field.required || undefined}
          {...fieldAria(id, { help: field.help, error })}
        />
        <button
          type="button"
          className="icon-btn"
          aria-label={shown ? `Hide ${field.label || field.key}` : `Show ${field.label || field.key}`}
          title={shown ? 'Hide' : 'Show'}
          aria-pressed={shown}
          onClick={() => setShown((v) => !v)}
        >
          {shown ? <EyeOff size={16} aria-hidden="true" /> : <Eye size={16} aria-hidden="true" />}
        </button>
      </div>
    </Field>
  );
}

/** Reads the secret inputs of a form into a map (only non-empty values, trimmed of nothing). */
export function readSecrets(form: HTMLFormElement, fields: FieldSpec[]): Record<string, string> {
  const data = new FormData(form);
  const out: Record<string, string> = {};
  for (const f of fields) {
    const value = data.get(`${PREFIX}${f.key}`);
    if (typeof value === 'string' && value !== '') out[f.key] = value;
  }
  return out;
}
