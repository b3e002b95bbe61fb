// Server state of the Mapping and Reconcile screens. Every mapping change can move cards
// and the sidebar's unmapped counts, so mapping mutations invalidate both.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys, trueupKeys } from './queryKeys';
import type {
  AccountNoteInput,
  ApproveRequest,
  BulkApproveRequest,
  CardQuery,
  MappingKind,
  MapRequest,
  PushEntry,
  ReconcileSettings,
} from './trueupTypes';

/** Every vendor item of every vendor integration: the screen and the sidebar share it. */
export function useMappings() {
  return useQuery({ queryKey: trueupKeys.mappings(0), queryFn: () => api.mappings.list(0, false) });
}

/** What waits behind unmapped items, per vendor integration (the sidebar badge). */
export function useUnmappedCounts() {
  return useQuery({
    queryKey: trueupKeys.mappings(0),
    queryFn: () => api.mappings.list(0, false),
    select: (list) => list.unmapped,
  });
}

export function usePSAOptions(psaIntegrationId: number, kind: MappingKind, query: string, enabled: boolean) {
  return useQuery({
    queryKey: trueupKeys.psaOptions(psaIntegrationId, kind, query),
    queryFn: () => api.mappings.options(psaIntegrationId, kind, query),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** After a mapping or a note: mappings, counts, cards and the guided month are re-read. */
export function invalidateTrueup(qc: QueryClient): Promise<void> {
  return Promise.all([
    qc.invalidateQueries({ queryKey: trueupKeys.mappingsAll }),
    qc.invalidateQueries({ queryKey: trueupKeys.cardsAll }),
    qc.invalidateQueries({ queryKey: queryKeys.month }),
  ]).then(() => undefined);
}

/**
 * After a decision: the cards, and what the Activity Log, Sanity check and guided month
 * show (a dismissal or an acknowledgement is a ledger entry without a push event).
 */
export function invalidateDecisions(qc: QueryClient): Promise<void> {
  return Promise.all([
    qc.invalidateQueries({ queryKey: trueupKeys.cardsAll }),
    qc.invalidateQueries({ queryKey: queryKeys.ledgerAll }),
    qc.invalidateQueries({ queryKey: queryKeys.outbox }),
    qc.invalidateQueries({ queryKey: queryKeys.sanity }),
    qc.invalidateQueries({ queryKey: queryKeys.month }),
  ]).then(() => undefined);
}

export function useMapItem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: MapRequest) => api.mappings.map(req),
    onSettled: () => invalidateTrueup(qc),
  });
}

export function useAcceptExact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (integrationId: number) => api.mappings.acceptExact(integrationId),
    onSettled: () => invalidateTrueup(qc),
  });
}

export function useSetAccountNote() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountNoteInput) => api.mappings.setAccountNote(input),
    onSettled: () => invalidateTrueup(qc),
  });
}

/** The cards of a query; the previous answer stays on screen while a new filter loads. */
export function useCards(query: CardQuery) {
  return useQuery({
    queryKey: trueupKeys.cards(query),
    queryFn: () => api.reconcile.cards(query),
    placeholderData: keepPreviousData,
  });
}

export function useReconcileSettings() {
  return useQuery({ queryKey: trueupKeys.reconcileSettings, queryFn: () => api.reconcile.settings() });
}

export function useSetReconcileSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: ReconcileSettings) => api.reconcile.setSettings(s),
    onSuccess: (saved) => {
      qc.setQueryData(trueupKeys.reconcileSettings, saved);
      // Thresholds decide which cards are large changes.
      void qc.invalidateQueries({ queryKey: trueupKeys.cardsAll });
    },
  });
}

function useDecision<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => invalidateDecisions(qc) });
}

export function useApprove() {
  return useDecision((req: ApproveRequest) => api.reconcile.approve(req));
}

export function useBulkApprove() {
  return useDecision((req: BulkApproveRequest) => api.reconcile.bulkApprove(req));
}

export function useDismiss() {
  return useDecision((vars: { cardIds: string[]; note: string }) => api.reconcile.dismiss(vars.cardIds, vars.note));
}

export function useAcknowledge() {
  return useDecision((cardIds: string[]) => api.reconcile.acknowledge(cardIds));
}

/** The newest push entry per card, kept up to date by useTrueupEvents. */
export function useLivePushes(): Record<string, PushEntry> {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: trueupKeys.livePushes,
    queryFn: () => qc.getQueryData<Record<string, PushEntry>>(trueupKeys.livePushes) ?? {},
    staleTime: Infinity,
    initialData: {},
  });
  return q.data;
}
