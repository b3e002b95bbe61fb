import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/api';
import { api } from '@/api/client';
import type { ScheduleInput } from '@/api/scheduleTypes';

export const scheduleKeys = {
  list: ['schedules', 'list'] as const,
  osTask: ['schedules', 'os-task'] as const,
};

export function useSchedules() {
  return useQuery({ queryKey: scheduleKeys.list, queryFn: () => api.schedules.show(1) });
}

/**
 * Saving a schedule returns every schedule; the OS task may now be stale and the Sync
 * Status rows show another next run, so both are re-read.
 */
export function useSetSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ScheduleInput) => api.schedules.set(input),
    onSuccess: (list) => {
      qc.setQueryData(scheduleKeys.list, list);
      void qc.invalidateQueries({ queryKey: scheduleKeys.osTask });
      void qc.invalidateQueries({ queryKey: queryKeys.status });
    },
  });
}

export function useOSTask() {
  return useQuery({ queryKey: scheduleKeys.osTask, queryFn: () => api.schedules.osTask() });
}

export function useOSTaskAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'register' | 'remove') =>
      action === 'register' ? api.schedules.registerOSTask() : api.schedules.removeOSTask(),
    onSuccess: (info) => qc.setQueryData(scheduleKeys.osTask, info),
  });
}
