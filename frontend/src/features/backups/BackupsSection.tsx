import { DatabaseBackup, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { errorMessage } from '@/api';
import type { BackupInfo } from '@/api/backupTypes';
import { Badge, Button, ConfirmDialog, EmptyState, InlineAlert, Spinner, useNotices } from '@/components/ui';
import { backupDate, formatSize, kindLabel } from './format';
import { useBackupNow, useBackups, useRestore } from './queries';
import './backups.css';

/** Settings > Backups: the own database's backups, Back up now, and Restore. */
export function BackupsSection({ demo }: { demo: boolean }) {
  const backups = useBackups();
  const backupNow = useBackupNow();
  const restore = useRestore();
  const notices = useNotices();
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);

  const list = backups.data ?? [];
  return (
    <section className="section backups" aria-labelledby="backups-title">
      <div className="section__header">
        <h2 className="section__title" id="backups-title">
          Backups
        </h2>
        <Button
          icon={<DatabaseBackup size={16} aria-hidden="true" />}
          onClick={() =>
            backupNow.mutate(undefined, {
              onSuccess: (b) => notices.success(`Backed up (${formatSize(b.size)}).`),
            })
          }
          loading={backupNow.isPending}
          disabled={demo}
          title={demo ? 'Switch to your own workspace to back it up' : undefined}
        >
          Back up now
        </Button>
      </div>
      <p className="backups__about">
        TrueUp backs up its database once a day and before every update of its format, into the{' '}
        <code>backups</code> folder of the data folder, and keeps the last 7 daily and 4 weekly copies. Backups hold your
        integrations, mappings, decisions and the activity log, never credentials (those stay in the OS keychain).
      </p>
      {backupNow.isError && <InlineAlert>Could not back up: {errorMessage(backupNow.error)}</InlineAlert>}
      {backups.isPending && (
        <div className="loading">
          <Spinner size={18} /> Reading the backups…
        </div>
      )}
      {backups.isError && <InlineAlert>Could not read the backups: {errorMessage(backups.error)}</InlineAlert>}
      {backups.data && list.length === 0 && (
        <EmptyState icon={<DatabaseBackup size={22} />} title="No backups yet">
          The first one is taken today; Back up now takes one at once.
        </EmptyState>
      )}
      {list.length > 0 && (
        <table className="table backups__table">
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Check</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.name} data-testid="backup-row" data-name={b.name}>
                <td title={b.name}>{backupDate(b)}</td>
                <td>{kindLabel(b.kind)}</td>
                <td className="num">{formatSize(b.size)}</td>
                <td>
                  {b.integrity_ok ? (
                    <Badge tone="success">OK</Badge>
                  ) : (
                    <Badge tone="danger" title={b.problem}>
                      Damaged
                    </Badge>
                  )}
                </td>
                <td className="backups__actions">
                  <Button
                    variant="ghost"
                    icon={<RotateCcw size={16} aria-hidden="true" />}
                    disabled={!b.integrity_ok}
                    onClick={() => setRestoring(b)}
                    aria-label={`Restore the backup of ${backupDate(b)}`}
                  >
                    Restore…
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restoring && (
        <ConfirmDialog
          title={`Restore the backup of ${backupDate(restoring)}?`}
          confirmLabel="Restore"
          tone="danger"
          busy={restore.isPending}
          error={restore.isError ? errorMessage(restore.error) : null}
          testId="restore-dialog"
          onClose={() => {
            restore.reset();
            setRestoring(null);
          }}
          onConfirm={() =>
            restore.mutate(
              { name: restoring.name },
              {
                onSuccess: () => {
                  setRestoring(null);
                  notices.success(
                    `Restored the backup of ${backupDate(restoring)}. Run a Full Sync to bring the cached data up to date.`,
                  );
                },
              },
            )
          }
        >
          Integrations, mappings, decisions and the activity log go back to how they were then. The current database
          is kept as a backup first, so you can undo this by restoring that one. Run a Full Sync afterwards to bring the
          cached data up to date.
        </ConfirmDialog>
      )}
    </section>
  );
}
