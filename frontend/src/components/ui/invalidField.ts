/**
 * Marks the input a validation error names (by its data-field attribute) as invalid and
 * moves the focus there, so the user sees at once what to fix; clears earlier marks.
 * Returns whether an input was found.
 */
export function flagInvalidField(form: HTMLFormElement | null, field: string | undefined): boolean {
  if (!form) return false;
  for (const el of form.querySelectorAll('[data-field][aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  if (!field) return false;
  const input = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`);
  if (!input) return false;
  input.setAttribute('aria-invalid', 'true');
  input.focus();
  return true;
}
