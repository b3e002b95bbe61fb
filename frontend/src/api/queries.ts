// Server state hooks. Reads are queries; actions that carry no secrets are mutations.
// Actions that carry secrets (add, reset credentials) are plain async calls made by the
// dialogs, so the secrets never reach TanStack's mutation cache.
import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './queryKeys';
import type { IntegrationInput, Run, SyncMode, SyncRequest, SyncScope } from './types';
import type { LedgerQuery, MonthProgress, PushEntry } from './ledgerTypes';
import { isActiveStatus } from './types';

/** Status is re-read every 30 s as a safety net: the stuck flags depend on time. */
export const STATUS_POLL_MS = 30_000;
/** An open log of an active run is re-read this often (events also refresh it). */
export const ACTIVE_LOG_POLL_MS = 2_000;

// The first screen's reads, shared by their hooks and the head start that sends them before
// React has rendered (app/boot.ts).
export const workspaceInfoQuery = queryOptions({
  queryKey: queryKeys.workspace,
  queryFn: () => api.workspace.info(),
});

export const statusQuery = queryOptions({
  queryKey: queryKeys.status,
  queryFn: () => api.sync.status(),
  refetchInterval: STATUS_POLL_MS,
});

// The month's progress: the sidebar's and Sync Status's month cards, on the first screen too.
export const monthProgressQuery = queryOptions({
  queryKey: queryKeys.month,
  queryFn: () => api.month.progress(),
});

export function useWorkspaceInfo() {
  return useQuery(workspaceInfoQuery);
}

export function useStatus() {
  return useQuery(statusQuery);
}

export function useRun(runId: number | null) {
  return useQuery({
    queryKey: queryKeys.run(runId ?? 0),
    queryFn: () => api.sync.run(runId ?? 0),
    enabled: runId !== null,
    // Opening a log reads the run again: a copy cached while it ran (up to the default 5 s
    // ago) would show a finished run as running until the next poll.
    staleTime: 0,
    refetchInterval: (query) =>
      query.state.data && isActiveStatus(query.state.data.status) ? ACTIVE_LOG_POLL_MS : false,
  });
}

export function useLines(integrationId: number | null, includeHidden: boolean) {
  return useQuery({
    queryKey: queryKeys.lines(integrationId ?? 0, includeHidden),
    queryFn: () => api.data.lines(integrationId ?? 0, includeHidden),
    enabled: integrationId !== null,
  });
}

export function useIntegrations() {
  return useQuery({ queryKey: queryKeys.integrations, queryFn: () => api.integrations.list() });
}

export function useKinds() {
  return useQuery({
    queryKey: queryKeys.kinds,
    queryFn: () => api.integrations.kinds(),
    staleTime: Infinity,
  });
}

/** After anything that changes integrations: lists, status, workspace info, lines. */
export function invalidateIntegrationData(qc: QueryClient): Promise<void> {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.integrations }),
    qc.invalidateQueries({ queryKey: queryKeys.status }),
    qc.invalidateQueries({ queryKey: queryKeys.workspace }),
    qc.invalidateQueries({ queryKey: queryKeys.linesAll }),
  ]).then(() => undefined);
}

function useSyncMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.status }),
  });
}

export function useSyncAll() {
  return useSyncMutation((vars: { scope: SyncScope; mode: SyncMode }) =>
    api.sync.syncAll(vars.scope, vars.mode),
  );
}

export function useStartSync() {
  return useSyncMutation((req: SyncRequest) => api.sync.start(req));
}

export function useCancelRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runId: number) => api.sync.cancel(runId),
    onSettled: (_data, _err, runId) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.status }),
        qc.invalidateQueries({ queryKey: queryKeys.run(runId) }),
      ]),
  });
}

export function useRetryRun() {
  return useSyncMutation((runId: number): Promise<Run> => api.sync.retry(runId));
}

/** Edits without secrets (the edit dialog never sends secrets). */
export function useUpdateIntegration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (vars: { id: number; input: Omit<IntegrationInput, 'secrets'> }) =>
      api.integrations.update(vars.id, { ...vars.input, secrets: {} }),
    onSuccess: () => invalidateIntegrationData(qc),
  });
}

export function useDeleteIntegration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.integrations.remove(id),
    onSuccess: () => invalidateIntegrationData(qc),
  });
}

export function useTestConnection() {
  return useMutation({ mutationFn: (id: number) => api.integrations.test(id) });
}

export function useSwitchWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (target: 'demo' | 'own') =>
      target === 'demo' ? api.workspace.useDemo() : api.workspace.useOwn(),
    onSuccess: (info) => {
      qc.setQueryData(queryKeys.workspace, info);
      return qc.invalidateQueries();
    },
  });
}

/** Re-opens the demo on another PSA: every screen's data is another workspace's then. */
export function useChooseDemoPSA() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (kind: string) => api.workspace.useDemoPSA(kind),
    onSuccess: (info) => {
      qc.setQueryData(queryKeys.workspace, info);
      return qc.invalidateQueries();
    },
  });
}

// --- Activity Log, Costs, Sanity check, guided month (G2) ---

/**
 * What a push, a revert or a cost push changes: the ledger, the outbox, the costs, the
 * sanity check and the month's counts. "push:changed" and every push action call it.
 */
export function invalidatePushData(qc: QueryClient): Promise<void> {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.ledgerAll }),
    qc.invalidateQueries({ queryKey: queryKeys.outbox }),
    qc.invalidateQueries({ queryKey: queryKeys.costs }),
    qc.invalidateQueries({ queryKey: queryKeys.sanity }),
    qc.invalidateQueries({ queryKey: queryKeys.month }),
  ]).then(() => undefined);
}

export function useLedger(q: LedgerQuery) {
  return useQuery({
    queryKey: queryKeys.ledger(q),
    queryFn: () => api.pushes.ledger(q),
    // A new filter keeps the old rows on screen until its answer arrives (no flash).
    placeholderData: (previous) => previous,
  });
}

export function useOutbox() {
  return useQuery({ queryKey: queryKeys.outbox, queryFn: () => api.pushes.outbox() });
}

export function useSendNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.pushes.sendNow(),
    onSuccess: (entries: PushEntry[]) => {
      qc.setQueryData(queryKeys.outbox, entries);
    },
    onSettled: () => invalidatePushData(qc),
  });
}

/** Read fresh each time the dialog opens: it says what the PSA holds now. */
export function useRevertPreview(pushId: number) {
  return useQuery({
    queryKey: queryKeys.revertPreview(pushId),
    queryFn: () => api.pushes.revertPreview(pushId),
    staleTime: 0,
    gcTime: 0,
  });
}

export function useRevert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (vars: { pushId: number; confirmChanged: boolean }) =>
      api.pushes.revert(vars.pushId, vars.confirmChanged),
    onSettled: () => invalidatePushData(qc),
  });
}

export function useCosts() {
  return useQuery({ queryKey: queryKeys.costs, queryFn: () => api.costs.list() });
}

/** The dry run (the exact write) is a mutation too: it is asked for, not cached. */
export function usePushCost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (vars: { psaIntegrationId: number; productId: string; dryRun: boolean }) =>
      api.costs.push(vars.psaIntegrationId, vars.productId, vars.dryRun),
    onSettled: (_data, _err, vars) => (vars.dryRun ? undefined : invalidatePushData(qc)),
  });
}

export function useSanityCheck() {
  return useQuery({ queryKey: queryKeys.sanity, queryFn: () => api.costs.sanityCheck() });
}

export function useMonthProgress() {
  return useQuery(monthProgressQuery);
}

function useMonthMutation<TVars>(fn: (vars: TVars) => Promise<MonthProgress>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (progress) => {
      qc.setQueryData(queryKeys.month, progress);
    },
  });
}

export function useStartMonth() {
  return useMonthMutation(() => api.month.start());
}

export function useSetMonthStep() {
  return useMonthMutation((step: string) => api.month.setStep(step));
}
