import { Ban, CalendarClock, Layers, RefreshCw, RotateCcw } from 'lucide-react';
import type { IntegrationStatus } from '@/api';
import { RolePill } from '@/components/RolePill';
import { Button, MenuButton, RelativeTime, Tooltip } from '@/components/ui';
import { kindCaption } from '@/lib/format';
import { cacheSummary, NOTHING_NEW, RETRYABLE } from '@/lib/sync';
import { ImportFileButton } from '@/features/file-import/ImportFileButton';
import { RunStateCell } from './RunStateCell';
import type { SyncActions } from './useSyncActions';


export interface OverviewRowProps {
  row: IntegrationStatus;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onOpenLog: (runId: number) => void;
  onFullSync: () => void;
  onSyncFromDate: () => void;
  actions: SyncActions;
}

export function OverviewRow({
  row,
  selected,
  onSelect,
  onOpenLog,
  onFullSync,
  onSyncFromDate,
  actions,
}: OverviewRowProps) {
  const { integration, latest_run: run } = row;
  const id = integration.id;
  const canRetry = !!run && (run.stuck || RETRYABLE.has(run.status));
  const pending = actions.startPending?.integration_ids.includes(id) ? actions.startPending.mode : null;
  const isFileImport = integration.kind === 'csv';
  const busyTitle = row.busy ? 'A sync of this integration is already queued or running' : undefined;

  return (
    <tr
      data-testid="integration-row"
      data-name={integration.name}
      data-busy={row.busy || undefined}
      className={selected ? 'is-selected' : undefined}
    >
      <td className="col-check">
        <input
          type="checkbox"
          className="checkbox"
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
          aria-label={`Select ${integration.name}`}
        />
      </td>
      <td>
        <div className="integration-cell">
          <span className="integration-cell__name">{integration.name}</span>
          <span className="integration-cell__kind">
            {kindCaption(integration.name, integration.kind_label)} <RolePill role={integration.role} />
          </span>
          {row.sign_in_warning && (
            <p className="cell-note run-state__note--warning" data-testid="sign-in-warning">
              {row.sign_in_warning}
            </p>
          )}
          {row.file_name && (
            <span className="integration-cell__kind" data-testid="import-file-facts">
              {row.file_name} · {row.file_rows} rows · imported <RelativeTime value={row.imported_at} />
            </span>
          )}
        </div>
      </td>
      <td className="col-state">
        <RunStateCell run={run} onOpenLog={onOpenLog} />
        {row.push_note && (
          <p className="run-state__note run-state__note--warning" data-testid="push-note">
            {row.push_note}
          </p>
        )}
      </td>
      <td>
        <RelativeTime value={row.last_fetched_at} fallback="Never synced" />
        {row.next_run_label && (
          <p className="cell-note" data-testid="next-run">
            Next: {row.next_run_label}
          </p>
        )}
      </td>
      <td>
        <RelativeTime value={row.newest_source_at} fallback="No data yet" />
        {run?.nothing_new && (
          <Tooltip content="The sync succeeded; the source had no newer data. Vendors such as Pax8 publish some data only at certain times of the month.">
            <p className="cell-note">{NOTHING_NEW}</p>
          </Tooltip>
        )}
      </td>
      <td className="num cache-cell">
        <ul className="cache-list" aria-label={cacheSummary(row.counts, integration.role)}>
          {cacheSummary(row.counts, integration.role)
            .split(' · ')
            .map((part) => (
              <li key={part}>{part}</li>
            ))}
        </ul>
      </td>
      <td className="col-actions">
        <div className="row-actions">
          {/* A file import has nothing to sync: it offers the file dialog instead. */}
          {isFileImport ? (
            <ImportFileButton integrationId={id} integrationName={integration.name} disabled={row.busy} />
          ) : (
            <>
              <Button
                size="sm"
                icon={<RefreshCw size={14} aria-hidden="true" />}
                onClick={() => actions.start([id], 'quick')}
                disabled={row.busy}
                loading={pending === 'quick'}
                title={busyTitle ?? `Pull what changed at ${integration.name} since the last sync`}
              >
                QuickSync
              </Button>
              <MenuButton
                label="More"
                ariaLabel={`More syncs of ${integration.name}`}
                size="sm"
                variant="ghost"
                disabled={row.busy}
                loading={pending === 'full' || pending === 'since'}
                items={[
                  {
                    key: 'full',
                    label: 'Full Sync…',
                    description: `Re-read everything from ${integration.name}: slower, more API calls`,
                    icon: <Layers size={16} />,
                    onSelect: onFullSync,
                  },
                  {
                    key: 'since',
                    label: 'Sync from date…',
                    description: 'Pull what changed since a date you choose',
                    icon: <CalendarClock size={16} />,
                    onSelect: onSyncFromDate,
                  },
                ]}
              />
            </>
          )}
          {row.busy && run && (
            <Button
              size="sm"
              variant="ghost"
              icon={<Ban size={14} aria-hidden="true" />}
              onClick={() => actions.cancel(run.id)}
              loading={actions.cancelPendingId === run.id}
              title="Stop this sync; nothing it read is stored"
            >
              Cancel
            </Button>
          )}
          {canRetry && run && (
            <Button
              size="sm"
              variant={run.stuck ? 'primary' : 'secondary'}
              icon={<RotateCcw size={14} aria-hidden="true" />}
              onClick={() => actions.retry(run.id)}
              loading={actions.retryPendingId === run.id}
              title="Run this sync again with the same mode"
            >
              Retry
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
}
