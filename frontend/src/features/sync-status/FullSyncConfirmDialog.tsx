import { useState } from 'react';
import { errorMessage, type Integration } from '@/api';
import { ConfirmDialog } from '@/components/ui';

function describe(targets: Pick<Integration, 'name'>[]): string {
  if (targets.length === 1) return targets[0]!.name;
  return `${targets.length} integrations`;
}

/** Full Sync is slow and API-hungry: explain, then confirm. */
export function FullSyncConfirmDialog({
  targets,
  onConfirm,
  onClose,
}: {
  targets: Pick<Integration, 'id' | 'name'>[];
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const what = describe(targets);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(`Could not start the sync: ${errorMessage(err)}`);
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog
      title={`Full Sync ${what}?`}
      confirmLabel="Start Full Sync"
      busy={busy}
      error={error}
      onConfirm={() => void confirm()}
      onClose={onClose}
      testId="full-sync-confirm"
    >
      <p>
        A Full Sync re-reads everything from {what} instead of only what changed. It is slower
        (minutes to tens of minutes, depending on how much data there is) and uses more API calls.
      </p>
      <p>
        The current cached data stays readable until the new copy is complete; then it is swapped
        in at once. Other integrations are not touched.
      </p>
      {targets.length > 1 && (
        <ul>
          {targets.map((t) => (
            <li key={t.id}>{t.name}</li>
          ))}
        </ul>
      )}
      <p className="muted">Not sure? QuickSync is right for everyday work.</p>
    </ConfirmDialog>
  );
}
