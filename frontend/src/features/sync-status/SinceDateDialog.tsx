import { CalendarClock } from 'lucide-react';
import { useId, useState } from 'react';
import { errorMessage, type Integration } from '@/api';
import { Button, Dialog, Field, InlineAlert } from '@/components/ui';
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
  const what = targets.length === 1 ? targets[0]!.name : `${targets.length} integrations`;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!date) {
      setError('Choose the date to sync from.');
      return;
    }
    if (date > today) {
      setError('The date cannot be in the future.');
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
    >
      <form onSubmit={(e) => void submit(e)} className="form" noValidate>
        <Field id={inputId} label="Sync from" help={help} required>
          <input
            id={inputId}
            type="date"
            className="input"
            value={date}
            max={today}
            required
            aria-describedby={`${inputId}-help`}
            onChange={(e) => setDate(e.target.value)}
          />
        </Field>
        {error && <InlineAlert>{error}</InlineAlert>}
        <div className="form__actions">
          <Button variant="ghost" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={busy}>
            Start sync
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
