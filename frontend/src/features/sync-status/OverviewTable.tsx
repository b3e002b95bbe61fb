import type { IntegrationStatus } from '@/api';
import { Tooltip } from '@/components/ui';
import { OverviewRow } from './OverviewRow';
import type { SyncActions } from './useSyncActions';

export function OverviewTable({
  rows,
  selected,
  onSelectionChange,
  onOpenLog,
  onFullSync,
  onSyncFromDate,
  actions,
}: {
  rows: IntegrationStatus[];
  selected: ReadonlySet<number>;
  onSelectionChange: (next: Set<number>) => void;
  onOpenLog: (runId: number) => void;
  onFullSync: (ids: number[]) => void;
  onSyncFromDate: (ids: number[]) => void;
  actions: SyncActions;
}) {
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.integration.id));
  const someSelected = rows.some((r) => selected.has(r.integration.id));

  return (
    <div className="card table-wrap">
      <table className="table overview-table">
        <thead>
          <tr>
            <th className="col-check">
              <input
                type="checkbox"
                className="checkbox"
                aria-label="Select all integrations"
                checked={allSelected}
                ref={(el) => {
                  if (el) el.indeterminate = someSelected && !allSelected;
                }}
                onChange={(e) =>
                  onSelectionChange(
                    e.target.checked ? new Set(rows.map((r) => r.integration.id)) : new Set(),
                  )
                }
              />
            </th>
            <th>Integration</th>
            <th>Latest sync</th>
            <th>Last fetched</th>
            <th className="col-newest">
              <Tooltip content="The newest modified date the source holds, as opposed to when TrueUp last fetched">
                <span className="th-hint">Newest data at source</span>
              </Tooltip>
            </th>
            <th>Cached</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const id = row.integration.id;
            return (
              <OverviewRow
                key={id}
                row={row}
                selected={selected.has(id)}
                onSelect={(on) => {
                  const next = new Set(selected);
                  if (on) next.add(id);
                  else next.delete(id);
                  onSelectionChange(next);
                }}
                onOpenLog={onOpenLog}
                onFullSync={() => onFullSync([id])}
                onSyncFromDate={() => onSyncFromDate([id])}
                actions={actions}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
