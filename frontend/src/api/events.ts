// Keeps the query cache in step with backend events. Wails does not replay events to late
// subscribers, so the status snapshot carries the newest sequence number it includes and
// any gap triggers a re-read; "workspace:changed" re-reads everything.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from './client';
import { queryKeys } from './queryKeys';
import type { Run, StatusSnapshot, SyncEvent } from './types';
import type { PushEntry } from './ledgerTypes';
import { invalidatePushData } from './queries';

const FINISHED_WITH_DATA = new Set(['succeeded', 'partial']);

/** Replaces a run in the snapshot; returns null when the snapshot must be re-read. */
export function patchSnapshot(snapshot: StatusSnapshot, run: Run): StatusSnapshot | null {
  const row = snapshot.integrations.find((s) => s.integration.id === run.integration_id);
  if (!row || !row.latest_run || row.latest_run.id !== run.id) return null;
  // A state change moves derived fields (busy, last fetched, counts): re-read those.
  if (row.latest_run.status !== run.status || row.latest_run.stuck !== run.stuck) return null;
  return {
    ...snapshot,
    integrations: snapshot.integrations.map((s) =>
      s === row ? { ...s, latest_run: run } : s,
    ),
    recent: snapshot.recent.map((r) => (r.id === run.id ? run : r)),
  };
}

export function applySyncEvent(qc: QueryClient, event: SyncEvent, lastSeq: number | null): void {
  const run = event.run;
  const gap = lastSeq !== null && event.seq !== lastSeq + 1;
  const current = qc.getQueryData<StatusSnapshot>(queryKeys.status);
  const patched = !gap && current ? patchSnapshot(current, run) : null;
  if (patched) {
    qc.setQueryData<StatusSnapshot>(queryKeys.status, { ...patched, seq: event.seq });
  } else {
    void qc.invalidateQueries({ queryKey: queryKeys.status });
  }
  qc.setQueryData<Run>(queryKeys.run(run.id), run);
  if (FINISHED_WITH_DATA.has(run.status)) {
    void qc.invalidateQueries({ queryKey: queryKeys.linesOf(run.integration_id) });
  }
}

function maxSeq(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** Subscribes to "sync:changed" and "workspace:changed" for the lifetime of the caller. */
export function useSyncEvents(): void {
  const qc = useQueryClient();
  const lastSeq = useRef<number | null>(null);

  useEffect(() => {
    const offSync = api.events.onSyncChanged((event) => {
      if (typeof event.seq !== 'number' || !event.run) return;
      const snapshotSeq = qc.getQueryData<StatusSnapshot>(queryKeys.status)?.seq ?? null;
      const known = maxSeq(lastSeq.current, snapshotSeq);
      // Already included in what we hold (Wails can deliver late): nothing to do.
      if (known !== null && event.seq <= known) return;
      applySyncEvent(qc, event, known);
      lastSeq.current = event.seq;
    });
    const offWorkspace = api.events.onWorkspaceChanged(() => {
      lastSeq.current = null;
      void qc.invalidateQueries();
    });
    return () => {
      offSync();
      offWorkspace();
    };
  }, [qc]);
}

// --- Activity Log, Costs, Sanity check, guided month (G2) ---

/**
 * Subscribes to "push:changed" for the lifetime of the caller. The event carries one outbox
 * entry; the ledger, costs, sanity check and month counts derive from several, so they are
 * re-read rather than patched (the outbox entry is patched at once for the strip).
 */
export function usePushEvents(): void {
  const qc = useQueryClient();
  useEffect(
    () =>
      api.pushes.onChanged((entry) => {
        if (typeof entry.id !== 'number') return;
        qc.setQueryData<PushEntry[]>(queryKeys.outbox, (list) =>
          list?.some((e) => e.id === entry.id) ? list.map((e) => (e.id === entry.id ? entry : e)) : list,
        );
        void invalidatePushData(qc);
      }),
    [qc],
  );
}
