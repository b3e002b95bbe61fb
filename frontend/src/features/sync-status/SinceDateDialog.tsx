import { CalendarClock } from 'lucide-react';
import { useId, useState } from 'react';
import { errorMessage, type Integration } from '@/api';
import { Button, Dialog, Field, InlineAlert, fieldAria } from '@/components/ui';
import { formatDay, toDateInput } from '@/lib/time';

/** "Sync from date…": a date defaulting to the last successful sync, at most today. */
export function SinceDateDialog({
  targets,
  defaultSince,
  onSubmit,
  onClose,
}: {
  targets: Pick<Integration, 'id' | 'name'>[];
  defaultSince: string;
  onSubmit: (since: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const inputId = useId();
  const today = toDateInput(new Date());
  const [date, setDate] = useState(defaultSince && defaultSince <= today ? defaultSince : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | undefined>();
  const formId = `${inputId}-form`;
  const what = targets.length === 1 ? targets[0]!.name : `${targets.length} integrations`;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const problem = !date ? 'Choose the date to sync from.' : date > today ? 'Choose today or an earlier date.' : undefined;
    setDateError(problem);
    if (problem) {
      document.getElementById(inputId)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(date);
      onClose();
    } catch (err) {
      setError(`Could not start the sync: ${errorMessage(err)}`);
      setBusy(false);
    }
  }

  const help = defaultSince
    ? `Defaults to the last successful sync (${formatDay(defaultSince)}).`
    : 'There is no successful sync yet: choose a date.';

  return (
    <Dialog
      title="Sync from date"
      description={`Pull what changed at ${what} on or after a date.`}
      leading={<CalendarClock size={20} aria-hidden="true" className="muted" />}
      onClose={onClose}
      size="sm"
      testId="since-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={busy}>
            Start sync
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={(e) => void submit(e)} className="form" noValidate>
        <Field id={inputId} label="Sync from" help={help} error={dateError} required>
          <input
            id={inputId}
            type="date"
            className="input"
            value={date}
            max={today}
            required
            {...fieldAria(inputId, { help, error: dateError })}
            onChange={(e) => {
              setDate(e.target.value);
              setDateError(undefined);
            }}
          />
        </Field>
        {error && <InlineAlert>{error}</InlineAlert>}
      </form>
    </Dialog>
  );
}
