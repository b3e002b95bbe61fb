import { DatabaseBackup, FilePlus2, TriangleAlert } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { errorMessage } from '@/api';
import type { Recovery } from '@/api/backupTypes';
import { Button, InlineAlert } from '@/components/ui';
import { backupDate } from './format';
import { useRestore, useStartEmpty } from './queries';
import './backups.css';

/**
 * Shown instead of the screens when the own database was found damaged at start. It says
 * what happened and lets the user choose: never a silent restore, never a silent empty start.
 */
export function RecoveryScreen({ recovery, onDone }: { recovery: Recovery; onDone: () => void }) {
  const restore = useRestore();
  const startEmpty = useStartEmpty();
  const busy = restore.isPending || startEmpty.isPending;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const failed = restore.error ?? startEmpty.error;
  const kept = recovery.kept_integrations ?? [];
  const emptyMeans =
    kept.length > 0
      ? `The empty cache keeps your ${kept.length === 1 ? 'integration' : `${kept.length} integrations`} (${kept.join(', ')}, read from ${recovery.kept_from}) with their credentials: run a Full Sync of each.`
      : 'Starting with an empty cache means setting up the integrations again.';

  return (
    <section className="recovery" role="alert" aria-labelledby="recovery-title" data-testid="recovery-screen">
      <h1 className="recovery__title" id="recovery-title" tabIndex={-1} ref={heading}>
        <TriangleAlert size={24} aria-hidden="true" /> TrueUp's database was damaged
      </h1>
      <p className="recovery__text">
        At start, TrueUp found that its database could not be used ({recovery.reason}). Nothing was deleted: the damaged
        file was moved aside to <code className="recovery__path">{recovery.moved_to}</code>.
      </p>
      {recovery.latest ? (
        <p className="recovery__text">
          Restoring the newest good backup, of {backupDate(recovery.latest)}, brings back your integrations, mappings,
          decisions and the activity log as they were then; run a Full Sync afterwards to bring the cached data up to
          date. {emptyMeans}
        </p>
      ) : (
        <p className="recovery__text">
          There is no good backup to restore. Start with an empty cache and run a Full Sync: the cached data is read
          again from the sources. {emptyMeans}
        </p>
      )}
      <div className="recovery__choices">
        {recovery.latest && (
          <Button
            icon={<DatabaseBackup size={16} aria-hidden="true" />}
            loading={restore.isPending}
            disabled={busy}
            onClick={() => restore.mutate('latest', { onSuccess: onDone })}
          >
            Restore backup of {backupDate(recovery.latest)}
          </Button>
        )}
        <Button
          variant={recovery.latest ? 'ghost' : 'primary'}
          icon={<FilePlus2 size={16} aria-hidden="true" />}
          loading={startEmpty.isPending}
          disabled={busy}
          onClick={() => startEmpty.mutate(undefined, { onSuccess: onDone })}
        >
          Start with an empty cache
        </Button>
      </div>
      {failed && <InlineAlert>{errorMessage(failed)}</InlineAlert>}
    </section>
  );
}
