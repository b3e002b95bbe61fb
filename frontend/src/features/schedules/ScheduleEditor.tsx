import { Save } from 'lucide-react';
import { useEffect, useState } from 'react';
import { errorMessage } from '@/api';
import type { Cadence, ScheduleRow } from '@/api/scheduleTypes';
import { Badge, Button, Checkbox, InlineAlert, Select, useNotices } from '@/components/ui';
import { useSetSchedule } from './queries';
import {
  CADENCE_OPTIONS,
  DAY_OPTIONS,
  formFromRow,
  inputFromForm,
  isUnset,
  MODE_OPTIONS,
  rowTitle,
  sameForm,
  showRecommendation,
  sourceNote,
  WEEKDAY_OPTIONS,
  type ScheduleForm,
} from './scheduleForm';

/** One schedule (a stream's or an integration's): its fields, Save, and its next run. */
export function ScheduleEditor({ row, disabled }: { row: ScheduleRow; disabled?: boolean }) {
  const saved = formFromRow(row);
  const [form, setForm] = useState<ScheduleForm>(saved);
  const setSchedule = useSetSchedule();
  const notices = useNotices();
  // A save (or another screen) changed the row: show what is stored now.
  const savedKey = JSON.stringify(saved);
  useEffect(() => setForm(JSON.parse(savedKey) as ScheduleForm), [savedKey]);

  const title = rowTitle(row);
  const key = row.integration_id ? `i${row.integration_id}` : `s${row.stream}`;
  const id = (field: string) => `schedule-${key}-${field}`;
  const unset = isUnset(row);
  const dirty = unset || !sameForm(form, saved);
  const set = <K extends keyof ScheduleForm>(k: K, v: ScheduleForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  return (
    <fieldset className="schedule-row" data-testid="schedule-row" data-name={title} disabled={disabled}>
      <legend className="schedule-row__title">
        {title}
        {row.integration_id ? (
          <Badge tone="neutral" className="schedule-row__stream">
            {row.stream === 'vendors' ? 'Vendor' : 'PSA'}
          </Badge>
        ) : null}
      </legend>
      <p className="schedule-row__source">{sourceNote(row)}</p>
      <div className="schedule-row__fields">
        <div className="schedule-field">
          <label htmlFor={id('cadence')}>Runs</label>
          <Select
            id={id('cadence')}
            ariaLabel={`${title}: runs`}
            value={form.cadence}
            options={CADENCE_OPTIONS}
            onChange={(v) => set('cadence', v as Cadence)}
          />
        </div>
        {form.cadence === 'weekly' && (
          <div className="schedule-field">
            <label htmlFor={id('weekday')}>On</label>
            <Select
              id={id('weekday')}
              ariaLabel={`${title}: weekday`}
              value={form.weekday}
              options={WEEKDAY_OPTIONS}
              onChange={(v) => set('weekday', v)}
            />
          </div>
        )}
        {form.cadence === 'monthly' && (
          <div className="schedule-field">
            <label htmlFor={id('day')}>Day</label>
            <Select
              id={id('day')}
              ariaLabel={`${title}: day of the month`}
              value={form.day}
              options={DAY_OPTIONS}
              onChange={(v) => set('day', v)}
            />
          </div>
        )}
        {form.cadence !== 'off' && (
          <>
            <div className="schedule-field">
              <label htmlFor={id('mode')}>Mode</label>
              <Select
                id={id('mode')}
                ariaLabel={`${title}: mode`}
                value={form.mode}
                options={MODE_OPTIONS}
                onChange={(v) => set('mode', v === 'full' ? 'full' : 'quick')}
              />
            </div>
            <div className="schedule-field schedule-field--check">
              <Checkbox
                id={id('full-first')}
                label={`${title}: Full Sync on the first run of each month`}
                checked={form.fullFirstOfMonth}
                disabled={form.mode === 'full'}
                onChange={(v) => set('fullFirstOfMonth', v)}
              />
              <label htmlFor={id('full-first')}>Full Sync on the first run of each month</label>
            </div>
          </>
        )}
        <Button
          icon={<Save size={16} aria-hidden="true" />}
          disabled={!dirty || disabled}
          loading={setSchedule.isPending}
          aria-label={`Save the schedule of ${title}`}
          onClick={() =>
            setSchedule.mutate(inputFromForm(form, row), {
              onSuccess: () => notices.success(`Schedule of ${title} saved.`),
            })
          }
        >
          Save
        </Button>
      </div>
      <p className="schedule-row__next" data-testid="schedule-next">
        {unset
          ? 'Not set: each integration runs on its own schedule, or weekly on the weekday it was added.'
          : cadenceNext(form.cadence, dirty, row)}
      </p>
      {row.missed.length > 0 && (
        <p className="schedule-row__missed">
          Missed {row.missed.length === 1 ? 'one run' : `${row.missed.length} runs`} while TrueUp was closed: the latest runs
          once at the next launch (or from the OS task).
        </p>
      )}
      {showRecommendation(row, form) && <p className="schedule-row__advice">{row.recommendation}</p>}
      {setSchedule.isError && <InlineAlert>Could not save: {errorMessage(setSchedule.error)}</InlineAlert>}
    </fieldset>
  );
}

function cadenceNext(cadence: Cadence, dirty: boolean, row: ScheduleRow): string {
  if (dirty) return 'Save to see the next run.';
  if (cadence === 'off' || row.next_run_labels.length === 0) return 'Does not sync on its own.';
  return `Next run: ${row.next_run_labels[0]}`;
}
