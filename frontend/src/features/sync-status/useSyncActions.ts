import { useCancelRun, useRetryRun, useStartSync, useSyncAll, type SyncMode } from '@/api';
import { useNotices } from '@/components/ui';

/** Sync actions with their error notices ("Could not start the sync: ..."). */
export function useSyncActions() {
  const notices = useNotices();
  const syncAll = useSyncAll();
  const start = useStartSync();
  const cancel = useCancelRun();
  const retry = useRetryRun();

  return {
    quickSyncAll() {
      syncAll.mutate(
        { scope: 'all', mode: 'quick' },
        { onError: (err) => notices.error('Could not start the sync', err) },
      );
    },
    quickSyncAllPending: syncAll.isPending,

    /** Starts runs; rejects so dialogs can show the error inline. */
    startAsync(ids: number[], mode: SyncMode, since = '') {
      return start.mutateAsync({ integration_ids: ids, mode, since: mode === 'since' ? since : '' });
    },
    /** Starts runs from a row button; errors become a notice. */
    start(ids: number[], mode: SyncMode) {
      start.mutate(
        { integration_ids: ids, mode, since: '' },
        { onError: (err) => notices.error('Could not start the sync', err) },
      );
    },
    /** The integration ids and mode of a start call in flight. */
    startPending: start.isPending ? start.variables : undefined,

    cancel(runId: number) {
      cancel.mutate(runId, { onError: (err) => notices.error('Could not cancel the sync', err) });
    },
    cancelPendingId: cancel.isPending ? cancel.variables : undefined,

    retry(runId: number) {
      retry.mutate(runId, { onError: (err) => notices.error('Could not retry the sync', err) });
    },
    retryPendingId: retry.isPending ? retry.variables : undefined,
  };
}

export type SyncActions = ReturnType<typeof useSyncActions>;
