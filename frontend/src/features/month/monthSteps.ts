// The guided month's steps, in order (issue 7 section 7). Where the user is comes from the
// backend (MonthProgress.step); this file only names the steps and says which are behind.
import { MONTH_STEPS, isMonthStep, type MonthStep } from '@/api/ledgerTypes';

export interface StepInfo {
  id: MonthStep;
  title: string;
  /** One line under the title in the stepper. */
  summary: string;
  optional?: boolean;
}

export const STEPS: readonly StepInfo[] = [
  { id: 'mapping', title: 'Map accounts and products', summary: 'Unmapped items make no cards' },
  { id: 'sync', title: 'Sync', summary: 'Full PSA sync, Quick Sync every vendor' },
  { id: 'review', title: 'Review cards', summary: 'Approve, dismiss or review each change' },
  { id: 'costs', title: 'Reconcile costs', summary: 'Vendor cost against the catalog', optional: true },
  { id: 'sanity', title: 'Sanity check', summary: 'Increases, open New Revenue, totals' },
  { id: 'done', title: 'Done', summary: 'What was pushed this month' },
];

export type StepStatus = 'done' | 'current' | 'upcoming';

/** The step the backend says the user is on; the first one for anything unknown. */
export function currentStep(step: string): MonthStep {
  return isMonthStep(step) ? step : 'mapping';
}

export function stepStatus(step: MonthStep, current: MonthStep): StepStatus {
  const a = MONTH_STEPS.indexOf(step);
  const b = MONTH_STEPS.indexOf(current);
  if (a < b || (current === 'done' && step === 'done')) return 'done';
  return a === b ? 'current' : 'upcoming';
}

export function nextStep(step: MonthStep): MonthStep {
  const i = MONTH_STEPS.indexOf(step);
  return MONTH_STEPS[Math.min(i + 1, MONTH_STEPS.length - 1)]!;
}

export function stepIndex(step: MonthStep): number {
  return MONTH_STEPS.indexOf(step);
}
