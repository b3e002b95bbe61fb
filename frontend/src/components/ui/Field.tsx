import { CircleAlert, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import './ui.css';

/**
 * A labelled form control with optional help text and its error right below it; a warning
 * says what saving this value will do (it is not an error: the value is accepted). Give
 * the control fieldAria(id, ...) so help, error and warning are announced with it.
 */
export function Field({
  id,
  label,
  help,
  error,
  warning,
  required,
  children,
}: {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string;
  warning?: string;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {required && (
          <span className="field__required" aria-hidden="true">
            {' '}*
          </span>
        )}
      </label>
      {children}
      {error && (
        <p className="field__error" id={`${id}-error`} data-error-for={id}>
          <CircleAlert size={14} aria-hidden="true" />
          <span>{error}</span>
        </p>
      )}
      {warning && (
        <p className="field__warning" id={`${id}-warning`} data-warning-for={id} role="status">
          <TriangleAlert size={14} aria-hidden="true" />
          <span>{warning}</span>
        </p>
      )}
      {help && (
        <p className="field__help" id={`${id}-help`}>
          {help}
        </p>
      )}
    </div>
  );
}

/** aria-describedby / aria-invalid for the control of a Field. */
export function fieldAria(id: string, opts: { help?: unknown; error?: string; warning?: string }) {
  const ids = [opts.error ? `${id}-error` : '', opts.warning ? `${id}-warning` : '', opts.help ? `${id}-help` : ''].filter(Boolean);
  return {
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
    'aria-invalid': opts.error ? (true as const) : undefined,
  };
}
