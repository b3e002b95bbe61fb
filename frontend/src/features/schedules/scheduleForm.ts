// The schedule form's values and how they map to and from the backend's rows. The
// backend decides due times, labels and recommendations; this only edits the fields.
import type { SelectOption } from '@/components/ui';
import type { Cadence, ScheduleInput, ScheduleRow } from '@/api/scheduleTypes';

export interface ScheduleForm {
  cadence: Cadence;
  /** mon..sun */
  weekday: string;
  /** 1..31, as text for the select */
  day: string;
  mode: 'quick' | 'full';
  fullFirstOfMonth: boolean;
}

export const CADENCE_OPTIONS: SelectOption[] = [
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Day of the month' },
  { value: 'nightly', label: 'Nightly' },
  { value: 'off', label: 'Off' },
];

export const WEEKDAY_OPTIONS: SelectOption[] = [
  { value: 'mon', label: 'Monday' },
  { value: 'tue', label: 'Tuesday' },
  { value: 'wed', label: 'Wednesday' },
  { value: 'thu', label: 'Thursday' },
  { value: 'fri', label: 'Friday' },
  { value: 'sat', label: 'Saturday' },
  { value: 'sun', label: 'Sunday' },
];

export const DAY_OPTIONS: SelectOption[] = Array.from({ length: 31 }, (_, i) => ({
  value: String(i + 1),
  label: String(i + 1),
  hint: i + 1 > 28 ? 'short months: their last day' : undefined,
}));

export const MODE_OPTIONS: SelectOption[] = [
  { value: 'quick', label: 'QuickSync' },
  { value: 'full', label: 'Full Sync' },
];

/** The cadence word of a row's cadence text ("weekly tue" -> weekly). */
export function cadenceOf(row: ScheduleRow): Cadence {
  const word = row.cadence.split(' ')[0];
  return word === 'monthly' || word === 'nightly' || word === 'off' ? word : 'weekly';
}

export function formFromRow(row: ScheduleRow): ScheduleForm {
  return {
    cadence: cadenceOf(row),
    weekday: row.weekday || 'mon',
    day: row.day > 0 ? String(row.day) : '5',
    mode: row.mode === 'full' ? 'full' : 'quick',
    fullFirstOfMonth: row.full_first_of_month,
  };
}

export function inputFromForm(form: ScheduleForm, row: ScheduleRow): ScheduleInput {
  const target = row.integration_id ? { integration_id: row.integration_id, stream: '' } : { integration_id: 0, stream: row.stream };
  return {
    ...target,
    cadence: form.cadence,
    weekday: form.cadence === 'weekly' ? form.weekday : '',
    day: form.cadence === 'monthly' ? Number(form.day) : 0,
    mode: form.mode,
    full_first_of_month: form.cadence !== 'off' && form.fullFirstOfMonth,
  };
}

export function sameForm(a: ScheduleForm, b: ScheduleForm): boolean {
  return (
    a.cadence === b.cadence &&
    a.mode === b.mode &&
    a.fullFirstOfMonth === b.fullFirstOfMonth &&
    (a.cadence !== 'weekly' || a.weekday === b.weekday) &&
    (a.cadence !== 'monthly' || a.day === b.day)
  );
}

/** What a row schedules: a stream, or one integration. */
export function rowTitle(row: ScheduleRow): string {
  if (row.integration) return row.integration;
  return row.stream === 'vendors' ? 'All vendors' : 'All PSAs';
}

/** Where an integration's schedule comes from, when not its own. */
export function sourceNote(row: ScheduleRow): string {
  if (!row.integration_id) {
    return row.stream === 'vendors'
      ? 'Every vendor integration without a schedule of its own.'
      : 'Every PSA integration without a schedule of its own.';
  }
  switch (row.source) {
    case 'stream':
      return row.stream === 'vendors' ? 'Follows the vendors schedule.' : 'Follows the PSA schedule.';
    case 'default':
      return 'Default: weekly on the weekday it was added.';
    default:
      return 'Its own schedule.';
  }
}

/** The arrears advice (5th or 6th) applies to a vendor row that is not already on one. */
export function showRecommendation(row: ScheduleRow, form: ScheduleForm): boolean {
  return row.recommendation !== '' && !(form.cadence === 'monthly' && (form.day === '5' || form.day === '6'));
}

/** A stream without a stored schedule: an editor row that saves one (nothing is due on it). */
export function unsetStream(stream: 'psa' | 'vendors', recommendation: string): ScheduleRow {
  return {
    integration_id: 0,
    integration: '',
    stream,
    source: '',
    cadence: '',
    weekday: '',
    day: 0,
    mode: 'quick',
    full_first_of_month: false,
    description: '',
    next_runs: [],
    next_run_labels: [],
    last_run_at: '',
    last_due_at: '',
    missed: [],
    recommendation,
  };
}

/** A stream row that has no stored schedule yet. */
export function isUnset(row: ScheduleRow): boolean {
  return row.cadence === '';
}
