import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '@/api/client';
import { trueupKeys } from '@/api/queryKeys';

export const invoiceKeys = {
  templates: ['invoice-templates'] as const,
  preview: (psaId: number, text: string) => ['invoice-preview', psaId, text] as const,
};

export function useInvoiceTemplates() {
  return useQuery({ queryKey: invoiceKeys.templates, queryFn: () => api.reconcile.invoiceTemplates() });
}

export function useSetInvoiceTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ psaId, text }: { psaId: number; text: string }) => api.reconcile.setInvoiceTemplate(psaId, text),
    onSuccess: (saved) => {
      qc.setQueryData(invoiceKeys.templates, saved);
      // The approve previews show the rendered description.
      void qc.invalidateQueries({ queryKey: trueupKeys.cardsAll });
    },
  });
}

/** The template as typed, rendered by Go for the next pushes; re-asked once typing pauses. */
export function useInvoicePreview(psaId: number, text: string, delayMs = 250) {
  const settled = useDebounced(text, delayMs);
  return useQuery({
    queryKey: invoiceKeys.preview(psaId, settled),
    queryFn: () => api.reconcile.previewInvoiceTemplate(psaId, settled),
    placeholderData: keepPreviousData,
  });
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(t);
  }, [value, delayMs]);
  return settled;
}
