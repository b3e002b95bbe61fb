import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@/api/client';
import type { LicenseList } from '@/api/aboutTypes';

export function useAbout() {
  return useQuery({ queryKey: ['about'], queryFn: () => api.about.info(), staleTime: Infinity });
}

export function useOpenDataFolder() {
  return useMutation({ mutationFn: () => api.about.openDataFolder() });
}

export function useExportDiagnostics() {
  return useMutation({ mutationFn: () => api.about.exportDiagnostics() });
}

// The list `make licenses` generates; a frontend built without it (vite dev on a fresh
// clone) finds no module here and the screen says how to generate it.
const generated = import.meta.glob<{ default: LicenseList }>('/src/generated/licenses.json');

/** The shipped packages' licences, loaded when the screen first asks (a few hundred KB). */
export function useLicenses() {
  return useQuery({
    queryKey: ['about', 'licenses'],
    staleTime: Infinity,
    queryFn: async (): Promise<LicenseList | null> => {
      const load = generated['/src/generated/licenses.json'];
      return load ? (await load()).default : null;
    },
  });
}
