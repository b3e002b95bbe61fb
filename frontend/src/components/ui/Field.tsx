import type { ReactNode } from 'react';
import './ui.css';

/** A labelled form control with optional help text (linked by aria-describedby). */
export function Field({
  id,
  label,
  help,
  required,
  children,
}: {
  id: string;
  label: string;
  help?: ReactNode;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
        {required && (
          <span className="field__required" aria-hidden="true">
            {' '}*
          </span>
        )}
      </label>
      {children}
      {help && (
        <p className="field__help" id={`${id}-help`}>
          {help}
        </p>
      )}
    </div>
  );
}
