import type { KindInfo } from '@/api';
import type { IntegrationFormValues } from './IntegrationFields';

/** Field key → what is wrong with it, for every field at once. */
export type FieldErrors = Record<string, string>;

/**
 * Checks what can be checked without the backend, so the form shows every problem at
 * once next to its field; the backend still validates everything (https, reachability).
 * secrets holds the secret fields' values only for this check, never kept.
 */
export function validateIntegration(
  kind: KindInfo,
  values: IntegrationFormValues,
  secrets?: Record<string, string>,
): FieldErrors {
  const errors: FieldErrors = {};
  if (values.name.trim() === '') errors.name = 'Enter a name for this integration.';
  const url = values.base_url.trim();
  if (kind.no_server) {
    // A file import has no server: there is no base URL to check.
  } else if (url === '') {
    errors.base_url = 'Enter the base URL of the API.';
  } else if (!/^https?:\/\/[^\s/]+/i.test(url)) {
    errors.base_url = 'Enter a full URL starting with https://.';
  }
  for (const f of kind.settings ?? []) {
    if (f.required && (values.settings[f.key] ?? '').trim() === '') {
      errors[f.key] = `Enter the ${f.label || f.key}.`;
    }
  }
  if (values.concurrency.trim() !== '') {
    const n = Number(values.concurrency);
    if (!Number.isInteger(n) || n < 1 || n > 32) errors.concurrency = 'Enter a whole number from 1 to 32.';
  }
  if (secrets) {
    for (const f of kind.secrets ?? []) {
      if (f.required && !secrets[f.key]) errors[f.key] = `Enter the ${f.label || f.key}.`;
    }
  }
  return errors;
}

/** Focuses the first control of the form marked invalid (in page order). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/** The user typed in a field: its error is out of date. */
export function withoutError(errors: FieldErrors, field: string | undefined): FieldErrors {
  if (!field || !(field in errors)) return errors;
  const next = { ...errors };
  delete next[field];
  return next;
}

/**
 * Where a rejected submit's message goes: next to the field the backend names when the
 * form has it, else in the alert below the form (prefixed with what failed).
 */
export function placeBackendError(
  form: HTMLFormElement | null,
  field: string | undefined,
  message: string,
): { field: string; message: string } | null {
  if (!form || !field) return null;
  return form.querySelector(`[data-field="${CSS.escape(field)}"]`) ? { field, message } : null;
}
