import { Plug, RefreshCw, Zap } from 'lucide-react';
import { useMemo, useState } from 'react';
import { errorMessage, isActiveStatus, useStatus, type IntegrationStatus } from '@/api';
import { useNavigation } from '@/app/navigation';
import { useStartupViewCapture } from '@/app/startupView';
import { Button, EmptyState, InlineAlert, PageHeader, RelativeTime, Spinner } from '@/components/ui';
import { MonthHomeCard } from '@/features/month/MonthEntry';
import { ActivitiesTable } from './ActivitiesTable';
import { FullSyncConfirmDialog } from './FullSyncConfirmDialog';
import { OverviewTable } from './OverviewTable';
import { RunLogDialog } from './RunLogDialog';
import { SinceDateDialog } from './SinceDateDialog';
import { SyncSelectedMenu } from './SyncSelectedMenu';
import { useSyncActions } from './useSyncActions';

/** The earliest non-empty default_since of the chosen integrations (reads the most). */
function earliestSince(rows: IntegrationStatus[]): string {
  const dates = rows.map((r) => r.default_since).filter(Boolean).sort();
  return dates[0] ?? '';
}

export function SyncStatusPage() {
  const status = useStatus();
  const actions = useSyncActions();
  const { navigate, runId } = useNavigation();
  const [selection, setSelection] = useState<Set<number>>(new Set());
  // An inbox notice opens the page with its run's log open.
  const [logRunId, setLogRunId] = useState<number | null>(runId);
  const [fullIds, setFullIds] = useState<number[] | null>(null);
  const [sinceIds, setSinceIds] = useState<number[] | null>(null);

  const rows = useMemo(() => status.data?.integrations ?? [], [status.data]);
  const recent = status.data?.recent ?? [];
  const byId = useMemo(() => new Map(rows.map((r) => [r.integration.id, r])), [rows]);
  const selectedIds = rows.map((r) => r.integration.id).filter((id) => selection.has(id));
  const pick = (ids: number[]) => ids.map((id) => byId.get(id)).filter((r): r is IntegrationStatus => !!r);

  // The screen the next launch paints before its code runs: the rows in, nothing going.
  // Keyed by the data itself: a poll that answers the same keeps the same object (React
  // Query's structural sharing), so an unchanged screen is not serialised every 30 s.
  const settled = status.isSuccess && rows.length > 0 && !rows.some((r) => r.latest_run && isActiveStatus(r.latest_run.status));
  useStartupViewCapture(settled && selection.size === 0 && logRunId === null, status.data);

  const logFallback =
    logRunId === null
      ? undefined
      : (recent.find((r) => r.id === logRunId) ??
        rows.find((r) => r.latest_run?.id === logRunId)?.latest_run);

  return (
    <>
      <PageHeader
        title="Sync Status"
        description="When TrueUp last fetched each integration, what the source holds, and the latest runs."
        actions={
          <>
            <Button
              variant="ghost"
              icon={<RefreshCw size={16} aria-hidden="true" className={status.isFetching ? 'spin' : undefined} />}
              onClick={() => void status.refetch()}
              aria-label="Refresh the status"
              title="Refresh the status"
            />
            {selectedIds.length > 0 && (
              <SyncSelectedMenu
                count={selectedIds.length}
                loading={!!actions.startPending && actions.startPending.integration_ids.length > 1}
                onQuick={() => actions.start(selectedIds, 'quick')}
                onFull={() => setFullIds(selectedIds)}
                onSince={() => setSinceIds(selectedIds)}
              />
            )}
            <Button
              variant="primary"
              icon={<Zap size={16} aria-hidden="true" />}
              onClick={() => actions.quickSyncAll()}
              loading={actions.quickSyncAllPending}
              disabled={rows.length === 0}
              title="QuickSync every integration: PSA first, then vendors"
            >
              Quick Sync All
            </Button>
          </>
        }
      />

      {rows.length > 0 && <MonthHomeCard />}

      {status.isPending && (
        <div className="loading">
          <Spinner size={18} /> Loading the sync status…
        </div>
      )}
      {status.isError && !status.data && (
        <InlineAlert>Could not load the sync status: {errorMessage(status.error)}</InlineAlert>
      )}

      {status.data && (
        <>
          <section className="section" aria-labelledby="overview-title">
            <div className="section__header">
              <h2 className="section__title" id="overview-title">
                Sync Status Overview
              </h2>
              <span className="section__meta">
                <RelativeTime value={status.data.generated_at} prefix="Updated " />
              </span>
            </div>
            {rows.length === 0 ? (
              <EmptyState
                icon={<Plug size={22} />}
                title="No integrations to sync"
                actions={
                  <Button variant="primary" onClick={() => navigate('integrations')}>
                    Go to Integrations
                  </Button>
                }
              >
                Connect your PSA and your vendors first; their syncs show up here.
              </EmptyState>
            ) : (
              <OverviewTable
                rows={rows}
                selected={selection}
                onSelectionChange={setSelection}
                onOpenLog={setLogRunId}
                onFullSync={setFullIds}
                onSyncFromDate={setSinceIds}
                actions={actions}
              />
            )}
          </section>

          <section className="section" aria-labelledby="activities-title">
            <div className="section__header">
              <h2 className="section__title" id="activities-title">
                Sync Activities
              </h2>
              <span className="section__meta">The 10 most recent syncs</span>
            </div>
            <ActivitiesTable runs={recent} onOpenLog={setLogRunId} />
          </section>
        </>
      )}

      {logRunId !== null && (
        <RunLogDialog
          runId={logRunId}
          fallback={logFallback}
          actions={actions}
          onClose={() => setLogRunId(null)}
        />
      )}
      {fullIds && (
        <FullSyncConfirmDialog
          targets={pick(fullIds).map((r) => r.integration)}
          onConfirm={() => actions.startAsync(fullIds, 'full')}
          onClose={() => setFullIds(null)}
        />
      )}
      {sinceIds && (
        <SinceDateDialog
          targets={pick(sinceIds).map((r) => r.integration)}
          defaultSince={earliestSince(pick(sinceIds))}
          onSubmit={(since) => actions.startAsync(sinceIds, 'since', since)}
          onClose={() => setSinceIds(null)}
        />
      )}
    </>
  );
}
