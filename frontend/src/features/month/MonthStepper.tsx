import { Check } from 'lucide-react';
import type { MonthStep } from '@/api/ledgerTypes';
import { STEPS, stepStatus } from './monthSteps';

/**
 * The month's steps with each one's status. Steps behind the current one can be opened
 * again (the backend then remembers that step); steps ahead are reached with Next.
 */
export function MonthStepper({
  current,
  onOpen,
  disabled,
}: {
  current: MonthStep;
  onOpen: (step: MonthStep) => void;
  disabled?: boolean;
}) {
  return (
    <nav aria-label="Steps of the month">
      <ol className="stepper">
        {STEPS.map((s, i) => {
          const status = stepStatus(s.id, current);
          const label = (
            <>
              <span className={`stepper__mark stepper__mark--${status}`} aria-hidden="true">
                {status === 'done' ? <Check size={14} /> : i + 1}
              </span>
              <span className="stepper__text">
                <span className="stepper__title">
                  {s.title}
                  {s.optional && <span className="stepper__optional"> · optional</span>}
                </span>
                <span className="stepper__summary">{s.summary}</span>
                <span className="visually-hidden">
                  {status === 'done' ? ' (done)' : status === 'current' ? ' (current step)' : ' (not started)'}
                </span>
              </span>
            </>
          );
          return (
            <li
              key={s.id}
              className={`stepper__item stepper__item--${status}`}
              data-testid="month-step"
              data-step={s.id}
              data-status={status}
              aria-current={status === 'current' ? 'step' : undefined}
            >
              {status === 'done' && s.id !== current ? (
                <button type="button" className="stepper__button" onClick={() => onOpen(s.id)} disabled={disabled}>
                  {label}
                </button>
              ) : (
                <div className="stepper__button stepper__button--static">{label}</div>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
