import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/api/client';

export const backupKeys = {
  list: ['backups', 'list'] as const,
  recovery: ['backups', 'recovery'] as const,
};

export function useBackups() {
  return useQuery({ queryKey: backupKeys.list, queryFn: () => api.backups.list() });
}

/** What Startup found: read once; a restore or an empty start clears it. */
export function useRecovery() {
  return useQuery({ queryKey: backupKeys.recovery, queryFn: () => api.backups.recovery(), staleTime: Infinity });
}

export function useBackupNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.backups.now(),
    onSuccess: () => qc.invalidateQueries({ queryKey: backupKeys.list }),
  });
}

/**
 * Restoring (or starting empty) reopens the workspace: every screen's data is re-read, as
 * after a workspace switch.
 */
export function useRestore() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (target: { name: string } | 'latest') =>
      target === 'latest' ? api.backups.restoreLatest() : api.backups.restore(target.name),
    onSuccess: () => qc.invalidateQueries(),
  });
}

export function useStartEmpty() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.backups.startEmpty(),
    onSuccess: () => qc.invalidateQueries(),
  });
}
