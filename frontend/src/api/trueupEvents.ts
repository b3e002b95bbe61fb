// Keeps the true-up's server state in step with backend events: "push:changed" carries a
// PushEntry (the card's push state shown live, and the cards re-read once a push settles,
// since a pushed line moves its card to No Change); a finished sync changes what the cards
// and the unmapped counts are built from.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from './client';
import { trueupKeys } from './queryKeys';
import type { PushEntry } from './trueupTypes';

const SETTLED = new Set(['pushed', 'failed', 'conflict', 'reverted']);
const SYNC_FINISHED = new Set(['succeeded', 'partial']);

/** Records entry as its card's newest push (an older event never replaces a newer one). */
export function applyPushEvent(qc: QueryClient, entry: PushEntry): void {
  if (!entry.card_id) return;
  qc.setQueryData<Record<string, PushEntry>>(trueupKeys.livePushes, (prev = {}) => {
    const held = prev[entry.card_id];
    if (held && (held.id > entry.id || (held.id === entry.id && held.updated_at > entry.updated_at))) return prev;
    return { ...prev, [entry.card_id]: entry };
  });
  if (SETTLED.has(entry.state)) void qc.invalidateQueries({ queryKey: trueupKeys.cardsAll });
}

/** Subscribes for the lifetime of the caller (the app shell). */
export function useTrueupEvents(): void {
  const qc = useQueryClient();
  useEffect(() => {
    const offPush = api.pushes.onChanged((entry) => applyPushEvent(qc, entry));
    // Progress events come many a second: only a run's change of status re-reads.
    const statusOf = new Map<number, string>();
    const offSync = api.events.onSyncChanged((event) => {
      const run = event.run;
      if (!run || statusOf.get(run.id) === run.status) return;
      statusOf.set(run.id, run.status);
      // The cards carry sync_running and freshness: re-read when a run starts or ends.
      void qc.invalidateQueries({ queryKey: trueupKeys.cardsAll });
      if (SYNC_FINISHED.has(run.status)) void qc.invalidateQueries({ queryKey: trueupKeys.mappingsAll });
    });
    const offWorkspace = api.events.onWorkspaceChanged(() => {
      qc.setQueryData(trueupKeys.livePushes, {});
    });
    return () => {
      offPush();
      offSync();
      offWorkspace();
    };
  }, [qc]);
}
