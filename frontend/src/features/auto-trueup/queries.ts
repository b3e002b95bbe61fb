import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys, trueupKeys } from '@/api';
import type { AutoTrueUpEnable } from '@/api/autoTrueUpTypes';
import { api } from '@/api/client';

export const autoTrueUpKeys = {
  list: ['auto-trueup'] as const,
};

export function useAutoTrueUps() {
  return useQuery({ queryKey: autoTrueUpKeys.list, queryFn: () => api.autoTrueUp.list() });
}

/** Every change re-reads the panel; a run that pushed also changes the cards and the ledger. */
function useAutoMutation<A, R>(fn: (a: A) => Promise<R>, pushes: boolean) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: autoTrueUpKeys.list });
      if (pushes) {
        void qc.invalidateQueries({ queryKey: trueupKeys.cardsAll });
        void qc.invalidateQueries({ queryKey: queryKeys.ledgerAll });
        void qc.invalidateQueries({ queryKey: queryKeys.outbox });
      }
    },
  });
}

export const useEnableAutoTrueUp = () => useAutoMutation((req: AutoTrueUpEnable) => api.autoTrueUp.enable(req), false);
export const useDisableAutoTrueUp = () => useAutoMutation((id: number) => api.autoTrueUp.disable(id), false);
export const useDryRunAutoTrueUp = () =>
  useAutoMutation((a: { id: number; account: string }) => api.autoTrueUp.dryRun(a.id, a.account), false);
export const useApproveAutoPlan = () => useAutoMutation((id: number) => api.autoTrueUp.approvePlan(id), true);
export const useRunAutoTrueUpNow = () =>
  useAutoMutation((a: { id: number; account: string }) => api.autoTrueUp.runNow(a.id, a.account), true);

/** Chooses the agreement a customer's new lines go on, then (before the plan is approved)
 * runs the dry run again so the plan shows the line it now creates. */
export const useChooseAgreement = () =>
  useAutoMutation(async (c: { id: number; account: string; agreementId: string; dryRunAfter: boolean }) => {
    const s = await api.autoTrueUp.setAgreement(c.id, c.account, c.agreementId);
    if (c.dryRunAfter) await api.autoTrueUp.dryRun(c.id, '');
    return s;
  }, false);
